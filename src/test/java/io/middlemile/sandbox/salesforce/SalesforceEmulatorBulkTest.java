package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator's Bulk API 2.0 jobs keep the real states, transitions, headers and error bodies. */
class SalesforceEmulatorBulkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOBS = "/services/data/v60.0/jobs/";
    private final HttpClient http = HttpClient.newHttpClient();
    private SalesforceEmulator sf;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sf = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults("cid", "csecret"), 0);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sf.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=cid&client_secret=csecret")).build(),
                HttpResponse.BodyHandlers.ofString());
        token = JSON.readTree(answer.body()).path("access_token").asText();
    }

    @AfterEach
    void stop() {
        sf.stop();
    }

    private HttpResponse<String> call(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sf.baseUrl() + path)).header("Authorization", "Bearer " + token);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void ingestJobGoesOpenUploadCompleteInProgressJobCompleteAndRefusesLateUploads() throws Exception {
        sf.setBulkJobDelay(Duration.ofMillis(300));
        JsonNode job = json(call("POST", JOBS + "ingest", "{\"object\":\"Lead\",\"operation\":\"insert\",\"contentType\":\"CSV\",\"lineEnding\":\"LF\"}",
                "application/json"));
        String id = job.path("id").asText();
        assertThat(job.path("state").asText()).isEqualTo("Open");
        assertThat(id).startsWith("750");

        HttpResponse<String> upload = call("PUT", JOBS + "ingest/" + id + "/batches", "LastName,Company\nOne,Acme\n,NoName\n", "text/csv");
        assertThat(upload.statusCode()).isEqualTo(201);
        HttpResponse<String> early = call("GET", JOBS + "ingest/" + id + "/successfulResults/", null, null);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early).get(0).path("errorCode").asText()).isEqualTo("INVALIDJOBSTATE");

        assertThat(json(call("PATCH", JOBS + "ingest/" + id, "{\"state\":\"UploadComplete\"}", "application/json")).path("state").asText())
                .isEqualTo("UploadComplete");
        HttpResponse<String> late = call("PUT", JOBS + "ingest/" + id + "/batches", "LastName,Company\nTwo,Acme\n", "text/csv");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).get(0).path("errorCode").asText()).isEqualTo("INVALIDJOBSTATE");
        assertThat(json(call("GET", JOBS + "ingest/" + id, null, null)).path("state").asText()).isEqualTo("InProgress");

        JsonNode done = null;
        for (int i = 0; i < 100; i++) {
            done = json(call("GET", JOBS + "ingest/" + id, null, null));
            if (!done.path("state").asText().equals("InProgress")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(done.path("state").asText()).isEqualTo("JobComplete");
        assertThat(done.path("numberRecordsProcessed").asInt()).isEqualTo(2);
        assertThat(done.path("numberRecordsFailed").asInt()).isEqualTo(1);

        HttpResponse<String> ok = call("GET", JOBS + "ingest/" + id + "/successfulResults/", null, null);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("text/csv");
        String leadId = sf.store().all("Lead").get(0).get("Id").toString();
        assertThat(ok.body()).isEqualTo("\"sf__Id\",\"sf__Created\",\"LastName\",\"Company\"\n\"" + leadId + "\",\"true\",\"One\",\"Acme\"\n");
        String failed = call("GET", JOBS + "ingest/" + id + "/failedResults/", null, null).body();
        assertThat(failed).startsWith("\"sf__Id\",\"sf__Error\",\"LastName\",\"Company\"\n").contains("REQUIRED_FIELD_MISSING").contains("NoName");
        assertThat(sf.store().count("Lead")).isEqualTo(1);
    }

    @Test
    void anUnknownColumnFailsTheWholeJobAndLeavesItsRowsUnprocessed() throws Exception {
        String id = json(call("POST", JOBS + "ingest", "{\"object\":\"Lead\",\"operation\":\"insert\"}", "application/json")).path("id").asText();
        call("PUT", JOBS + "ingest/" + id + "/batches", "LastName,Company,Favourite__c\nOne,Acme,teal\n", "text/csv");
        JsonNode job = json(call("PATCH", JOBS + "ingest/" + id, "{\"state\":\"UploadComplete\"}", "application/json"));
        assertThat(job.path("state").asText()).isEqualTo("Failed");
        assertThat(job.path("errorMessage").asText()).contains("Favourite__c");
        assertThat(call("GET", JOBS + "ingest/" + id + "/unprocessedrecords/", null, null).body()).contains("\"One\",\"Acme\",\"teal\"");
        assertThat(sf.store().count("Lead")).isZero();
    }

    @Test
    void upsertJobsNeedAnExternalIdFieldAndAbortedJobsStayAborted() throws Exception {
        HttpResponse<String> noKey = call("POST", JOBS + "ingest", "{\"object\":\"Contact\",\"operation\":\"upsert\"}", "application/json");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(json(noKey).get(0).path("errorCode").asText()).isEqualTo("INVALIDJOB");

        String id = json(call("POST", JOBS + "ingest", "{\"object\":\"Lead\",\"operation\":\"insert\"}", "application/json")).path("id").asText();
        assertThat(json(call("PATCH", JOBS + "ingest/" + id, "{\"state\":\"Aborted\"}", "application/json")).path("state").asText()).isEqualTo("Aborted");
        assertThat(call("PUT", JOBS + "ingest/" + id + "/batches", "LastName,Company\nOne,Acme\n", "text/csv").statusCode()).isEqualTo(409);
        assertThat(call("PATCH", JOBS + "ingest/" + id, "{\"state\":\"UploadComplete\"}", "application/json").statusCode()).isEqualTo(409);
    }

    @Test
    void queryJobResultsComeInLocatorSetsOnlyOnceTheJobIsComplete() throws Exception {
        sf.clock().freezeAt(Instant.parse("2024-03-01T09:00:00Z"));
        for (int i = 0; i < 5; i++) {
            sf.store().create("Lead", Map.of("LastName", "L" + i, "Company", "C, \"quoted\""));
        }
        sf.store().delete("Lead", sf.store().all("Lead").get(4).get("Id").toString());
        sf.setBulkJobDelay(Duration.ofMillis(200));

        JsonNode job = json(call("POST", JOBS + "query", "{\"operation\":\"queryAll\",\"query\":\"SELECT Id, Company, IsDeleted, SystemModstamp FROM Lead\"}",
                "application/json"));
        String id = job.path("id").asText();
        assertThat(job.path("state").asText()).isEqualTo("UploadComplete");
        assertThat(job.path("object").asText()).isEqualTo("Lead");
        HttpResponse<String> early = call("GET", JOBS + "query/" + id + "/results", null, null);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early).get(0).path("errorCode").asText()).isEqualTo("INVALIDJOBSTATE");

        String state = "";
        for (int i = 0; i < 100 && !state.equals("JobComplete"); i++) {
            Thread.sleep(20);
            state = json(call("GET", JOBS + "query/" + id, null, null)).path("state").asText();
        }
        assertThat(state).isEqualTo("JobComplete");

        HttpResponse<String> first = call("GET", JOBS + "query/" + id + "/results?maxRecords=3", null, null);
        assertThat(first.headers().firstValue("Sforce-NumberOfRecords")).hasValue("3");
        String locator = first.headers().firstValue("Sforce-Locator").orElseThrow();
        assertThat(locator).isNotEqualTo("null");
        assertThat(first.body()).startsWith("\"Id\",\"Company\",\"IsDeleted\",\"SystemModstamp\"\n")
                .contains("\"C, \"\"quoted\"\"\",\"false\",\"2024-03-01T09:00:00.000Z\"");
        HttpResponse<String> second = call("GET", JOBS + "query/" + id + "/results?maxRecords=3&locator=" + locator, null, null);
        assertThat(second.headers().firstValue("Sforce-NumberOfRecords")).hasValue("2");
        assertThat(second.headers().firstValue("Sforce-Locator")).hasValue("null");
        assertThat(second.body()).contains("\"true\"");

        HttpResponse<String> badQuery = call("POST", JOBS + "query", "{\"operation\":\"query\",\"query\":\"SELECT Nope__c FROM Lead\"}", "application/json");
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(json(badQuery).get(0).path("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(sf.requestCount("GET jobs/query/{id}/results")).isEqualTo(3);
    }
}

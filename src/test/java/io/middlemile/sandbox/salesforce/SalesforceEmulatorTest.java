package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator speaks the REST API's paths, bodies and failures. */
class SalesforceEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SalesforceEmulator sf;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sf = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults("cid", "csecret").withQueryBatchSize(3).withDailyApiLimit(1000), 0);
        token = JSON.readTree(post("/services/oauth2/token", "grant_type=client_credentials&client_id=cid&client_secret=csecret",
                "application/x-www-form-urlencoded", null).body()).path("access_token").asText();
    }

    @AfterEach
    void stop() {
        sf.stop();
    }

    @Test
    void tokenEndpointAndSessionCheck() throws Exception {
        HttpResponse<String> bad = post("/services/oauth2/token", "grant_type=client_credentials&client_id=cid&client_secret=nope",
                "application/x-www-form-urlencoded", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).isEqualTo("invalid_client");
        assertThat(token).startsWith("00D");

        HttpResponse<String> anonymous = send("GET", "/services/data/v60.0/limits", null, "not-a-session");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).get(0).path("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
    }

    @Test
    void queryPagesThroughNextRecordsUrlAndOnlyQueryAllSeesDeletedRows() throws Exception {
        sf.clock().freezeAt(Instant.parse("2024-03-01T09:00:00Z"));
        for (int i = 0; i < 7; i++) {
            sf.store().create("Lead", Map.of("LastName", "L" + i, "Company", "C"));
        }
        String deleted = (String) sf.store().all("Lead").get(0).get("Id");
        sf.store().delete("Lead", deleted);

        JsonNode page = JSON.readTree(get("/services/data/v60.0/query?q=" + q("SELECT Id, LastName FROM Lead ORDER BY Id")).body());
        assertThat(page.path("totalSize").asInt()).isEqualTo(6);
        assertThat(page.path("done").asBoolean()).isFalse();
        assertThat(page.path("records")).hasSize(3);
        assertThat(page.path("records").get(0).path("attributes").path("type").asText()).isEqualTo("Lead");
        String next = page.path("nextRecordsUrl").asText();
        assertThat(next).startsWith("/services/data/v60.0/query/01g");
        JsonNode second = JSON.readTree(get(next).body());
        assertThat(second.path("records")).hasSize(3);
        assertThat(second.path("done").asBoolean()).isTrue();

        JsonNode all = JSON.readTree(get("/services/data/v60.0/queryAll?q=" + q("SELECT Id, IsDeleted, SystemModstamp FROM Lead WHERE IsDeleted = true")).body());
        assertThat(all.path("totalSize").asInt()).isEqualTo(1);
        assertThat(all.path("records").get(0).path("Id").asText()).isEqualTo(deleted);
        assertThat(all.path("records").get(0).path("SystemModstamp").asText()).isEqualTo("2024-03-01T09:00:00.000+0000");
    }

    @Test
    void soqlSubsetWithTimestampTieBreakInListsAndParentheses() throws Exception {
        sf.clock().freezeAt(Instant.parse("2024-03-01T09:00:00Z"));
        for (int i = 0; i < 4; i++) {
            sf.store().create("Contact", Map.of("LastName", "C" + i));
        }
        sf.clock().advance(Duration.ofSeconds(1));
        sf.store().create("Contact", Map.of("LastName", "Later"));
        var ids = sf.store().all("Contact").stream().map(r -> (String) r.get("Id")).toList();
        String soql = "SELECT Id FROM Contact WHERE SystemModstamp > 2024-03-01T09:00:00Z OR (SystemModstamp = 2024-03-01T09:00:00.000+0000 "
                + "AND Id > '" + ids.get(1) + "') ORDER BY SystemModstamp ASC, Id ASC LIMIT 2";
        JsonNode page = JSON.readTree(get("/services/data/v60.0/queryAll?q=" + q(soql)).body());
        assertThat(page.path("records").findValuesAsText("Id")).containsExactly(ids.get(2), ids.get(3));
        JsonNode in = JSON.readTree(get("/services/data/v60.0/query?q=" + q("SELECT Id, LastName FROM Contact WHERE LastName IN ('c0', 'Later') AND NOT Id = '"
                + ids.get(0) + "'")).body());
        assertThat(in.path("records").findValuesAsText("LastName")).containsExactly("Later");
        HttpResponse<String> bad = get("/services/data/v60.0/query?q=" + q("SELECT Nope__c FROM Contact"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("INVALID_FIELD");
        assertThat(get("/services/data/v60.0/query?q=" + q("SELECT Id FROM Contact WHERE")).body()).contains("MALFORMED_QUERY");
    }

    @Test
    void collectionsCapAt200AndReportPerRecordErrors() throws Exception {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            records.append(i == 0 ? "" : ",").append("{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"L\",\"Company\":\"C\"}");
        }
        HttpResponse<String> tooMany = send("POST", "/services/data/v60.0/composite/sobjects", "{\"allOrNone\":false,\"records\":[" + records + "]}", token);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).get(0).path("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
        assertThat(sf.store().count("Lead")).isZero();

        HttpResponse<String> mixed = send("POST", "/services/data/v60.0/composite/sobjects", "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"A\",\"Company\":\"C\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"B\"}]}", token);
        JsonNode results = JSON.readTree(mixed.body());
        assertThat(mixed.statusCode()).isEqualTo(200);
        assertThat(results.get(0).path("success").asBoolean()).isTrue();
        assertThat(results.get(0).path("id").asText()).startsWith("00Q");
        assertThat(results.get(1).path("errors").get(0).path("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(1).path("errors").get(0).path("fields").get(0).asText()).isEqualTo("Company");

        HttpResponse<String> allOrNone = send("POST", "/services/data/v60.0/composite/sobjects", "{\"allOrNone\":true,\"records\":["
                + "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"A\",\"Company\":\"C\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"B\"}]}", token);
        assertThat(JSON.readTree(allOrNone.body()).get(0).path("errors").get(0).path("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(sf.store().count("Lead")).isEqualTo(1);

        HttpResponse<String> unknown = send("POST", "/services/data/v60.0/composite/sobjects",
                "{\"records\":[{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"A\",\"Company\":\"C\",\"Shoe_Size__c\":9}]}", token);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("INVALID_FIELD").contains("Shoe_Size__c");
    }

    @Test
    void upsertByExternalIdCreatesThenUpdates() throws Exception {
        sf.store().schema("Contact").addCustomField("Ext__c", SfFieldType.STRING, true);
        String body = "{\"allOrNone\":false,\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"Ext__c\":\"k1\",\"LastName\":\"One\"}]}";
        JsonNode first = JSON.readTree(send("PATCH", "/services/data/v60.0/composite/sobjects/Contact/Ext__c", body, token).body());
        JsonNode again = JSON.readTree(send("PATCH", "/services/data/v60.0/composite/sobjects/Contact/Ext__c", body, token).body());
        assertThat(first.get(0).path("created").asBoolean()).isTrue();
        assertThat(again.get(0).path("created").asBoolean()).isFalse();
        assertThat(again.get(0).path("id").asText()).isEqualTo(first.get(0).path("id").asText());
        assertThat(send("PATCH", "/services/data/v60.0/composite/sobjects/Contact/Email", body, token).statusCode()).isEqualTo(404);
    }

    @Test
    void limitHeaderAndDailyQuota() throws Exception {
        sf.setApiUsage(998);
        HttpResponse<String> ok = get("/services/data/v60.0/limits");
        assertThat(ok.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=999/1000");
        get("/services/data/v60.0/limits");
        HttpResponse<String> over = get("/services/data/v60.0/limits");
        assertThat(over.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(over.body()).get(0).path("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void concurrentRequestLimitIsTheSameErrorCodeWithItsOwnMessage() throws Exception {
        sf.concurrentLimitNext(1);
        HttpResponse<String> refused = get("/services/data/v60.0/limits");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get(0).path("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(JSON.readTree(refused.body()).get(0).path("message").asText())
                .isEqualTo("ConcurrentRequests (Concurrent API Requests) Limit exceeded.");
        assertThat(get("/services/data/v60.0/limits").statusCode()).isEqualTo(200);
    }

    @Test
    void requestsOverSixteenKilobytesOfUriAndHeadersAreRefusedAsSalesforceDoes() throws Exception {
        String path = "/services/data/v60.0/query?q=";
        String head = "SELECT Id FROM Account WHERE Name IN ";
        // 2,000 bytes of headers leave this much URI; 16,384 - 13 for "GET " and " HTTP/1.1"
        String fits = path + q(head + "('" + "株".repeat((12_000 - path.length() - 200) / 9) + "')");
        String tooLong = path + q(head + "('" + "株".repeat(16_400 / 9) + "')");
        assertThat(tooLong.length() + 13).isGreaterThan(16_384);

        assertThat(get(fits).statusCode()).as("12,000 bytes: served").isEqualTo(200);
        HttpResponse<String> uri = get(tooLong);
        assertThat(uri.statusCode()).isEqualTo(414);
        assertThat(uri.body()).contains("URI Too Long");

        HttpRequest padded = HttpRequest.newBuilder(URI.create(sf.baseUrl() + fits)).header("Authorization", "Bearer " + token)
                .header("X-Padding", "p".repeat(5_000)).GET().build();
        HttpResponse<String> headers = http.send(padded, HttpResponse.BodyHandlers.ofString());
        assertThat(headers.statusCode()).as("the same URI plus 5,000 bytes of headers").isEqualTo(431);
        assertThat(sf.requestCount("GET query")).as("refused before they reach the API").isEqualTo(1);
    }

    @Test
    void seedsFromCsvAndDescribesFields() throws Exception {
        int seeded = sf.seedCsv("Account", new StringReader("Id,Name,NumberOfEmployees,Website\n001X,Acme,120,acme.com\n,Globex,,\n"));
        assertThat(seeded).isEqualTo(2);
        assertThat(sf.store().all("Account").get(0)).containsEntry("NumberOfEmployees", 120).containsEntry("Name", "Acme");
        JsonNode describe = JSON.readTree(get("/services/data/v60.0/sobjects/Account/describe").body());
        assertThat(describe.path("fields").findValuesAsText("name")).contains("Name", "SystemModstamp", "BillingCity");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, token);
    }

    private HttpResponse<String> post(String path, String body, String type, String bearer) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sf.baseUrl() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sf.baseUrl() + path)).header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String soql) {
        return URLEncoder.encode(soql, StandardCharsets.UTF_8);
    }
}

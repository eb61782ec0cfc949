package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The v4 associations API of the emulator: shapes, maxima, both directions, merges, archives, seeding. */
class HubSpotAssociationsEmulatorTest {

    private static final String TOKEN = "pat-na1-emulator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(10_000, 10_000)
            .withSearchPerSecond(10_000), 0);
    private final EmulatorHttp client = new EmulatorHttp(emulator, TOKEN);

    @AfterEach
    void stop() {
        emulator.stop();
    }

    private long contact(String email) {
        return emulator.store().create("contacts", Map.of("email", email)).id;
    }

    private long company(String name) {
        return emulator.store().create("companies", Map.of("name", name)).id;
    }

    @Test
    void batchReadOf1001InputsIs400AndOf1000Is200() throws Exception {
        HttpResponse<String> tooMany = call("POST", "/crm/v4/associations/contacts/companies/batch/read", readBody(1001));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(tooMany.body());
        assertThat(error.path("status").asText()).isEqualTo("error");
        assertThat(error.path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("message").asText()).contains("1000");
        assertThat(error.path("correlationId").asText()).isNotBlank();
        assertThat(call("POST", "/crm/v4/associations/contacts/companies/batch/read", readBody(1000)).statusCode()).isEqualTo(200);
    }

    @Test
    void batchAssociateAbove2000InputsIs400() throws Exception {
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 2001; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"from\":{\"id\":\"").append(i).append("\"},\"to\":{\"id\":\"1\"}}");
        }
        HttpResponse<String> response = call("POST", "/crm/v4/associations/contacts/companies/batch/associate/default",
                "{\"inputs\":[" + inputs + "]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("category").asText()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void associateDefaultIsVisibleFromBothEndsWithHubSpotTypes() throws Exception {
        long ada = contact("ada@example.com");
        long acme = company("Acme");
        long globex = company("Globex");
        HttpResponse<String> made = call("POST", "/crm/v4/associations/contacts/companies/batch/associate/default",
                "{\"inputs\":[{\"from\":{\"id\":\"" + ada + "\"},\"to\":{\"id\":\"" + globex + "\"}},"
                        + "{\"from\":{\"id\":\"" + ada + "\"},\"to\":{\"id\":\"" + acme + "\"}}]}");
        assertThat(made.statusCode()).isEqualTo(200);
        JsonNode spec = JSON.readTree(made.body()).path("results").get(0);
        assertThat(spec.path("from").path("id").asText()).isEqualTo(Long.toString(ada));
        assertThat(spec.path("associationSpec").path("associationCategory").asText()).isEqualTo("HUBSPOT_DEFINED");
        assertThat(spec.path("associationSpec").path("associationTypeId").asInt()).isEqualTo(279);

        JsonNode read = JSON.readTree(call("POST", "/crm/v4/associations/contacts/companies/batch/read",
                "{\"inputs\":[{\"id\":\"" + ada + "\"}]}").body());
        JsonNode result = read.path("results").get(0);
        assertThat(result.path("from").path("id").asText()).isEqualTo(Long.toString(ada));
        // The first company associated became the primary one, listed first with types 1 (Primary) and 279.
        assertThat(result.path("to").get(0).path("toObjectId").asLong()).isEqualTo(globex);
        assertThat(result.path("to").get(0).path("associationTypes").findValuesAsText("typeId")).containsExactly("1", "279");
        assertThat(result.path("to").get(0).path("associationTypes").get(0).path("label").asText()).isEqualTo("Primary");
        assertThat(result.path("to").get(1).path("toObjectId").asLong()).isEqualTo(acme);
        assertThat(result.path("to").get(1).path("associationTypes").get(0).path("label").isNull()).isTrue();

        JsonNode back = JSON.readTree(call("GET", "/crm/v4/objects/companies/" + acme + "/associations/contacts", null).body());
        assertThat(back.path("results").get(0).path("toObjectId").asLong()).isEqualTo(ada);
        assertThat(back.path("results").get(0).path("associationTypes").get(0).path("typeId").asInt()).isEqualTo(280);
    }

    @Test
    void unknownIdIsAPerInputErrorWith207AndTheRestIsApplied() throws Exception {
        long ada = contact("ada@example.com");
        long acme = company("Acme");
        HttpResponse<String> response = call("POST", "/crm/v4/associations/contacts/companies/batch/associate/default",
                "{\"inputs\":[{\"from\":{\"id\":\"" + ada + "\"},\"to\":{\"id\":\"" + acme + "\"}},"
                        + "{\"from\":{\"id\":\"" + ada + "\"},\"to\":{\"id\":\"999999\"}}]}");
        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("numErrors").asInt()).isEqualTo(1);
        JsonNode error = body.path("errors").get(0);
        assertThat(error.path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("message").asText()).isEqualTo("One or more associations are invalid");
        assertThat(error.path("context").path("INVALID_OBJECT_IDS").get(0).asText()).isEqualTo("COMPANY=999999 is not valid");
        assertThat(error.path("context").path("objectId").get(0).asText()).isEqualTo("999999");
        assertThat(emulator.associations().associated("contacts", ada, "companies")).containsExactly(acme);

        HttpResponse<String> single = call("PUT", "/crm/v4/objects/contacts/" + ada + "/associations/default/companies/999999", null);
        assertThat(single.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(single.body()).path("context").path("INVALID_OBJECT_IDS").get(0).asText())
                .isEqualTo("COMPANY=999999 is not valid");
    }

    @Test
    void putDefaultAndBatchArchiveWorkFromEitherEnd() throws Exception {
        long ada = contact("ada@example.com");
        long acme = company("Acme");
        HttpResponse<String> put = call("PUT", "/crm/v4/objects/contact/" + ada + "/associations/default/company/" + acme, null);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(emulator.associations().associated("companies", acme, "contacts")).containsExactly(ada);

        HttpResponse<String> archive = call("POST", "/crm/v4/associations/companies/contacts/batch/archive",
                "{\"inputs\":[{\"from\":{\"id\":\"" + acme + "\"},\"to\":[{\"id\":\"" + ada + "\"}]}]}");
        assertThat(archive.statusCode()).isEqualTo(204);
        assertThat(emulator.associations().associated("contacts", ada, "companies")).isEmpty();
        assertThat(emulator.requestCount("POST associations/batch/archive")).isEqualTo(1);
    }

    @Test
    void batchReadPagesARecordWithManyAssociationsAndLeavesOutRecordsWithNone() throws Exception {
        emulator.associationPageSize(2);
        long ada = contact("ada@example.com");
        long bob = contact("bob@example.com");
        List<Long> companies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            companies.add(company("C" + i));
            emulator.associations().associate("contacts", ada, "companies", companies.get(i));
        }
        List<Long> seen = new ArrayList<>();
        String after = null;
        int calls = 0;
        do {
            String input = "{\"id\":\"" + ada + "\"" + (after == null ? "" : ",\"after\":\"" + after + "\"") + "}";
            JsonNode body = JSON.readTree(call("POST", "/crm/v4/associations/contacts/companies/batch/read",
                    "{\"inputs\":[" + input + ",{\"id\":\"" + bob + "\"}]}").body());
            assertThat(body.path("results")).hasSize(1); // bob has none: not listed
            JsonNode result = body.path("results").get(0);
            result.path("to").forEach(t -> seen.add(t.path("toObjectId").asLong()));
            after = result.path("paging").path("next").path("after").asText(null);
            calls++;
        } while (after != null);
        assertThat(calls).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(companies);
    }

    @Test
    void mergeMovesAssociationsToTheSurvivor() throws Exception {
        long survivor = contact("ada@example.com");
        long merged = contact("ada.old@example.com");
        long acme = company("Acme");
        long globex = company("Globex");
        emulator.associations().associate("contacts", survivor, "companies", acme);
        emulator.associations().associate("contacts", merged, "companies", globex);
        HttpResponse<String> response = call("POST", "/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + survivor + "\",\"objectIdToMerge\":\"" + merged + "\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator.associations().associated("contacts", survivor, "companies")).containsExactly(acme, globex);
        assertThat(emulator.associations().associated("companies", globex, "contacts")).containsExactly(survivor);
        assertThat(emulator.associations().associated("contacts", merged, "companies")).isEmpty();
    }

    @Test
    void archivedRecordsAssociationsAreNotReturned() throws Exception {
        long ada = contact("ada@example.com");
        long acme = company("Acme");
        long globex = company("Globex");
        emulator.associations().associate("contacts", ada, "companies", acme);
        emulator.associations().associate("contacts", ada, "companies", globex);
        emulator.store().archive("companies", acme);
        assertThat(emulator.associations().associated("contacts", ada, "companies")).containsExactly(globex);
        emulator.store().archive("contacts", ada);
        JsonNode body = JSON.readTree(call("POST", "/crm/v4/associations/contacts/companies/batch/read",
                "{\"inputs\":[{\"id\":\"" + ada + "\"}]}").body());
        assertThat(body.path("results")).isEmpty();
        assertThat(emulator.associations().associated("companies", globex, "contacts")).isEmpty();
    }

    @Test
    void associationCallsCountAgainstTheRateLimit() throws Exception {
        HubSpotEmulator limited = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(2, 60_000), 0);
        try {
            int statuses429 = 0;
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(limited.baseUrl()
                                + "/crm/v4/associations/contacts/companies/batch/read"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429) {
                    statuses429++;
                    assertThat(JSON.readTree(response.body()).path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
                }
            }
            assertThat(statuses429).isEqualTo(1);
        } finally {
            limited.stop();
        }
    }

    @Test
    void seedCsvAssociatesWithRecordsSeededBefore() {
        int companies = emulator.seedCsv("companies", new StringReader("name\nAcme\nGlobex\n"));
        assertThat(companies).isEqualTo(2);
        emulator.seedCsv("contacts", new StringReader("email,associations.companies\nada@example.com,1002;1001\nbob@example.com,\n"));
        long ada = emulator.store().findByUnique(emulator.store().type("contacts"), "ada@example.com").id;
        assertThat(emulator.associations().associated("contacts", ada, "companies")).containsExactly(1002L, 1001L);
        assertThatThrownBy(() -> emulator.seedCsv("contacts", new StringReader("email,associations.companies\ncy@example.com,4242\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4242").hasMessageContaining("seed companies first");
    }

    private static String readBody(int count) {
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < count; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"id\":\"").append(5000 + i).append("\"}");
        }
        return "{\"inputs\":[" + inputs + "]}";
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return client.call(method, path, body);
    }
}

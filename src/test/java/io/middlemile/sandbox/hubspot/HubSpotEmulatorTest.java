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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator is as strict as HubSpot: these are the failure modes a connector must meet. */
class HubSpotEmulatorTest {

    private static final String TOKEN = "pat-na1-emulator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(10_000, 10_000)
            .withSearchPerSecond(10_000), 0);

    @AfterEach
    void stop() {
        emulator.stop();
    }

    @Test
    void missingOrWrongTokenIs401() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/crm/v3/objects/contacts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        JsonNode body = JSON.readTree(none.body());
        assertThat(body.path("status").asText()).isEqualTo("error");
        assertThat(body.path("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        assertThat(body.path("correlationId").asText()).isNotBlank();
        assertThat(call("GET", "/crm/v3/objects/contacts", null, "Bearer wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void batchOf101InputsIs400() throws Exception {
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"idProperty\":\"email\",\"id\":\"p").append(i).append("@x.com\",\"properties\":{}}");
        }
        HttpResponse<String> response = call("POST", "/crm/v3/objects/contacts/batch/upsert", "{\"inputs\":[" + inputs + "]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("100");
        assertThat(emulator.store().count("contacts")).isZero();
    }

    @Test
    void searchLimitAbove200AndPagingPastTheCapAre400() throws Exception {
        assertThat(call("POST", "/crm/v3/objects/contacts/search", "{\"limit\":201}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/crm/v3/objects/contacts/search", "{\"limit\":200}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/crm/v3/objects/contacts/search", "{\"limit\":10,\"after\":\"10000\"}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/crm/v3/objects/contacts/search",
                "{\"sorts\":[{\"propertyName\":\"email\"},{\"propertyName\":\"firstname\"}]}").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/crm/v3/objects/contacts?limit=101", null).statusCode()).isEqualTo(400);
    }

    @Test
    void unknownPropertiesFailPerInputWith207() throws Exception {
        HttpResponse<String> response = call("POST", "/crm/v3/objects/contacts/batch/upsert", "{\"inputs\":["
                + "{\"idProperty\":\"email\",\"id\":\"a@x.com\",\"properties\":{\"firstname\":\"A\"}},"
                + "{\"idProperty\":\"email\",\"id\":\"b@x.com\",\"properties\":{\"shoe_size\":\"44\"}}]}");
        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("results")).hasSize(1);
        assertThat(body.path("numErrors").asInt()).isEqualTo(1);
        assertThat(body.path("errors").get(0).path("message").asText()).contains("PROPERTY_DOESNT_EXIST");
        // A create batch is all or nothing.
        HttpResponse<String> create = call("POST", "/crm/v3/objects/contacts/batch/create", "{\"inputs\":["
                + "{\"properties\":{\"email\":\"c@x.com\"}},{\"properties\":{\"shoe_size\":\"44\"}}]}");
        assertThat(create.statusCode()).isEqualTo(400);
        assertThat(emulator.store().count("contacts")).isEqualTo(1);
    }

    /** The owner property's refusal as HubSpot words it: 400 VALIDATION_ERROR, the invalid property INVALID_OPTION. */
    private static void assertOwnerRefused(JsonNode error, String value, String... allowed) throws Exception {
        assertThat(error.path("category").asText()).isEqualTo("VALIDATION_ERROR");
        String message = error.path("message").asText();
        assertThat(message).startsWith("Property values were not valid: [");
        JsonNode invalid = JSON.readTree(message.substring("Property values were not valid: ".length())).get(0);
        assertThat(invalid.path("isValid").asBoolean(true)).isFalse();
        assertThat(invalid.path("error").asText()).isEqualTo("INVALID_OPTION");
        assertThat(invalid.path("name").asText()).isEqualTo("hubspot_owner_id");
        assertThat(invalid.path("message").asText()).isEqualTo(value + " was not one of the allowed options: ["
                + String.join(", ", allowed) + "]");
    }

    @Test
    void anOwnerIdThePortalDoesNotHaveIsRefusedOnEveryWriteAndAnEmptyOneClearsTheOwner() throws Exception {
        String sam = emulator.seedOwner("sam@example.com", "Sam", "Lee", false);
        String tom = emulator.seedOwner("tom@example.com", "Tom", "Hale", true);

        HttpResponse<String> create = call("POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"a@x.com\",\"hubspot_owner_id\":\"4242\"}}");
        assertThat(create.statusCode()).isEqualTo(400);
        assertOwnerRefused(JSON.readTree(create.body()), "4242", sam, tom);
        assertThat(emulator.store().count("contacts")).isZero();

        // an owner's email is not an owner id either
        HttpResponse<String> byEmail = call("POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"a@x.com\",\"hubspot_owner_id\":\"sam@example.com\"}}");
        assertThat(byEmail.statusCode()).isEqualTo(400);

        HttpResponse<String> created = call("POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"a@x.com\",\"hubspot_owner_id\":\"" + sam + "\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asText();

        HttpResponse<String> patch = call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"hubspot_owner_id\":\"4242\"}}");
        assertThat(patch.statusCode()).isEqualTo(400);
        assertOwnerRefused(JSON.readTree(patch.body()), "4242", sam, tom);
        assertThat(emulator.store().get("contacts", Long.parseLong(id)).get("hubspot_owner_id")).isEqualTo(sam);

        // a deactivated user's owner id is still an owner id of the portal
        assertThat(call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"hubspot_owner_id\":\"" + tom + "\"}}")
                .statusCode()).isEqualTo(200);
        // "" clears the owner
        assertThat(call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"hubspot_owner_id\":\"\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(emulator.store().get("contacts", Long.parseLong(id)).get("hubspot_owner_id")).isNull();
    }

    @Test
    void batchesReportAnUnknownOwnerAsHubSpotDoes() throws Exception {
        String sam = emulator.seedOwner("sam@example.com", "Sam", "Lee", false);
        // a create batch is all or nothing: one unknown owner fails it whole with 400
        HttpResponse<String> create = call("POST", "/crm/v3/objects/contacts/batch/create", "{\"inputs\":["
                + "{\"properties\":{\"email\":\"a@x.com\",\"hubspot_owner_id\":\"" + sam + "\"}},"
                + "{\"properties\":{\"email\":\"b@x.com\",\"hubspot_owner_id\":\"4242\"}}]}");
        assertThat(create.statusCode()).isEqualTo(400);
        assertOwnerRefused(JSON.readTree(create.body()), "4242", sam);
        assertThat(emulator.store().count("contacts")).isZero();

        // update and upsert batches fail per input: 207 with the refusal in errors[]
        HttpResponse<String> upsert = call("POST", "/crm/v3/objects/contacts/batch/upsert", "{\"inputs\":["
                + "{\"idProperty\":\"email\",\"id\":\"a@x.com\",\"properties\":{\"hubspot_owner_id\":\"" + sam + "\"}},"
                + "{\"idProperty\":\"email\",\"id\":\"b@x.com\",\"properties\":{\"hubspot_owner_id\":\"4242\"}}]}");
        assertThat(upsert.statusCode()).isEqualTo(207);
        JsonNode upserted = JSON.readTree(upsert.body());
        assertThat(upserted.path("results")).hasSize(1);
        assertThat(upserted.path("numErrors").asInt()).isEqualTo(1);
        assertOwnerRefused(upserted.path("errors").get(0), "4242", sam);
        assertThat(emulator.store().count("contacts")).isEqualTo(1);

        long a = emulator.store().idOf("contacts", "email", "a@x.com");
        HttpResponse<String> update = call("POST", "/crm/v3/objects/contacts/batch/update", "{\"inputs\":["
                + "{\"id\":\"" + a + "\",\"properties\":{\"hubspot_owner_id\":\"4242\"}}]}");
        assertThat(update.statusCode()).isEqualTo(207);
        assertOwnerRefused(JSON.readTree(update.body()).path("errors").get(0), "4242", sam);
        assertThat(emulator.store().get("contacts", a).get("hubspot_owner_id")).isEqualTo(sam);
    }

    @Test
    void aSeedFileKeepsTheOwnerIdsOfThePortalItWasExportedFrom() {
        // an export holds the owners its records had, some gone since; the samples seed contacts without their owners
        emulator.seedCsv("contacts", new StringReader("email,hubspot_owner_id\nold@x.com,71004\n"));
        assertThat(emulator.store().get("contacts", emulator.store().idOf("contacts", "email", "old@x.com")).get("hubspot_owner_id"))
                .isEqualTo("71004");
    }

    @Test
    void rateLimitsAnswer429WithHubSpotsBodyAndHeaders() throws Exception {
        emulator.stop();
        emulator = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(3, 10_000).withDailyLimit(5), 0);
        HttpResponse<String> first = call("GET", "/crm/v3/objects/contacts", null);
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Max")).contains("3");
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Remaining")).contains("2");
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")).contains("10000");
        assertThat(first.headers().firstValue("X-HubSpot-RateLimit-Daily-Remaining")).contains("4");
        call("GET", "/crm/v3/objects/contacts", null);
        call("GET", "/crm/v3/objects/contacts", null);
        HttpResponse<String> limited = call("GET", "/crm/v3/objects/contacts", null);
        assertThat(limited.statusCode()).isEqualTo(429);
        JsonNode body = JSON.readTree(limited.body());
        assertThat(body.path("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(body.path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        // Search is exempt from the burst window and has no rate-limit headers, but counts for the day.
        HttpResponse<String> search = call("POST", "/crm/v3/objects/contacts/search", "{}");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.headers().firstValue("X-HubSpot-RateLimit-Max")).isEmpty();
        call("POST", "/crm/v3/objects/contacts/search", "{}");
        HttpResponse<String> daily = call("POST", "/crm/v3/objects/contacts/search", "{}");
        assertThat(daily.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(daily.body()).path("policyName").asText()).isEqualTo("DAILY");
    }

    @Test
    void searchRateLimitIsSecondly() throws Exception {
        emulator.stop();
        emulator = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withSearchPerSecond(2), 0);
        call("POST", "/crm/v3/objects/contacts/search", "{}");
        call("POST", "/crm/v3/objects/contacts/search", "{}");
        HttpResponse<String> limited = call("POST", "/crm/v3/objects/contacts/search", "{}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).path("policyName").asText()).isEqualTo("SECONDLY");
    }

    @Test
    void everyWriteStampsLastModifiedAndTiesAreNotInIdOrder() throws Exception {
        Instant t = Instant.parse("2024-01-01T00:00:00.123Z");
        emulator.clock().freezeAt(t);
        for (int i = 0; i < 30; i++) {
            emulator.store().create("contacts", Map.of("email", "t" + i + "@x.com"));
        }
        JsonNode page = JSON.readTree(call("POST", "/crm/v3/objects/contacts/search",
                "{\"limit\":30,\"sorts\":[{\"propertyName\":\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
                        + "\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\",\"operator\":\"EQ\",\"value\":\""
                        + t.toEpochMilli() + "\"}]}]}").body());
        assertThat(page.path("total").asInt()).isEqualTo(30);
        List<Long> ids = new ArrayList<>();
        page.path("results").forEach(r -> {
            ids.add(r.path("id").asLong());
            assertThat(r.path("properties").path("lastmodifieddate").asText()).isEqualTo("2024-01-01T00:00:00.123Z");
        });
        assertThat(ids).isNotEqualTo(ids.stream().sorted().toList());
        emulator.clock().advance(Duration.ofMillis(7));
        String id = Long.toString(ids.get(0));
        JsonNode updated = JSON.readTree(call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"firstname\":\"Z\"}}").body());
        assertThat(updated.path("properties").path("lastmodifieddate").asText()).isEqualTo("2024-01-01T00:00:00.130Z");
    }

    @Test
    void mergedAwayIdsAnswerWithTheSurvivor() throws Exception {
        List<String> ids = seedContacts("email,firstname,phone\nkeep@x.com,Keep,\ngone@x.com,Gone,+1 555 0100\n");
        String keep = ids.get(0);
        String gone = ids.get(1);
        JsonNode merged = JSON.readTree(mergeContacts(keep, gone).body());
        assertThat(merged.path("properties").path("hs_merged_object_ids").asText()).isEqualTo(gone);
        JsonNode read = JSON.readTree(call("POST", "/crm/v3/objects/contacts/batch/read",
                "{\"inputs\":[{\"id\":\"" + gone + "\"}],\"properties\":[\"phone\",\"email\"],\"propertiesWithHistory\":[]}").body());
        assertThat(read.path("results").get(0).path("id").asText()).isEqualTo(keep);
        assertThat(read.path("results").get(0).path("properties").path("phone").asText()).isEqualTo("+1 555 0100");
        assertThat(emulator.store().count("contacts")).isEqualTo(1);
        HttpResponse<String> missing = call("POST", "/crm/v3/objects/contacts/batch/read",
                "{\"inputs\":[{\"id\":\"424242\"},{\"id\":\"" + keep + "\"}],\"properties\":[],\"propertiesWithHistory\":[]}");
        assertThat(missing.statusCode()).isEqualTo(207);
        assertThat(JSON.readTree(missing.body()).path("errors").get(0).path("context").path("ids").get(0).asText()).isEqualTo("424242");
    }

    @Test
    void aMergedAwayContactsAddressStaysWithTheSurvivorAndCannotStartANewContact() throws Exception {
        List<String> ids = seedContacts("email\nkeep@x.com\ngone@x.com\nearlier@x.com\n");
        String keep = ids.get(0);
        String gone = ids.get(1);
        String earlier = ids.get(2);
        mergeContacts(gone, earlier);
        mergeContacts(keep, gone);
        JsonNode read = JSON.readTree(call("GET", "/crm/v3/objects/contacts/" + keep + "?properties=hs_additional_emails", null).body());
        assertThat(read.path("properties").path("hs_additional_emails").asText()).isEqualTo("gone@x.com;earlier@x.com");

        // one by one, in a create batch (all or nothing), and as an upsert's create: each is answered with the survivor
        for (String email : List.of("gone@x.com", "EARLIER@x.com")) {
            HttpResponse<String> created = call("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"" + email + "\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(409);
            assertThat(JSON.readTree(created.body()).path("message").asText()).isEqualTo("Contact already exists. Existing ID: " + keep);
        }
        HttpResponse<String> batch = call("POST", "/crm/v3/objects/contacts/batch/create",
                "{\"inputs\":[{\"properties\":{\"email\":\"new@x.com\"}},{\"properties\":{\"email\":\"gone@x.com\"}}]}");
        assertThat(batch.statusCode()).isEqualTo(409);
        HttpResponse<String> upsert = call("POST", "/crm/v3/objects/contacts/batch/upsert",
                "{\"inputs\":[{\"idProperty\":\"email\",\"id\":\"gone@x.com\",\"properties\":{\"firstname\":\"G\"}}]}");
        assertThat(JSON.readTree(upsert.body()).path("errors").get(0).path("message").asText())
                .isEqualTo("Contact already exists. Existing ID: " + keep);
        assertThat(emulator.store().count("contacts")).isEqualTo(1);

        // once the survivor is archived, the address is free again
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + keep, null).statusCode()).isEqualTo(204);
        assertThat(call("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"gone@x.com\"}}").statusCode())
                .isEqualTo(201);
    }

    @Test
    void twoContactsIncludedIn250MergesCombinedCannotBeMerged() throws Exception {
        CrmStore store = emulator.store();
        long keep = store.create("contacts", Map.of("email", "keep@x.com")).id;
        for (int i = 0; i < 248; i++) {
            store.merge("contacts", keep, store.create("contacts", Map.of("email", "m" + i + "@x.com")).id);
        }
        long other = store.create("contacts", Map.of("email", "other@x.com")).id;
        store.merge("contacts", other, store.create("contacts", Map.of("email", "earlier@x.com")).id);
        long fresh = store.create("contacts", Map.of("email", "fresh@x.com")).id;

        // 248 merges and none: allowed, and keep has been in 249; with other's one, 250: refused
        assertThat(mergeContacts(keep, fresh).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = mergeContacts(keep, other);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("250 merges combined").contains("at most 250");
        assertThat(store.get("contacts", other)).as("nothing merged").isNotNull();
        assertThat(store.count("contacts")).isEqualTo(2);
    }

    @Test
    void archivedRecordsLeaveSearchAndAppearInTheArchivedList() throws Exception {
        emulator.seedCsv("contacts", new StringReader("email\na@x.com\nb@x.com\n"));
        String id = JSON.readTree(call("GET", "/crm/v3/objects/contacts?limit=1", null).body()).path("results").get(0).path("id").asText();
        assertThat(call("POST", "/crm/v3/objects/contacts/batch/archive", "{\"inputs\":[{\"id\":\"" + id + "\"}]}").statusCode()).isEqualTo(204);
        assertThat(JSON.readTree(call("POST", "/crm/v3/objects/contacts/search", "{}").body()).path("total").asInt()).isEqualTo(1);
        JsonNode archived = JSON.readTree(call("GET", "/crm/v3/objects/contacts?archived=true", null).body());
        assertThat(archived.path("results").get(0).path("id").asText()).isEqualTo(id);
        assertThat(archived.path("results").get(0).path("archived").asBoolean()).isTrue();
        assertThat(archived.path("results").get(0).path("archivedAt").asText()).isNotBlank();
    }

    /** Seeds contacts from CSV text and returns their ids in the order of the rows, as the list endpoint gives them. */
    private List<String> seedContacts(String csv) throws Exception {
        emulator.seedCsv("contacts", new StringReader(csv));
        List<String> ids = new ArrayList<>();
        JSON.readTree(call("GET", "/crm/v3/objects/contacts?limit=10", null).body()).path("results")
                .forEach(result -> ids.add(result.path("id").asText()));
        return ids;
    }

    /** POST /crm/v3/objects/contacts/merge (https://developers.hubspot.com/docs/api/crm/contacts): {@code toMerge} into {@code primary}. */
    private HttpResponse<String> mergeContacts(Object primary, Object toMerge) throws Exception {
        return call("POST", "/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + toMerge + "\"}");
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, "Bearer " + TOKEN);
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).header("Authorization", authorization);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}

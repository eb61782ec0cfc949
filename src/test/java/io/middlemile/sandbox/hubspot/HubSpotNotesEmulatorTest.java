package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator's notes: required hs_timestamp, inline associations on create, reads, and the v4 view of those associations. */
class HubSpotNotesEmulatorTest {

    private static final String TOKEN = "pat-na1-emulator";
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static String association(long toId, int typeId) {
        return "{\"to\":{\"id\":\"" + toId + "\"},\"types\":[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":" + typeId + "}]}";
    }

    @Test
    void aNoteCreatedWithAContactAssociationIsOnTheContactFromBothEnds() throws Exception {
        long ada = contact("ada@example.com");
        long acme = emulator.store().create("companies", Map.of("name", "Acme")).id;
        String owner = emulator.seedOwner("sam@example.com", "Sam", "Lee", false); // a note's owner is one of the portal's
        HttpResponse<String> created = call("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_note_body\":\"Replied: interested\","
                + "\"hs_timestamp\":\"1700000000000\",\"hubspot_owner_id\":\"" + owner + "\"},\"associations\":["
                + association(ada, 202) + "," + association(acme, 190) + "]}");
        assertThat(created.statusCode()).isEqualTo(201);
        String note = JSON.readTree(created.body()).path("id").asText();

        JsonNode read = JSON.readTree(call("GET", "/crm/v3/objects/notes/" + note + "?properties=hs_note_body,hs_timestamp,hubspot_owner_id",
                null).body());
        assertThat(read.path("properties").path("hs_note_body").asText()).isEqualTo("Replied: interested");
        assertThat(read.path("properties").path("hs_timestamp").asText()).isEqualTo("2023-11-14T22:13:20.000Z"); // epoch ms, read back as ISO
        assertThat(read.path("properties").path("hubspot_owner_id").asText()).isEqualTo(owner);

        JsonNode toContacts = JSON.readTree(call("GET", "/crm/v4/objects/notes/" + note + "/associations/contacts", null).body());
        assertThat(toContacts.path("results").get(0).path("toObjectId").asLong()).isEqualTo(ada);
        assertThat(toContacts.path("results").get(0).path("associationTypes").get(0).path("typeId").asInt()).isEqualTo(202);
        JsonNode fromContact = JSON.readTree(call("POST", "/crm/v4/associations/contacts/notes/batch/read",
                "{\"inputs\":[{\"id\":\"" + ada + "\"}]}").body());
        JsonNode onContact = fromContact.path("results").get(0).path("to").get(0);
        assertThat(onContact.path("toObjectId").asText()).isEqualTo(note);
        assertThat(onContact.path("associationTypes").get(0).path("typeId").asInt()).isEqualTo(201);
        assertThat(emulator.associations().associated("notes", Long.parseLong(note), "companies")).containsExactly(acme);
    }

    @Test
    void aNoteWithoutHsTimestampIsRefusedLikeHubSpotAndNothingIsCreated() throws Exception {
        long ada = contact("ada@example.com");
        HttpResponse<String> single = call("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_note_body\":\"no time\"},"
                + "\"associations\":[" + association(ada, 202) + "]}");
        assertThat(single.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(single.body());
        assertThat(error.path("status").asText()).isEqualTo("error");
        assertThat(error.path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("message").asText()).isEqualTo("Error creating NOTE.  Some required properties were not set.");
        assertThat(error.path("context").path("properties").get(0).asText()).isEqualTo("hs_timestamp");
        assertThat(error.path("correlationId").asText()).isNotBlank();

        HttpResponse<String> batch = call("POST", "/crm/v3/objects/notes/batch/create", "{\"inputs\":["
                + "{\"properties\":{\"hs_note_body\":\"fine\",\"hs_timestamp\":\"2024-01-15T10:30:00.000Z\"}},"
                + "{\"properties\":{\"hs_note_body\":\"no time\"}}]}");
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(emulator.store().count("notes")).isZero(); // a batch create is all or nothing
        assertThat(emulator.associations().associated("contacts", ada, "notes")).isEmpty();
    }

    @Test
    void aMalformedTimestampIsAnInvalidPropertyValue() throws Exception {
        HttpResponse<String> response = call("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_note_body\":\"x\",\"hs_timestamp\":\"2024-01-15\"}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("INVALID_LONG").contains("hs_timestamp");
    }

    @Test
    void anUnknownAssociationTypeOrAMissingContactFailsTheCreate() throws Exception {
        long ada = contact("ada@example.com");
        HttpResponse<String> badType = call("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_timestamp\":\"1700000000000\"},"
                + "\"associations\":[" + association(ada, 279) + "]}"); // 279 is contact→company, not a note's type
        assertThat(badType.statusCode()).isEqualTo(400);
        JsonNode typeError = JSON.readTree(badType.body());
        assertThat(typeError.path("subCategory").asText()).isEqualTo("crm.associations.INVALID_ASSOCIATION_TYPE");
        assertThat(typeError.path("message").asText()).isEqualTo("279 is not a valid association type between NOTE and COMPANY");
        assertThat(typeError.path("context").path("fromObjectType").get(0).asText()).isEqualTo("NOTE");

        HttpResponse<String> unknownType = call("POST", "/crm/v3/objects/notes", "{\"properties\":{\"hs_timestamp\":\"1700000000000\"},"
                + "\"associations\":[" + association(ada, 99_999) + "]}");
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownType.body()).path("message").asText()).isEqualTo("99999 is not a valid association type for NOTE");

        HttpResponse<String> missing = call("POST", "/crm/v3/objects/notes/batch/create", "{\"inputs\":[{\"properties\":"
                + "{\"hs_timestamp\":\"1700000000000\"},\"associations\":[" + association(ada, 202) + "]},{\"properties\":"
                + "{\"hs_timestamp\":\"1700000000000\"},\"associations\":[" + association(424_242, 202) + "]}]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode missingError = JSON.readTree(missing.body());
        assertThat(missingError.path("message").asText()).isEqualTo("One or more associations are invalid");
        assertThat(missingError.path("context").path("INVALID_OBJECT_IDS").get(0).asText()).isEqualTo("CONTACT=424242 is not valid");
        assertThat(emulator.store().count("notes")).isZero();
    }

    @Test
    void notesAreReadByBatchReadAndSearch() throws Exception {
        long ada = contact("ada@example.com");
        JsonNode created = JSON.readTree(call("POST", "/crm/v3/objects/notes/batch/create", "{\"inputs\":["
                + "{\"properties\":{\"hs_note_body\":\"first\",\"hs_timestamp\":\"2024-01-15T10:30:00Z\"},\"associations\":[" + association(ada, 202) + "]},"
                + "{\"properties\":{\"hs_note_body\":\"second\",\"hs_timestamp\":\"2024-01-16T10:30:00.000Z\"},\"associations\":["
                + association(ada, 202) + "]}]}").body());
        assertThat(created.path("results")).hasSize(2);
        String first = created.path("results").get(0).path("id").asText();
        String second = created.path("results").get(1).path("id").asText();

        JsonNode batch = JSON.readTree(call("POST", "/crm/v3/objects/notes/batch/read", "{\"inputs\":[{\"id\":\"" + first + "\"},{\"id\":\""
                + second + "\"}],\"properties\":[\"hs_note_body\"]}").body());
        assertThat(batch.path("results")).extracting(r -> r.path("properties").path("hs_note_body").asText())
                .containsExactlyInAnyOrder("first", "second");

        JsonNode found = JSON.readTree(call("POST", "/crm/v3/objects/notes/search", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":"
                + "\"hs_note_body\",\"operator\":\"EQ\",\"value\":\"second\"}]}],\"properties\":[\"hs_note_body\",\"hs_timestamp\"]}").body());
        assertThat(found.path("total").asInt()).isEqualTo(1);
        assertThat(found.path("results").get(0).path("id").asText()).isEqualTo(second);
        assertThat(emulator.associations().associated("contacts", ada, "notes"))
                .containsExactly(Long.parseLong(first), Long.parseLong(second));
        assertThat(emulator.associations().all("notes", Long.parseLong(first))).containsEntry("contacts", List.of(ada));
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return client.call(method, path, body);
    }
}

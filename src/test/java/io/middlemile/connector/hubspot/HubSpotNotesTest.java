package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.middlemile.connector.Providers;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notes written through the connector's ordinary write path ({@code RecordSink.upsert}): a record keyed {@code new:<id>}
 * is created, never matched, and its {@code associations.contacts} goes inline in the create (type 202). Against stubs
 * answering with the shapes of HubSpot's notes guide and batch-create reference, and once against the emulator with the
 * sample workspace's declaration of the object.
 */
class HubSpotNotesTest {

    private static final String CREATE = "/crm/v3/objects/notes/batch/create";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private static ConnectorConfig config(String baseUrl) {
        Map<String, ObjectConfig> objects = new LinkedHashMap<>();
        objects.put("contacts", new ObjectConfig("hs_object_id", "lastmodifieddate", HubSpotTestSupport.CONTACT_FIELDS));
        objects.put("notes", new ObjectConfig("hs_object_id", "hs_lastmodifieddate", List.of("hs_note_body", "hs_timestamp",
                "hubspot_owner_id"), List.of("contacts")));
        return new ConnectorConfig("hubspot-test", "hubspot", "stubbed portal", null, baseUrl,
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, null, null, null, null, null), objects, null);
    }

    private HubSpotConnector connector(ConnectorConfig config) {
        return new HubSpotConnector("hubspot-test", config, Map.of("HUBSPOT_TOKEN", HubSpotTestSupport.TOKEN),
                HubSpotSettings.defaults(config.baseUrl()).withRequestsPer10s(1_000_000).withMaxAttempts(1));
    }

    /** One note for contact {@code contactId}, as the outreach write-back hands it to the sink. */
    static TargetRecord note(String contactId, String body, String timestamp) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("hs_note_body", body);
        fields.put("hs_timestamp", timestamp);
        fields.put("associations.contacts", contactId);
        return new TargetRecord("notes", TargetRecord.placeholder(UUID.randomUUID()), fields,
                new SourceRef("instantly", "events", "evt-" + body.hashCode()));
    }

    private static String created(String id, String body) {
        return """
                {"id":"%s","properties":{"hs_createdate":"2024-01-15T10:30:01.120Z","hs_lastmodifieddate":"2024-01-15T10:30:01.120Z",
                 "hs_note_body":"%s","hs_object_id":"%s","hs_timestamp":"2024-01-15T10:30:00Z"},
                 "createdAt":"2024-01-15T10:30:01.120Z","updatedAt":"2024-01-15T10:30:01.120Z","archived":false}""".formatted(id, body, id);
    }

    @Test
    void notesAreCreatedInOneBatchWithTheirContactInlineAndNothingElseIsCalled() throws Exception {
        wm.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"COMPLETE\",\"results\":[" + created("512", "Replied") + "," + created("513", "Bounced") + "],"
                        + "\"startedAt\":\"2024-01-15T10:30:01.100Z\",\"completedAt\":\"2024-01-15T10:30:01.130Z\"}")));

        List<WriteOutcome> outcomes = connector(config(wm.baseUrl())).upsert("notes", List.of(
                note("101", "Replied", "2024-01-15T10:30:00Z"), note("102", "Bounced", "1705314600000")));

        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes).extracting(WriteOutcome::targetId).containsExactly("512", "513");
        List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).hasSize(1); // no upsert, no search for a match, no v4 association call after the create
        JsonNode inputs = JSON.readTree(all.get(0).getBodyAsString()).path("inputs");
        assertThat(inputs).hasSize(2);
        JsonNode first = inputs.get(0);
        assertThat(first.path("properties").path("hs_note_body").asText()).isEqualTo("Replied");
        assertThat(first.path("properties").path("hs_timestamp").asText()).isEqualTo("2024-01-15T10:30:00Z");
        assertThat(first.path("properties").has("associations.contacts")).isFalse();
        assertThat(first.path("associations")).hasSize(1);
        assertThat(first.path("associations").get(0).path("to").path("id").asText()).isEqualTo("101");
        JsonNode type = first.path("associations").get(0).path("types").get(0);
        assertThat(type.path("associationCategory").asText()).isEqualTo("HUBSPOT_DEFINED");
        assertThat(type.path("associationTypeId").asInt()).isEqualTo(202);
        assertThat(inputs.get(1).path("associations").get(0).path("to").path("id").asText()).isEqualTo("102");
    }

    @Test
    void aNoteHubSpotRefusesIsRejectedWithWhatHubSpotNamedAndTheOthersAreWritten() {
        // The whole batch is refused (400) when one input lacks hs_timestamp; the writer resends one by one.
        String missing = "{\"status\":\"error\",\"message\":\"Error creating NOTE.  Some required properties were not set.\","
                + "\"correlationId\":\"ff0fc45f-9d29-4102-adca-62117c000042\",\"context\":{\"properties\":[\"hs_timestamp\"]},"
                + "\"category\":\"VALIDATION_ERROR\"}";
        wm.stubFor(post(urlPathEqualTo(CREATE)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.inputs[?(@.properties.hs_note_body == 'No time')]"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(missing)));
        wm.stubFor(post(urlPathEqualTo(CREATE)).atPriority(2).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"COMPLETE\",\"results\":[" + created("512", "Replied")
                        + "],\"startedAt\":\"2024-01-15T10:30:01.100Z\",\"completedAt\":\"2024-01-15T10:30:01.130Z\"}")));
        TargetRecord noTime = note("102", "No time", null); // a null field is not sent

        List<WriteOutcome> outcomes = connector(config(wm.baseUrl())).upsert("notes", List.of(note("101", "Replied", "1705314600000"), noTime));

        assertThat(outcomes.get(0).status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(0).targetId()).isEqualTo("512");
        assertThat(outcomes.get(1).status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(1).reason()).contains("Some required properties were not set").contains("properties: hs_timestamp");
        wm.verify(3, postRequestedFor(urlPathEqualTo(CREATE)));
    }

    @Test
    void aNoteKeyedByANaturalKeyOrWithAMalformedContactIdIsRejectedWithoutACall() {
        TargetRecord natural = new TargetRecord("notes", "evt-42", Map.of("hs_note_body", "x", "hs_timestamp", "1705314600000",
                "associations.contacts", "101"), new SourceRef("instantly", "events", "evt-42"));
        TargetRecord badContact = note("ada@example.com", "Replied", "1705314600000");

        HubSpotConnector hubspot = connector(config(wm.baseUrl()));
        List<WriteOutcome> outcomes = hubspot.upsert("notes", List.of(natural, badContact));

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(0).reason()).contains("no unique property to upsert by");
        assertThat(outcomes.get(1).reason()).contains("associations.contacts").contains("ada@example.com").contains("Nothing was created");
        assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        // a rollback that re-creates an archived note keeps its content (HubSpot-managed hs_ properties are left out)
        assertThat(hubspot.providerManaged("notes", "hs_note_body")).isFalse();
        assertThat(hubspot.providerManaged("notes", "hs_timestamp")).isFalse();
        assertThat(hubspot.providerManaged("notes", "hs_object_id")).isTrue();
    }

    @Test
    void theSampleWorkspacesNotesWriteANoteOnAContactInTheEmulator() {
        ConnectorConfig sample = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(TestWorkspaces.BUNDLED)
                .orThrow().connectors().get("hubspot-sandbox");
        assertThat(sample.objects().get("notes").associations()).containsExactly("contacts");
        HubSpotEmulator emulator = HubSpotTestSupport.emulator();
        try {
            ConnectorConfig config = new ConnectorConfig("hubspot-sandbox", "hubspot", sample.description(), null, emulator.baseUrl(),
                    sample.auth(), sample.objects(), null);
            HubSpotConnector hubspot = new HubSpotConnector("hubspot-sandbox", config, Map.of("HUBSPOT_SANDBOX_TOKEN", HubSpotTestSupport.TOKEN),
                    HubSpotTestSupport.fastSettings(emulator));
            emulator.store().create("contacts", Map.of("email", "ada@example.com"));
            long ada = emulator.store().idOf("contacts", "email", "ada@example.com");

            List<WriteOutcome> outcomes = hubspot.upsert("notes", List.of(note(Long.toString(ada), "Replied: send me the deck",
                    "2024-01-15T10:30:00Z")));

            assertThat(outcomes.get(0).status()).isEqualTo(WriteOutcome.Status.WRITTEN);
            long noteId = Long.parseLong(outcomes.get(0).targetId());
            assertThat(emulator.store().get("notes", noteId)).containsEntry("hs_note_body", "Replied: send me the deck")
                    .containsEntry("hs_timestamp", "2024-01-15T10:30:00.000Z");
            assertThat(emulator.associations().associated("contacts", ada, "notes")).containsExactly(noteId);
            // read back through the connector, as the governed path's before-image would
            assertThat(hubspot.snapshot("notes", List.of(Long.toString(noteId))).get(Long.toString(noteId)))
                    .containsEntry("associations.contacts", List.of(Long.toString(ada)));
            assertThat(hubspot.describe().objects().get("notes")).contains("hs_note_body", "hs_timestamp", "associations.contacts");

            TargetRecord onNobody = note("999999", "Orphan", "2024-01-15T10:30:00Z");
            WriteOutcome rejected = hubspot.upsert("notes", List.of(onNobody)).get(0);
            assertThat(rejected.status()).isEqualTo(WriteOutcome.Status.REJECTED);
            assertThat(rejected.reason()).contains("CONTACT=999999 is not valid");
            assertThat(emulator.store().count("notes")).isEqualTo(1); // no note left on no contact
        } finally {
            emulator.stop();
        }
    }
}

package io.middlemile.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.govern.KillSwitch;
import io.middlemile.match.MatchIndexes;
import io.middlemile.store.ControlStore;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An AI agent on the running engine through MCP over HTTP, with the SDK's own client: the actor is the agent's token,
 * its proposals are decided by the policy rules for agents (auto written and journaled under its name, review parked
 * with its reason, deny refused with the rule), its cap halts a proposal, and the agents' kill switch stops it alone.
 */
class AgentGatewayTest {

    private static final String AGENT_TOKEN = "agent-token-for-the-hygiene-bot";
    private static final String PERSON_TOKEN = "person-token-for-ana-at-revops";
    private static final String ROUTER_TOKEN = "agent-token-for-the-router-bot";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;

    private static ConfigurableApplicationContext engine;
    private static String base;
    private static McpSyncClient agent;
    private static EngineLauncherAccess.Emulated providers;
    /** The campaign of the bundled outreach/outbound.yaml. */
    private static final String CAMPAIGN = "0199a1c2-5b7e-7d3a-9f10-3c5e8d2b4a61";
    private static io.middlemile.sandbox.instantly.InstantlyEmulator instantly;

    @BeforeAll
    static void serve() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Path connector = workspace.resolve("connectors/clean-contacts.yaml");
        Files.writeString(connector, Files.readString(connector) + """
                policy:
                  rules:
                    - {actor: "agent:*", field: phone, decision: deny}
                    - {actor: "agent:*", field: jobtitle, decision: review}
                    - {actor: "agent:hygiene-bot", field: country, decision: auto}
                    - {actor: "agent:hygiene-bot", field: owner_email, decision: auto}
                    - {actor: "agent:*", decision: review}
                  caps:
                    - {actor: "agent:*", action: update, perRun: 2}
                """);
        // agents' lookups at Crustdata wait for a person; at FullEnrich and Apollo a rule lets them spend at once (without one,
        // the policy's auto default would be a person's decision for an agent)
        Path crustdata = workspace.resolve("connectors/crustdata.yaml");
        Files.writeString(crustdata, Files.readString(crustdata) + """
                policy:
                  rules:
                    - {actor: "agent:*", action: spend, decision: review}
                """);
        for (String provider : List.of("fullenrich", "apollo")) {
            Path file = workspace.resolve("connectors/" + provider + ".yaml");
            Files.writeString(file, Files.readString(file) + """
                    policy:
                      rules:
                        - {actor: "agent:*", action: spend, decision: auto}
                    """);
        }
        // a contact with a business email and no job title, for enrich_record
        Path legacy = workspace.resolve("samples/contacts.csv");
        Files.writeString(legacy, Files.readString(legacy).stripTrailing()
                + "\n1997,Jim,Halpert,jim@dundermifflin.com,,Dunder Mifflin,dundermifflin.com,,US,2024-03-07T16:45:00Z\n");
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("delay: 3600000", "delay: 3600000\n        initialDelay: 3600000"));
        Cli.Result imported = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        // two leads the import gave no owner (its rules give everyone one), for assign_owner
        Path clean = workspace.resolve("out/contacts-clean.csv");
        Files.writeString(clean, Files.readString(clean).stripTrailing()
                + "\n2001,raj.kumar@globex.io,Rajesh,Kumar,,,Globex GmbH,globex.io,Software Engineer II,,,DE,2024-02-28T08:00:00Z,"
                + "\n2002,annamaria@initech.nl,Anna-Maria,van der Berg,,,Initech B.V.,initech.nl,Chief Revenue Officer,,,NL,"
                + "2024-01-15T12:00:00Z,\n");
        // leads whose owner field holds the CRM's owner id (as hubspot_owner_id does), and the owners' ids in that CRM
        Files.writeString(workspace.resolve("connectors/crm-leads.yaml"), """
                type: csv
                description: Leads whose owner column holds the CRM's owner id
                csv:
                  file: samples/crm-leads.csv
                objects:
                  leads:
                    id: id
                    fields: [id, email, company, owner_id]
                policy:
                  rules:
                    - {actor: "agent:hygiene-bot", field: owner_id, decision: auto}
                """);
        Files.writeString(workspace.resolve("samples/crm-leads.csv"), "id,email,company,owner_id\n3001,ines@globex.io,Globex GmbH,\n");
        Files.writeString(workspace.resolve("mappings/crm-leads.yaml"), """
                connector: crm-leads
                object: leads
                entity: person
                fields:
                  - {canonical: email, source: email}
                  - {canonical: companyName, source: company}
                  - {canonical: ownerId, source: owner_id}
                """);
        Path owners = workspace.resolve("assign/owners.yaml");
        Files.writeString(owners, Files.readString(owners).replace("email: emil@example.com}", "email: emil@example.com, crmId: \"71006\"}"));
        // the match index find_records asks, as `middlemile dedupe` saves it
        Cli.Result dedupe = Cli.run("dedupe", "contacts", "--workspace", workspace.toString());
        assertThat(dedupe.exitCode()).as(dedupe.out() + dedupe.err()).isZero();

        System.setProperty("MIDDLEMILE_API_TOKENS", "ana@revops=" + PERSON_TOKEN + ",agent:hygiene-bot=" + AGENT_TOKEN
                + ",agent:router-bot=" + ROUTER_TOKEN);
        System.setProperty("server.port", "0");
        // the enrichment providers of the sample waterfall, emulated as `job run enrich-contacts --sandbox` emulates them
        providers = EngineLauncherAccess.rehearse(workspace, "enrich-contacts");
        Map<String, Object> properties = new java.util.LinkedHashMap<>(providers.properties());
        // the outreach channels open (no call is made: the bundled policy parks every send an agent asks for)
        properties.put("middlemile.sandbox.env.INSTANTLY_API_KEY", "instantly-test-key");
        instantly = io.middlemile.sandbox.instantly.InstantlyEmulator.start("instantly-test-key", 0);
        instantly.addCampaign(CAMPAIGN, "Q4");
        properties.put("middlemile.sandbox.base-url.instantly", instantly.apiBaseUrl());
        properties.put("middlemile.sandbox.env.UNIPILE_API_KEY", "unipile-test-key");
        engine = EngineLauncherAccess.serve(workspace, properties);
        engine.getBean(MatchIndexes.class).load("contacts");
        base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port");
        agent = McpClient.sync(HttpClientStreamableHttpTransport.builder(base)
                        .customizeRequest(request -> request.header("Authorization", "Bearer " + AGENT_TOKEN)).build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        agent.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.closeGracefully();
        }
        if (engine != null) {
            engine.close();
        }
        if (providers != null) {
            providers.close();
        }
        if (instantly != null) {
            instantly.stop();
        }
        System.clearProperty("MIDDLEMILE_API_TOKENS");
        System.clearProperty("server.port");
    }

    @Test
    void onlyAnAgentsTokenReachesTheGatewayAndItReachesNothingElse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
        HttpResponse<String> anonymous = http.send(post(base + "/mcp", initialize).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> person = http.send(post(base + "/mcp", initialize).header("Authorization", "Bearer " + PERSON_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> agentOnApi = http.send(HttpRequest.newBuilder(URI.create(base + "/api/reviews"))
                .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(person.statusCode()).isEqualTo(403);
        assertThat(person.body()).contains("agent:NAME=<token>");
        assertThat(agentOnApi.statusCode()).isEqualTo(403);
        assertThat(agentOnApi.body()).contains("agent:hygiene-bot").contains("only the agent gateway");

        // stateless streamable HTTP: the answer is the JSON body itself, with no session to carry or to take over
        HttpResponse<String> hello = http.send(post(base + "/mcp", initialize).header("Authorization", "Bearer " + AGENT_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(hello.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(hello.body()).contains("\"serverInfo\"").contains("\"name\":\"middlemile\"");

        assertThat(agent.listTools().tools()).extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrder("find_records", "get_record", "propose_update", "enrich_record", "assign_owner", "enroll",
                        "explain_decision", "quality_findings");

        // the body cap stands in front of the gateway as of every endpoint
        HttpResponse<String> huge = http.send(post(base + "/mcp", "{\"x\":\"" + "a".repeat(2_000_000) + "\"}")
                .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
    }

    @Test
    void theSameToolsAnswerOverRestForAgentsThatDoNotSpeakMcp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String ask = "{\"connection\":\"clean-contacts\",\"object\":\"contacts\",\"field\":\"phone\"}";
        HttpResponse<String> rest = http.send(post(base + "/api/actions/explain_decision", ask)
                .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> person = http.send(post(base + "/api/actions/explain_decision", ask)
                .header("Authorization", "Bearer " + PERSON_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(post(base + "/api/actions/send_email", "{}")
                .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        JsonNode viaMcp = answer(call("explain_decision", Map.of("connection", "clean-contacts", "object", "contacts", "field", "phone")));
        assertThat(JSON.readTree(rest.body())).isEqualTo(viaMcp);
        assertThat(person.statusCode()).isEqualTo(403);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("GET /api/actions lists them");

        // the OpenAPI document describes each action with the tool's own description and argument schema
        HttpResponse<String> openapi = http.send(HttpRequest.newBuilder(URI.create(base + "/api/openapi"))
                .header("Authorization", "Bearer " + PERSON_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(openapi.statusCode()).as(openapi.body()).isEqualTo(200);
        JsonNode paths = JSON.readTree(openapi.body()).path("paths");
        assertThat(paths.has("/api/actions/{tool}")).isFalse();
        for (McpSchema.Tool tool : agent.listTools().tools()) {
            JsonNode post = paths.path("/api/actions/" + tool.name()).path("post");
            assertThat(post.path("description").asText()).as(tool.name()).isEqualTo(tool.description());
            JsonNode schema = post.path("requestBody").path("content").path("application/json").path("schema");
            assertThat(JSON.convertValue(schema.path("properties"), Map.class).keySet()).as(tool.name())
                    .isEqualTo(tool.inputSchema().properties().keySet());
        }
        assertThat(stream(paths.path("/api/actions/enrich_record").path("post").path("requestBody").path("content")
                .path("application/json").path("schema").path("required")).map(JsonNode::asText))
                .containsExactlyInAnyOrder("waterfall", "connection", "object", "key");
    }

    @Test
    void aMessageTheMcpServerCannotReadIsAnsweredWithAJsonRpcErrorNotAJavaStackTrace() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // the token is still checked before the body is read
        HttpResponse<String> anonymous = http.send(post(base + "/mcp", "not json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        record Case(String body, int status, int code, String id, String says) {
        }
        String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
        List<Case> cases = List.of(
                new Case("not json", 400, -32700, "null", "Parse error: the body is not JSON (Unrecognized token 'not'"),
                new Case("{\"jsonrpc\":\"2.0\",\"id\":1,", 400, -32700, "null", "Parse error: the body is not JSON"),
                new Case("{}", 400, -32600, "null", "Invalid Request: \"jsonrpc\" must be \"2.0\"; got nothing"),
                new Case("[]", 400, -32600, "null", "a JSON array (a batch), which this gateway does not take"),
                new Case("[" + list + "]", 400, -32600, "null", "a JSON array (a batch)"),
                new Case("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}", 400, -32600, "null",
                        "\"id\" must be text or a whole number; got null"),
                new Case("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"get_record\",\"arguments\":\"x\"}}",
                        200, -32602, "7", "\"arguments\" of tools/call must be a JSON object of the tool's arguments"),
                new Case("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}", 200, -32602,
                        "\"a\"", "tools/call needs \"name\""),
                new Case("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"initialize\",\"params\":{\"capabilities\":\"x\"}}", 200, -32602,
                        "8", "\"params.capabilities\" of initialize is not of the kind MCP's schema has there"),
                new Case("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/list\"}", 200, -32601, "9",
                        "this gateway answers initialize, ping, tools/call, tools/list, not \"resources/list\""));
        for (Case c : cases) {
            HttpResponse<String> refused = http.send(post(base + "/mcp", c.body()).header("Authorization", "Bearer " + AGENT_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(c.body() + " -> " + refused.body()).isEqualTo(c.status());
            JsonNode answer = JSON.readTree(refused.body());
            assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(answer.path("id").toString()).as(c.body()).isEqualTo(c.id());
            assertThat(answer.path("error").path("code").asInt()).as(c.body()).isEqualTo(c.code());
            assertThat(answer.path("error").path("message").asText()).as(c.body()).contains(c.says());
            assertThat(refused.body()).as(c.body()).hasSizeLessThan(1000).doesNotContain("stackTrace").doesNotContain("java.")
                    .doesNotContain("io.modelcontextprotocol").doesNotContain("Exception").doesNotContain("Source:");
        }

        // MCP's headers: said with the request's id, in the same plain form
        HttpResponse<String> noAccept = http.send(HttpRequest.newBuilder(URI.create(base + "/mcp")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + AGENT_TOKEN).POST(HttpRequest.BodyPublishers.ofString(list)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noAccept.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noAccept.body()).path("id").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(noAccept.body()).path("error").path("message").asText())
                .contains("send the header Accept: application/json, text/event-stream").contains("it came with none");
        assertThat(noAccept.body()).doesNotContain("stackTrace");

        // a well-formed request still reaches the SDK and is answered by it
        HttpResponse<String> tools = http.send(post(base + "/mcp", list).header("Authorization", "Bearer " + AGENT_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tools.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(tools.body()).path("result").path("tools").size()).isEqualTo(8);
        HttpResponse<String> notification = http.send(post(base + "/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notification.statusCode()).isEqualTo(202);
    }

    @Test
    void aProposedValueIsTextANumberOrTrueOrFalseAndAnythingElseIsRefusedInWords() throws Exception {
        String csv = Files.readString(workspace.resolve("out/contacts-clean.csv"));
        int journaled = engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "1009", 100).size();

        // an object was written to the CRM as Java's "{a=1}"
        McpSchema.CallToolResult object = call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                "records", List.of(Map.of("key", "1009", "fields", Map.of("country", Map.of("a", 1)))), "reason", "x"));
        assertThat(object.isError()).isTrue();
        assertThat(text(object)).isEqualTo("records[0] (key 1009): field \"country\" is an object; a field's new value must be"
                + " text, a number or true/false. Nothing was done.");

        String propose = "{\"connection\":\"clean-contacts\",\"object\":\"contacts\",\"reason\":\"x\",\"records\":";
        Map<String, String> refusals = Map.of(
                "[{\"key\":\"1009\",\"fields\":{\"country\":[\"Chile\"]}}]",
                "records[0] (key 1009): field \"country\" is a list; a field's new value must be text, a number or true/false.",
                "[{\"key\":\"1009\",\"fields\":{\"country\":null}}]",
                "records[0] (key 1009): field \"country\" is null. Give its new value as text, a number or true/false, or \"\" to"
                        + " clear the field.",
                "{\"key\":\"1009\"}",
                "\"records\" must be a list of records, e.g. [{\"key\": \"1001\", \"fields\": {\"jobtitle\": \"VP Sales\"}}]; got an object.",
                "[{\"key\":\"1009\",\"field\":{\"country\":\"Chile\"}}]",
                "records[0] has [field], which a record does not take; a record is {\"key\": ..., \"fields\": {...}}.",
                "[{\"key\":{\"id\":1},\"fields\":{\"country\":\"Chile\"}}]",
                "records[0] needs \"key\", the record's id as text; got an object.",
                "[\"1009\"]",
                "records[0] must be an object {\"key\": ..., \"fields\": {...}}; got the text \"1009\".");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(post(base + "/api/actions/propose_update",
                    propose + refusal.getKey() + "}").header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").asText()).as(refusal.getKey()).startsWith(refusal.getValue());
        }
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).isEqualTo(csv);
        assertThat(engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "1009", 100)).hasSize(journaled);

        // "" clears a field, as the schema says; a number is written as the number
        JsonNode cleared = answer(call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                "records", List.of(Map.of("key", 1009, "fields", Map.of("country", ""))), "reason", "not known")));
        assertThat(cleared.path("records").get(0).path("status").asText()).as(cleared.toString()).isEqualTo("written");
        assertThat(answer(call("get_record", Map.of("connection", "clean-contacts", "object", "contacts", "key", "1009")))
                .path("fields").path("country").asText()).isEmpty();
    }

    @Test
    void explainDecisionRefusesAnIdThatIsNotAWholeNumberAndAnUnknownActionInWords() throws Exception {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("{\"journal_entry\":\"abc\"}", "\"journal_entry\" must be a whole number, e.g. 42; got the text \"abc\"");
        refusals.put("{\"review_id\":\"7\"}", "\"review_id\" must be a whole number, e.g. 42; got the text \"7\"");
        refusals.put("{\"journal_entry\":true}", "\"journal_entry\" must be a whole number, e.g. 42; got true");
        refusals.put("{\"review_id\":99999999999999999999}", "\"review_id\" must be a whole number, e.g. 42; got"
                + " 99999999999999999999, which is beyond any id");
        refusals.put("{\"review_id\":1.5}", "\"review_id\" must be a whole number, e.g. 42; got 1.5");
        refusals.put("{\"action\":\"bogus\",\"connection\":\"clean-contacts\",\"object\":\"contacts\",\"field\":\"phone\"}",
                "\"action\" is \"bogus\", which is not a write action; it is one of create, update, merge, archive, send, spend");
        refusals.put("{\"connection\":[\"clean-contacts\"],\"object\":\"contacts\",\"field\":\"phone\"}",
                "\"connection\" must be text (a JSON string); got a list");
        refusals.put("{}", "Ask about one thing: review_id (a parked proposal), journal_entry (a journaled write), or connection");
        // the body itself, read without Jackson's words
        refusals.put("{\"review_id\": 1,", "The body is not JSON (Unexpected end-of-input");
        refusals.put("[]", "The body is an empty list []; send explain_decision's arguments as one JSON object");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(post(base + "/api/actions/explain_decision", refusal.getKey())
                    .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refusal.getKey() + " -> " + refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").asText()).as(refusal.getKey()).startsWith(refusal.getValue())
                    .doesNotContain("java").doesNotContain("Source:").doesNotContain("There is no review");
        }

        McpSchema.CallToolResult overMcp = call("explain_decision", Map.of("journal_entry", "abc"));
        assertThat(overMcp.isError()).isTrue();
        assertThat(text(overMcp)).isEqualTo("\"journal_entry\" must be a whole number, e.g. 42; got the text \"abc\"");
        // a whole number written as a float is still that number
        McpSchema.CallToolResult asFloat = call("explain_decision", Map.of("review_id", 99999999.0));
        assertThat(text(asFloat)).isEqualTo("There is no review #99999999");
    }

    @Test
    void aCallNamingOneRecordTwiceIsRefusedBeforeAnythingIsDecided() throws Exception {
        String csv = Files.readString(workspace.resolve("out/contacts-clean.csv"));
        JournalStore journal = engine.getBean(JournalStore.class);
        int journaled = journal.ofRecord("clean-contacts", "contacts", "1008", 100).size();
        long parked = engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.recordKey().equals("1008")).count();

        // both entries were written, journaled with the same before-image, the last one standing; a key given as a number
        // is the same record as the key given as text
        McpSchema.CallToolResult twice = call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                "records", List.of(Map.of("key", "1008", "fields", Map.of("country", "Chile")),
                        Map.of("key", 1008, "fields", Map.of("jobtitle", "Head of RevOps"))), "reason", "two looks at one record"));
        assertThat(twice.isError()).isTrue();
        assertThat(text(twice)).isEqualTo("\"records\" names the same record of clean-contacts/contacts more than once: key 1008"
                + " (records[0], records[1]). Send one entry per record, with all its new values in one \"fields\" object (merge the"
                + " fields). Nothing was done.");

        HttpResponse<String> refused = HttpClient.newHttpClient().send(post(base + "/api/actions/propose_update",
                "{\"connection\":\"clean-contacts\",\"object\":\"contacts\",\"reason\":\"x\",\"records\":["
                        + "{\"key\":\"1008\",\"fields\":{\"country\":\"Chile\"}},{\"key\":\"1010\",\"fields\":{\"country\":\"Peru\"}},"
                        + "{\"key\":\"1008\",\"fields\":{\"country\":\"Chile\"}},{\"key\":\"1010\",\"fields\":{\"country\":\"Peru\"}}]}")
                .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).startsWith("\"records\" names the same record of"
                + " clean-contacts/contacts more than once: key 1008 (records[0], records[2]); key 1010 (records[1], records[3]).");

        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).isEqualTo(csv);
        assertThat(journal.ofRecord("clean-contacts", "contacts", "1008", 100)).hasSize(journaled);
        assertThat(engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.recordKey().equals("1008")).count()).as("nothing parked for review").isEqualTo(parked);
    }

    @Test
    void aProposalIsDecidedFieldByFieldForTheAgentAndJournaledUnderItsName() throws Exception {
        JsonNode before = answer(call("get_record", Map.of("connection", "clean-contacts", "object", "contacts", "key", "1001")));
        assertThat(before.path("fields").path("email").asText()).isNotBlank();

        JsonNode proposed = answer(call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                "records", List.of(Map.of("key", "1001", "fields", Map.of("country", "Canada", "jobtitle", "Chief Sales Officer",
                        "phone", "+1 415 555 0199"))),
                "reason", "the LinkedIn profile says so")));

        JsonNode outcome = proposed.path("records").get(0);
        assertThat(outcome.path("status").asText()).isEqualTo("written");
        assertThat(outcome.path("note").asText()).contains("waiting for review #").contains("[jobtitle]")
                .contains("denied by policy: phone (policy.rules[0] (actor=agent:*, field=phone → deny))");
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).contains("Canada").doesNotContain("+1 415 555 0199");

        JournalEntry written = engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "1001", 1).get(0);
        assertThat(written.actor()).isEqualTo("agent:hygiene-bot");
        assertThat(written.after()).containsOnlyKeys("country");
        assertThat(written.reason()).isEqualTo("the LinkedIn profile says so");
        assertThat(written.rule()).contains("actor=agent:hygiene-bot, field=country → auto");

        ReviewItem parked = engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.recordKey().equals("1001")).findFirst().orElseThrow();
        assertThat(parked.actor()).isEqualTo("agent:hygiene-bot");
        assertThat(parked.reason()).isEqualTo("the LinkedIn profile says so");
        assertThat(parked.after()).containsOnlyKeys("jobtitle");
        assertThat(parked.rule()).as("the person approving it hears of the refused phone")
                .contains("not part of this review, denied by policy: phone (policy.rules[0] (actor=agent:*, field=phone → deny))");

        // the agent polls its parked proposal, and asks why phone was refused
        JsonNode pending = answer(call("explain_decision", Map.of("review_id", parked.id())));
        assertThat(pending.path("decision").asText()).isEqualTo("pending");
        assertThat(pending.path("actor").asText()).isEqualTo("agent:hygiene-bot");
        JsonNode phone = answer(call("explain_decision", Map.of("connection", "clean-contacts", "object", "contacts", "field", "phone")));
        assertThat(phone.path("decision").asText()).isEqualTo("deny");
        assertThat(phone.path("rule").asText()).contains("policy.rules[0]").contains("connectors/clean-contacts.yaml");

        // the proposal is a run of its own, so it rolls back like any run: the country goes back
        List<io.middlemile.govern.GovernedActions.RollbackStep> steps = engine.getBean(io.middlemile.govern.GovernedActions.class)
                .rollbackPlan(proposed.path("run").asLong());
        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo(io.middlemile.govern.GovernedActions.RollbackStep.Action.UPDATE);
            assertThat(step.restore()).containsOnlyKeys("country").doesNotContainValue("Canada");
        });

        // the history shows the agent's write
        JsonNode after = answer(call("get_record", Map.of("connection", "clean-contacts", "object", "contacts", "key", "1001")));
        assertThat(after.path("fields").path("country").asText()).isEqualTo("Canada");
        assertThat(after.path("history").get(0).path("actor").asText()).isEqualTo("agent:hygiene-bot");

        // a rollback of the proposal withdraws what it parked: the agent polling it hears so, not that someone decided it
        assertThat(engine.getBean(ReviewStore.class).withdraw(parked, "rollback run 99 (asked for by ops)", "withdrawn")).isTrue();
        JsonNode withdrawn = answer(call("explain_decision", Map.of("review_id", parked.id())));
        assertThat(withdrawn.path("decision").asText()).isEqualTo("withdrawn");
        assertThat(withdrawn.path("answer").asText()).isEqualTo("withdrawn, nothing written: the run that parked it was rolled back"
                + " before any run made it (rollback run 99 (asked for by ops)); propose it again if it still matters");
    }

    @Test
    void aFieldParkedForReviewDoesNotHideAFieldOfTheSameRecordThatWasDenied() throws Exception {
        // one field under review and one denied, and none written at once: in either order of the fields
        Map<String, Map<String, Object>> proposals = new java.util.LinkedHashMap<>();
        proposals.put("1007", new java.util.LinkedHashMap<>(Map.of("phone", "+1 570 555 0177")));
        proposals.get("1007").put("jobtitle", "Office Manager");
        proposals.put("1010", new java.util.LinkedHashMap<>(Map.of("jobtitle", "Head of Finance")));
        proposals.get("1010").put("phone", "+1 570 555 0188");
        String denied = "denied by policy: phone (policy.rules[0] (actor=agent:*, field=phone → deny))";
        for (Map.Entry<String, Map<String, Object>> proposal : proposals.entrySet()) {
            String key = proposal.getKey();
            JsonNode proposed = answer(call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                    "records", List.of(Map.of("key", key, "fields", proposal.getValue())), "reason", "review + deny")));

            JsonNode outcome = proposed.path("records").get(0);
            assertThat(outcome.path("status").asText()).as(key).isEqualTo("parked");
            assertThat(outcome.path("note").asText()).as(key).contains("waiting for review #").contains("[jobtitle]")
                    .contains("not written, " + denied);
            ReviewItem parked = engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                    .filter(item -> item.recordKey().equals(key)).findFirst().orElseThrow();
            assertThat(outcome.path("note").asText()).as(key).contains("review #" + parked.id() + ":");
            assertThat(parked.after()).as(key).containsOnlyKeys("jobtitle");
            assertThat(parked.reason()).as(key).isEqualTo("review + deny");
            assertThat(parked.rule()).as(key).contains("actor=agent:*, field=jobtitle → review")
                    .contains("not part of this review, " + denied);
            // what the agent reads back when it polls the parked proposal says the same
            assertThat(answer(call("explain_decision", Map.of("review_id", parked.id()))).path("rule").asText()).as(key)
                    .contains("not part of this review, " + denied);
            assertThat(engine.getBean(JournalStore.class).ofRun(proposed.path("run").asLong())).as(key).isEmpty();
        }
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).doesNotContain("+1 570 555 0177")
                .doesNotContain("+1 570 555 0188").doesNotContain("Office Manager").doesNotContain("Head of Finance");
    }

    @Test
    void everythingAnAgentDidIsRolledBackByActorWithAPreview() throws Exception {
        String original = answer(call("get_record", Map.of("connection", "clean-contacts", "object", "contacts", "key", "1006")))
                .path("fields").path("country").asText();
        for (String country : List.of("Chile", "Peru")) {
            JsonNode proposed = answer(call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                    "records", List.of(Map.of("key", "1006", "fields", Map.of("country", country))), "reason", "register")));
            assertThat(proposed.path("records").get(0).path("status").asText()).isEqualTo("written");
        }

        String ws = workspace.toString();
        Cli.Result preview = Cli.run("rollback", "--actor", "agent:hygiene-bot", "--since", "1h", "--plan", "--workspace", ws);
        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("Rolling back what agent:hygiene-bot did since")
                .contains("update   clean-contacts/contacts/1006 {country=" + original + "}");
        assertThat(preview.out().lines().filter(line -> line.contains("/1006 "))).as("two writes, one undo").hasSize(1);
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).contains("Peru");

        // a misspelt agent: nothing to undo, said with the actors that did write, and no rollback run of nothing
        Cli.Result misspelt = Cli.run("rollback", "--actor", "agent:hygiene-bott", "--since", "1h", "--workspace", ws);
        assertThat(misspelt.exitCode()).as(misspelt.err()).isZero();
        assertThat(misspelt.out()).containsPattern("The journal holds no write by agent:hygiene-bott since \\S+Z, so there is nothing"
                + " to roll back\\. Since then these wrote: [^\\n]*agent:hygiene-bot").doesNotContain("Rolled back");
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).contains("Peru");
        assertThat(engine.getBean(io.middlemile.store.RunStore.class).history("rollback:agent:hygiene-bott", 10)).isEmpty();

        Cli.Result rolledBack = Cli.run("rollback", "--actor", "agent:hygiene-bot", "--since", "1h", "--workspace", ws);
        assertThat(rolledBack.out()).as(rolledBack.err()).contains("Rolled back what agent:hygiene-bot did since");
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).doesNotContain("Peru").doesNotContain("Chile");
        assertThat(engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "1006", 1).get(0).actor())
                .as("the undo is the person's").isEqualTo("person:" + System.getProperty("user.name"));
        // again: everything is undone already, so nothing is done and no rollback run of nothing is recorded
        Cli.Result again = Cli.run("rollback", "--actor", "agent:hygiene-bot", "--since", "1h", "--workspace", ws);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("What agent:hygiene-bot did since ").contains(" was rolled back by run ")
                .contains("nothing of it is left to undo").doesNotContain("Rolled back what");
        assertThat(engine.getBean(io.middlemile.store.RunStore.class).history("rollback:agent:hygiene-bot", 10)).hasSize(1);
    }

    @Test
    void theAgentsCapHaltsAProposalBeforeAnythingOfItIsWritten() throws Exception {
        McpSchema.CallToolResult result = call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                "records", List.of(Map.of("key", "1002", "fields", Map.of("country", "Ireland")),
                        Map.of("key", "1003", "fields", Map.of("country", "Austria")),
                        Map.of("key", "1004", "fields", Map.of("country", "Belgium"))),
                "reason", "countries from the company register"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("Cap reached at clean-contacts (the cap for actor agent:*)").contains("over perRun 2");
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).doesNotContain("Ireland").doesNotContain("Belgium");
    }

    @Test
    void theAgentsKillSwitchStopsAgentsOnlyAndTheGlobalOneStopsThemToo() throws Exception {
        Cli.Result on = Cli.run("kill-switch", "on", "--agents", "--reason", "agent misbehaving", "--workspace", workspace.toString());
        assertThat(on.out()).as(on.err()).contains("AI agents are STOPPED").contains("agent misbehaving");
        try {
            McpSchema.CallToolResult result = call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                    "records", List.of(Map.of("key", "1002", "fields", Map.of("country", "Norway"))), "reason", "register"));

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).contains("No write was made for agent:hygiene-bot").contains("agents' kill switch was turned on")
                    .contains("agent misbehaving");
            assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).doesNotContain("Norway");
            // jobs and people are not stopped by the agents' switch
            assertThat(engine.getBean(io.middlemile.govern.Governance.class).killSwitch().engaged()).isEmpty();
        } finally {
            // an operator turns it off over the API, as the console would
            HttpResponse<String> off = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/kill-switch/agents"))
                    .header("Authorization", "Bearer " + PERSON_TOKEN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"on\": false}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
            assertThat(JSON.readTree(off.body()).path("on").asBoolean()).isFalse();
            assertThat(JSON.readTree(off.body()).path("setBy").asText()).isEqualTo("ana@revops");
        }

        ControlStore controls = engine.getBean(ControlStore.class);
        controls.set(KillSwitch.NAME, true, "CRM migration tonight", "ana@revops");
        try {
            McpSchema.CallToolResult result = call("propose_update", Map.of("connection", "clean-contacts", "object", "contacts",
                    "records", List.of(Map.of("key", "1002", "fields", Map.of("country", "Norway"))), "reason", "register"));

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).contains("No write was made: the kill switch was turned on").contains("CRM migration tonight");
        } finally {
            controls.set(KillSwitch.NAME, false, null, "ana@revops");
        }
    }

    @Test
    void findRecordsMatchesThroughTheIndexWithWhyAndSaysWhenAConnectionCannotBeSearched() throws Exception {
        JsonNode found = answer(call("find_records", Map.of("rule", "contacts", "record", Map.of("email", "Bob.McDonald@acme.com",
                "firstName", "Bob", "lastName", "McDonald", "companyName", "Acme, Inc."))));

        assertThat(found.path("how").asText()).isEqualTo("match rule contacts: best band AUTO_MERGE");
        assertThat(found.path("candidatesScored").asInt()).isPositive();
        JsonNode legacy = stream(found.path("records")).filter(r -> r.path("record").path("connection").asText().equals("legacy-crm-export"))
                .findFirst().orElseThrow();
        assertThat(legacy.path("record").path("sourceId").asText()).isEqualTo("1001");
        assertThat(legacy.path("band").asText()).isEqualTo("AUTO_MERGE");
        assertThat(legacy.path("score").asDouble()).isGreaterThan(0.9);
        assertThat(legacy.path("explanation").toString()).contains("email (email)").contains("exact");

        McpSchema.CallToolResult byField = call("find_records", Map.of("connection", "clean-contacts", "object", "contacts",
                "field", "email", "value", "jim@dundermifflin.com"));
        assertThat(byField.isError()).isTrue();
        assertThat(text(byField)).contains("Connection clean-contacts cannot be searched by field; use a match rule instead");
        McpSchema.CallToolResult notAPersonField = call("find_records", Map.of("rule", "contacts", "record", Map.of("industry", "retail")));
        assertThat(notAPersonField.isError()).isTrue();
        assertThat(text(notAPersonField)).contains("\"industry\" is not a canonical person field");
        McpSchema.CallToolResult numberForText = call("find_records", Map.of("rule", "contacts", "record", Map.of("email", 5)));
        assertThat(numberForText.isError()).isTrue();
        assertThat(text(numberForText)).contains("\"email\" must be text (a JSON string); got 5");
    }

    @Test
    void qualityFindingsGivesWhatIsWrongWithEachRecordAndTheFix() throws Exception {
        JsonNode findings = answer(call("quality_findings", Map.of("hygiene", "legacy-contacts", "keys", List.of("1011", "1008", "9999"))));

        assertThat(findings.path("source").asText()).isEqualTo("legacy-crm-export/contacts");
        assertThat(findings.path("checked").asInt()).isEqualTo(2);
        assertThat(stream(findings.path("missing")).map(JsonNode::asText)).containsExactly("9999");
        JsonNode badEmail = stream(findings.path("findings")).filter(f -> f.path("recordId").asText().equals("1011")
                && f.path("rule").asText().equals("emails")).findFirst().orElseThrow();
        assertThat(badEmail.path("field").asText()).isEqualTo("Email");
        assertThat(badEmail.path("current").asText()).isEqualTo("kevin@dundermifflin");
        assertThat(badEmail.path("severity").asText()).isEqualTo("ERROR");
        assertThat(badEmail.path("message").asText()).contains("has no top-level domain");
        // where a rule knows the right value, it is there to propose
        JsonNode country = stream(findings.path("findings")).filter(f -> f.path("recordId").asText().equals("1008")
                && f.path("field").asText().equals("Country")).findFirst().orElseThrow();
        assertThat(country.path("current").asText()).isEqualTo("U.S.A.");
        assertThat(country.path("suggested").asText()).isEqualTo("US");
        assertThat(stream(findings.path("findings")).map(f -> f.path("recordId").asText())).containsOnly("1011", "1008");
    }

    @Test
    void enrichRecordSpendsAsTheAgentAndProposesWhatItFoundThroughThePolicy() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        JsonNode enriched = answer(call("enrich_record", Map.of("waterfall", "contacts", "connection", "clean-contacts",
                "object", "contacts", "key", "1997", "write", true, "reason", "his title for the account plan")));

        // what was found, by whom, and what it cost: FullEnrich's mobile phone, and Apollo's title once Crustdata was parked
        JsonNode mobile = stream(enriched.path("found")).filter(f -> f.path("field").asText().equals("mobilePhone")).findFirst().orElseThrow();
        assertThat(mobile.path("value").asText()).isEqualTo("+15705550305");
        assertThat(mobile.path("provider").asText()).isEqualTo("fullenrich");
        assertThat(mobile.path("writesTo").isNull()).as("clean-contacts has no mobile phone column").isTrue();
        JsonNode title = stream(enriched.path("found")).filter(f -> f.path("field").asText().equals("title")).findFirst().orElseThrow();
        assertThat(title.path("value").asText()).isEqualTo("Account Executive");
        assertThat(title.path("provider").asText()).isEqualTo("apollo");
        assertThat(title.path("writesTo").asText()).isEqualTo("jobtitle");
        assertThat(enriched.path("credits").asDouble()).isEqualTo(11.0);
        JsonNode crustdata = stream(enriched.path("providers")).filter(p -> p.path("provider").asText().equals("crustdata"))
                .findFirst().orElseThrow();
        assertThat(crustdata.path("lookups").asLong()).isZero();
        assertThat(crustdata.path("skipped").path("policy").asLong()).isEqualTo(1);
        assertThat(enriched.path("notes").toString()).contains("crustdata not asked: connectors/crustdata.yaml policy sends spending"
                + " to review").contains("mobilePhone not proposed: mapping clean-contacts does not write it");

        // the spending is the agent's: journaled under its name with its reason, and the parked lookup is in the review queue
        List<JournalEntry> spent = engine.getBean(JournalStore.class).ofActor("agent:hygiene-bot", before).stream()
                .filter(e -> e.action().equals("spend")).toList();
        assertThat(spent).extracting(JournalEntry::connection).containsExactlyInAnyOrder("fullenrich", "apollo");
        assertThat(spent).allSatisfy(e -> {
            assertThat(e.runId()).isEqualTo(enriched.path("run").asLong());
            assertThat(e.reason()).isEqualTo("his title for the account plan");
            assertThat(e.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
        List<ReviewItem> pending = engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING);
        assertThat(pending).filteredOn(item -> item.connection().equals("crustdata")).singleElement().satisfies(item -> {
            assertThat(item.action()).isEqualTo("spend");
            assertThat(item.actor()).isEqualTo("agent:hygiene-bot");
            assertThat(item.reason()).isEqualTo("his title for the account plan");
        });

        // writing what was found is a proposal like any other: the job title is a review field for agents
        JsonNode written = enriched.path("written").path("records").get(0);
        assertThat(written.path("status").asText()).isEqualTo("parked");
        assertThat(written.path("note").asText()).contains("[jobtitle]").contains("actor=agent:*, field=jobtitle → review");
        assertThat(pending).filteredOn(item -> item.recordKey().equals("1997")).singleElement()
                .satisfies(item -> assertThat(item.after()).isEqualTo(Map.of("jobtitle", "Account Executive")));

        // asked again, the waterfall's cache answers: nothing more is spent, and without write nothing is proposed
        JsonNode again = answer(call("enrich_record", Map.of("waterfall", "contacts", "connection", "clean-contacts",
                "object", "contacts", "key", "1997")));
        assertThat(again.path("credits").asDouble()).isZero();
        assertThat(stream(again.path("found")).map(f -> f.path("cached").asBoolean())).containsOnly(true);
        assertThat(again.path("written").isNull()).isTrue();
    }

    @Test
    void assignOwnerExplainsWritesAsTheAgentAndParksWhatThePolicySendsToReview() throws Exception {
        io.middlemile.store.RotationStore rotations = engine.getBean(io.middlemile.store.RotationStore.class);
        Map<String, Map<String, Long>> rotation = rotations.load("leads");
        Map<String, Object> lead = Map.of("rules", "leads", "connection", "clean-contacts", "object", "contacts", "key", "2001",
                "dryRun", true);
        // a dry run asked for with a misspelt argument is refused, not taken as a write (over MCP and over REST)
        Map<String, Object> misspelt = Map.of("rules", "leads", "connection", "clean-contacts", "object", "contacts", "key", "2001",
                "dry_run", true, "reason", "only looking");
        int journaled = engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "2001", 100).size();
        McpSchema.CallToolResult refused = call("assign_owner", misspelt);
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).isEqualTo("\"dry_run\" is not an argument of assign_owner, which takes rules, connection, object,"
                + " key, mapping, dryRun, reason. Nothing was done.");
        HttpResponse<String> refusedOverRest = HttpClient.newHttpClient().send(post(base + "/api/actions/assign_owner",
                JSON.writeValueAsString(misspelt)).header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refusedOverRest.statusCode()).isEqualTo(400);
        assertThat(refusedOverRest.body()).contains("\\\"dry_run\\\" is not an argument of assign_owner");
        assertThat(engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "2001", 100)).as("nothing written")
                .hasSize(journaled);
        JsonNode explained = answer(call("assign_owner", lead));

        // the accounts the workspace's import job matches leads against (samples/accounts.csv) apply to the agent's lead too
        String owner = explained.path("owner").asText();
        assertThat(owner).isEqualTo("emil");
        io.middlemile.store.AssignmentStore store = engine.getBean(io.middlemile.store.AssignmentStore.class);
        int openBefore = store.openLeads().getOrDefault(owner, 0);
        assertThat(explained.path("field").asText()).isEqualTo("owner_email");
        assertThat(explained.path("explanation").asText()).isEqualTo("assign/leads.yaml gave emil: rule \"existing accounts\" fired:"
                + " company name \"Globex GmbH\" matches account 001B \"Globex Corporation\", owned by emil");
        assertThat(explained.path("policy").path("decision").asText()).isEqualTo("auto");
        assertThat(explained.path("policy").path("rule").asText()).contains("actor=agent:hygiene-bot, field=owner_email → auto");
        assertThat(explained.path("written").isNull()).isTrue();
        assertThat(rotations.load("leads")).as("a dry run takes no turn").isEqualTo(rotation);
        // the same answer over REST
        HttpResponse<String> rest = HttpClient.newHttpClient().send(post(base + "/api/actions/assign_owner", JSON.writeValueAsString(lead))
                .header("Authorization", "Bearer " + AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        assertThat(JSON.readTree(rest.body())).isEqualTo(explained);

        JsonNode assigned = answer(call("assign_owner", Map.of("rules", "leads", "connection", "clean-contacts", "object", "contacts",
                "key", "2001", "reason", "new lead from the webinar")));

        assertThat(assigned.path("owner").asText()).isEqualTo(owner);
        assertThat(assigned.path("written").path("records").get(0).path("status").asText()).isEqualTo("written");
        assertThat(assigned.path("recorded").asBoolean()).isTrue();
        JournalEntry written = engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "2001", 1).get(0);
        assertThat(written.actor()).isEqualTo("agent:hygiene-bot");
        assertThat(written.after()).isEqualTo(Map.of("owner_email", owner + "@example.com"));
        assertThat(written.reason()).startsWith("new lead from the webinar").contains("assign/leads.yaml gave " + owner);
        long run = assigned.path("written").path("run").asLong();
        assertThat(store.madeBy(run)).singleElement().satisfies(a -> {
            assertThat(a.owner()).isEqualTo(owner);
            assertThat(a.lead()).isEqualTo(new io.middlemile.model.SourceRef("clean-contacts", "contacts", "2001"));
        });
        assertThat(store.openLeads().get(owner)).as("the lead counts in the owner's workload").isEqualTo(openBefore + 1);
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).containsPattern("(?m)^2001,.*," + owner + "@example\\.com$");

        // a lead that has an owner keeps it, as in a job
        JsonNode owned = answer(call("assign_owner", Map.of("rules", "leads", "connection", "clean-contacts", "object", "contacts",
                "key", "2001", "reason", "again")));
        assertThat(owned.path("currentOwner").asText()).isEqualTo(owner + "@example.com");
        assertThat(owned.path("explanation").asText()).startsWith("already owned by " + owner + "@example.com");
        assertThat(owned.path("written").isNull()).isTrue();

        // another agent, whom the policy gives no owner field: its owner change waits for a person, the rotation untouched
        Map<String, Map<String, Long>> turned = rotations.load("leads");
        HttpResponse<String> parked = HttpClient.newHttpClient().send(post(base + "/api/actions/assign_owner", JSON.writeValueAsString(
                Map.of("rules", "leads", "connection", "clean-contacts", "object", "contacts", "key", "2002", "reason", "webinar")))
                .header("Authorization", "Bearer " + ROUTER_TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(parked.statusCode()).as(parked.body()).isEqualTo(200);
        JsonNode review = JSON.readTree(parked.body());
        assertThat(review.path("policy").path("decision").asText()).isEqualTo("review");
        assertThat(review.path("written").path("records").get(0).path("status").asText()).isEqualTo("parked");
        assertThat(review.path("recorded").asBoolean()).isFalse();
        ReviewItem item = engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(i -> i.recordKey().equals("2002")).findFirst().orElseThrow();
        assertThat(item.actor()).isEqualTo("agent:router-bot");
        assertThat(item.after()).isEqualTo(Map.of("owner_email", review.path("ownerEmail").asText()));
        assertThat(item.reason()).startsWith("webinar (assign/leads.yaml gave ");
        assertThat(rotations.load("leads")).isEqualTo(turned);
    }

    @Test
    void assignOwnerWritesTheOwnersCrmIdWhereTheMappingWritesOwnerId() throws Exception {
        JsonNode assigned = answer(call("assign_owner", Map.of("rules", "leads", "connection", "crm-leads", "object", "leads",
                "key", "3001", "reason", "new lead from the fair")));

        // Globex GmbH is emil's account (samples/accounts.csv); the owner field takes his id in the CRM, not his email
        assertThat(assigned.path("owner").asText()).isEqualTo("emil");
        assertThat(assigned.path("field").asText()).isEqualTo("owner_id");
        assertThat(assigned.path("ownerId").asText()).isEqualTo("71006");
        assertThat(assigned.path("written").path("records").get(0).path("status").asText()).as(assigned.toString()).isEqualTo("written");
        assertThat(engine.getBean(JournalStore.class).ofRecord("crm-leads", "leads", "3001", 1).get(0).after())
                .isEqualTo(Map.of("owner_id", "71006"));
        assertThat(Files.readString(workspace.resolve("samples/crm-leads.csv"))).contains("3001,ines@globex.io,Globex GmbH,71006");

        // owned now by that id: kept, as in a job
        JsonNode owned = answer(call("assign_owner", Map.of("rules", "leads", "connection", "crm-leads", "object", "leads",
                "key", "3001", "reason", "again")));
        assertThat(owned.path("currentOwner").asText()).isEqualTo("71006");
        assertThat(owned.path("written").isNull()).isTrue();
    }

    @Test
    void anAgentsEnrolmentIsSuppressionCheckedAndParkedForAPersonAsTheBundledPolicySays() throws Exception {
        JsonNode enrolled = answer(call("enroll", Map.of("outreach", "outbound", "connection", "clean-contacts", "object", "contacts",
                "key", "2002", "reason", "asked for a demo at the webinar")));

        assertThat(enrolled.path("outcome").asText()).isEqualTo("not_sent");
        assertThat(enrolled.path("lines").toString()).contains("waiting for review #").contains("nothing was sent");
        ReviewItem parked = engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(i -> i.action().equals("send") && i.recordKey().equals("clean-contacts/contacts/2002")).findFirst().orElseThrow();
        assertThat(parked.actor()).isEqualTo("agent:hygiene-bot");
        assertThat(parked.reason()).isEqualTo("asked for a demo at the webinar");
        assertThat(parked.connection()).isEqualTo("instantly");
        assertThat(parked.after()).containsEntry("send", "enrol").containsEntry("to", "annamaria@initech.nl");
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();

        // a person approves it; the agent's next call for the record makes the send, once
        HttpResponse<String> approved = HttpClient.newHttpClient().send(post(base + "/api/reviews/" + parked.id() + "/approve", "{}")
                .header("Authorization", "Bearer " + PERSON_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("agent:hygiene-bot's next call for this record makes this send");
        JsonNode sent = answer(call("enroll", Map.of("outreach", "outbound", "connection", "clean-contacts", "object", "contacts",
                "key", "2002", "reason", "asked for a demo at the webinar")));
        assertThat(sent.path("outcome").asText()).as(sent.toString()).isEqualTo("sent");
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly("annamaria@initech.nl");
        JournalEntry journaled = engine.getBean(JournalStore.class).ofRun(sent.path("run").asLong()).get(0);
        assertThat(journaled.action()).isEqualTo("send");
        assertThat(journaled.actor()).isEqualTo("agent:hygiene-bot");
        JsonNode again = answer(call("enroll", Map.of("outreach", "outbound", "connection", "clean-contacts", "object", "contacts",
                "key", "2002", "reason", "asked for a demo at the webinar")));
        assertThat(again.path("outcome").asText()).isEqualTo("not_sent");
        assertThat(instantly.leadsOf(CAMPAIGN)).hasSize(1);

        // a role mailbox is never contacted, whoever asks
        Path clean = workspace.resolve("out/contacts-clean.csv");
        Files.writeString(clean, Files.readString(clean).stripTrailing() + "\n2003,info@initech.nl,,,,,Initech B.V.,initech.nl,,,,NL,,\n");
        JsonNode role = answer(call("enroll", Map.of("outreach", "outbound", "connection", "clean-contacts", "object", "contacts",
                "key", "2003", "reason", "a lead")));
        assertThat(role.path("lines").get(0).asText()).startsWith("suppressed (role address)");
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    @Test
    void aJobsWritesAreJournaledAsTheJobs() {
        JournalEntry imported = engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "1005", 1).get(0);

        assertThat(imported.actor()).isEqualTo("job:import-contacts");
    }

    private static McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return agent.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    private static JsonNode answer(McpSchema.CallToolResult result) throws Exception {
        assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
        return JSON.readTree(text(result));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static HttpRequest.Builder post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
    }
}

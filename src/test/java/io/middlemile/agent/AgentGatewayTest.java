package io.middlemile.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.govern.KillSwitch;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;

    private static ConfigurableApplicationContext engine;
    private static String base;
    private static McpSyncClient agent;

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
                    - {actor: "agent:*", decision: review}
                  caps:
                    - {actor: "agent:*", action: update, perRun: 2}
                """);
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("delay: 3600000", "delay: 3600000\n        initialDelay: 3600000"));
        Cli.Result imported = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();

        System.setProperty("MIDDLEMILE_API_TOKENS", "ana@revops=" + PERSON_TOKEN + ",agent:hygiene-bot=" + AGENT_TOKEN);
        System.setProperty("server.port", "0");
        engine = EngineLauncherAccess.serve(workspace);
        base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port");
        agent = McpClient.sync(HttpClientStreamableHttpTransport.builder(base)
                        .customizeRequest(request -> request.header("Authorization", "Bearer " + AGENT_TOKEN)).build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        agent.initialize();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.closeGracefully();
        }
        if (engine != null) {
            engine.close();
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

        assertThat(agent.listTools().tools()).extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrder("find_records", "get_record", "propose_update", "explain_decision", "quality_findings");

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

        Cli.Result rolledBack = Cli.run("rollback", "--actor", "agent:hygiene-bot", "--since", "1h", "--workspace", ws);
        assertThat(rolledBack.out()).as(rolledBack.err()).contains("Rolled back what agent:hygiene-bot did since");
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).doesNotContain("Peru").doesNotContain("Chile");
        assertThat(engine.getBean(JournalStore.class).ofRecord("clean-contacts", "contacts", "1006", 1).get(0).actor())
                .as("the undo is the person's").isEqualTo("person:" + System.getProperty("user.name"));
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

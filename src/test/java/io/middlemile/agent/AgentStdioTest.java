package io.middlemile.agent;

import io.middlemile.testing.Cli;
import io.middlemile.testing.SyncWorkspace;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `middlemile mcp --agent NAME` as a desktop agent starts it: a child process speaking MCP on stdin/stdout (anything
 * the engine logs must stay off stdout, or the client could not parse the protocol), its writes decided for
 * {@code agent:NAME}.
 */
class AgentStdioTest {

    @TempDir
    Path workspace;

    @Test
    void aDesktopAgentProposesThroughTheStdioServerUnderItsName() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Path connector = workspace.resolve("connectors/clean-contacts.yaml");
        Files.writeString(connector, Files.readString(connector) + """
                policy:
                  rules:
                    - {actor: "agent:desk-bot", field: country, decision: auto}
                    - {actor: "agent:*", decision: deny}
                """);
        Cli.Result imported = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();

        ServerParameters server = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                        "io.middlemile.cli.Main", "mcp", "--agent", "desk-bot", "--workspace", workspace.toString())
                .build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(server, McpGateway.jsonMapper()))
                .requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(120)).build();
        try {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("propose_update", Map.of(
                    "connection", "clean-contacts", "object", "contacts",
                    "records", List.of(Map.of("key", "1001", "fields", Map.of("country", "Portugal", "email", "bob@elsewhere.example"))),
                    "reason", "desk research")));

            String answer = ((McpSchema.TextContent) result.content().get(0)).text();
            assertThat(result.isError()).as(answer).isNotEqualTo(Boolean.TRUE);
            assertThat(answer).contains("\"status\":\"written\"").contains("denied by policy: email (policy.rules[1] (actor=agent:*");
            assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).contains("Portugal")
                    .doesNotContain("bob@elsewhere.example");
        } finally {
            client.closeGracefully();
            SyncWorkspace.stopStore(workspace);
        }
    }
}

package io.middlemile.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's stdio with the MCP library's own stdio transport and server, as {@code middlemile mcp} runs them: an
 * agent's stray lines are answered and skipped, the session goes on, and the answer to the last request is written
 * before the end of stdin closes the session.
 */
class McpStdioTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String request(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    @Test
    @Timeout(60)
    void strayLinesAreAnsweredAndSkippedAndTheLastSlowAnswerIsWrittenBeforeTheEnd() throws Exception {
        String tooLong = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"pad\":\"" + "x".repeat(McpStdio.MAX_LINE_BYTES) + "\"}";
        String stdin = String.join("\n",
                request(1, "initialize", "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "not json",
                "",
                "42",
                tooLong,
                request(2, "tools/list", "{}"),
                request(3, "tools/call", "{\"name\":\"slow\",\"arguments\":{}}")) + "\n";
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        McpStdio stdio = new McpStdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout,
                new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ofSeconds(30));
        McpServerFeatures.SyncToolSpecification slow = McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("slow").description("answers after a while")
                        .inputSchema(McpGateway.jsonMapper(), "{\"type\":\"object\"}").build())
                .callHandler((exchange, call) -> {
                    try {
                        Thread.sleep(1_500); // longer than the library takes to close a session at the end of its input
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return McpSchema.CallToolResult.builder().addTextContent("looked it up").build();
                }).build();

        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpGateway.jsonMapper(), stdio.input(), stdio.output()))
                .serverInfo("test", "1").jsonMapper(McpGateway.jsonMapper())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build()).tools(List.of(slow)).build();
        try {
            stdio.awaitEnd();
        } finally {
            server.closeGracefully();
        }

        List<JsonNode> answers = answers(stdout);
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 1).singleElement()
                .satisfies(a -> assertThat(a.path("result").path("serverInfo").path("name").asText()).isEqualTo("test"));
        List<JsonNode> refused = answers.stream().filter(a -> a.has("id") && a.get("id").isNull()).toList();
        assertThat(refused).extracting(a -> a.path("error").path("code").asInt()).containsExactly(-32700, -32600, -32600);
        assertThat(refused.get(0).path("error").path("message").asText()).startsWith("Parse error: line 3 of stdin is not JSON");
        assertThat(refused.get(1).path("error").path("message").asText()).startsWith("Invalid Request: line 5 of stdin is not a"
                + " JSON-RPC message");
        assertThat(refused.get(2).path("error").path("message").asText()).isEqualTo("Invalid Request: line 6 of stdin is longer"
                + " than 1048576 bytes; it was skipped unread");
        // the session went on after them
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 2).singleElement()
                .satisfies(a -> assertThat(a.path("result").path("tools").get(0).path("name").asText()).isEqualTo("slow"));
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 3).singleElement()
                .satisfies(a -> assertThat(a.path("result").path("content").get(0).path("text").asText()).isEqualTo("looked it up"));
        // the slow call at least, and tools/list too when its answer was not yet written as stdin ended (CI saw both)
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("Agent gateway: Parse error: line 3")
                .containsPattern("stdin closed; answering the [12] request\\(s\\) still being worked on before stopping\\.");
        assertThat(answers).as("one line per answer, none interleaved").hasSize(6);
    }

    @Test
    @Timeout(60)
    void aToolCallWhoseParamsAreNotOfMcpsShapeIsAnsweredWithItsIdInPlainWords() throws Exception {
        String stdin = String.join("\n",
                request(1, "initialize", "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                request(2, "tools/call", "{\"name\":\"get_record\",\"arguments\":\"x\"}"),
                request(3, "tools/call", "{\"arguments\":{}}"),
                request(4, "tools/list", "{}")) + "\n";
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        McpStdio stdio = new McpStdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout,
                new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ofSeconds(30));
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpGateway.jsonMapper(), stdio.input(), stdio.output()))
                .serverInfo("test", "1").jsonMapper(McpGateway.jsonMapper())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build()).build();
        try {
            stdio.awaitEnd();
        } finally {
            server.closeGracefully();
        }

        List<JsonNode> answers = answers(stdout);
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 2).singleElement().satisfies(a -> {
            assertThat(a.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(a.path("error").path("message").asText()).isEqualTo("Invalid params: \"arguments\" of tools/call must be a"
                    + " JSON object of the tool's arguments, e.g. {\"connection\": \"hubspot\"}; got text");
        });
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 3).singleElement().satisfies(a ->
                assertThat(a.path("error").path("message").asText()).startsWith("Invalid params: tools/call needs \"name\""));
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("java.").doesNotContain("Exception");
        // the session went on
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 4).singleElement()
                .satisfies(a -> assertThat(a.path("result").has("tools")).isTrue());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("(line 3 of stdin); it was answered and skipped.");
    }

    @Test
    @Timeout(60)
    void aRequestBeforeTheInitializedNotificationIsNamedAndNotWaitedForWhenStdinEnds() throws Exception {
        String stdin = String.join("\n",
                request(1, "initialize", "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}"),
                request(2, "tools/list", "{}")) + "\n";
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        McpStdio stdio = new McpStdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout,
                new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ofSeconds(40));
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpGateway.jsonMapper(), stdio.input(), stdio.output()))
                .serverInfo("test", "1").jsonMapper(McpGateway.jsonMapper())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build()).build();
        long start = System.nanoTime();
        try {
            stdio.awaitEnd();
        } finally {
            server.closeGracefully();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 40 s drain").isLessThan(Duration.ofSeconds(20));
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"id\":1").doesNotContain("\"id\":2");
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("Agent gateway: tools/list (line 2 of stdin) came before the agent's notifications/initialized")
                .contains("stdin closed before the agent sent notifications/initialized; the request(s) waiting for it cannot"
                        + " be answered and are dropped");
    }

    /**
     * The gateway's own stdio server negotiates as MCP says (the client's revision when it speaks it, else its newest)
     * over the same revisions as {@code /mcp}: the SDK's stdio transport offered 2024-11-05 alone, so a client asking
     * for 2025-06-18 was answered 2024-11-05.
     */
    @ParameterizedTest
    @CsvSource({"2025-06-18, 2025-06-18", "2025-03-26, 2025-03-26", "2025-11-25, 2025-11-25", "2024-11-05, 2024-11-05",
            "2099-01-01, 2025-11-25"})
    @Timeout(60)
    void theStdioGatewaySpeaksTheRevisionsOfTheHttpGateway(String asked, String answered) throws Exception {
        String stdin = String.join("\n",
                request(1, "initialize", "{\"protocolVersion\":\"" + asked + "\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"desktop\",\"version\":\"1\"}}"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                request(2, "tools/list", "{}")) + "\n";
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        McpStdio stdio = new McpStdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Duration.ofSeconds(30));
        // no tool is called: the actions behind them are not needed
        McpSyncServer server = McpGateway.serve(new StdioServerTransportProvider(McpGateway.jsonMapper(), stdio.input(),
                stdio.output()), null, io.middlemile.govern.Actor.agent("desk-bot"));
        try {
            stdio.awaitEnd();
        } finally {
            server.closeGracefully();
        }

        List<JsonNode> answers = answers(stdout);
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 1).singleElement().satisfies(a -> {
            assertThat(a.path("result").path("protocolVersion").asText()).as(a.toString()).isEqualTo(answered);
            assertThat(a.path("result").path("serverInfo").path("name").asText()).isEqualTo("middlemile");
        });
        assertThat(answers).filteredOn(a -> a.path("id").asInt() == 2).singleElement()
                .satisfies(a -> assertThat(a.path("result").path("tools")).isNotEmpty());
        // /mcp speaks the SDK stateless transport's revisions: an SDK upgrade that changes them must change stdio's too
        assertThat(HttpServletStatelessServerTransport.builder().jsonMapper(McpGateway.jsonMapper()).build().protocolVersions())
                .isEqualTo(McpGateway.HTTP_PROTOCOL_VERSIONS);
        assertThat(McpGateway.STDIO_PROTOCOL_VERSIONS).endsWith(McpGateway.HTTP_PROTOCOL_VERSIONS.toArray(String[]::new));
    }

    /** The JSON-RPC answers the gateway wrote, one per line. */
    private static List<JsonNode> answers(ByteArrayOutputStream stdout) throws java.io.IOException {
        List<JsonNode> answers = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            answers.add(JSON.readTree(line));
        }
        return answers;
    }
}

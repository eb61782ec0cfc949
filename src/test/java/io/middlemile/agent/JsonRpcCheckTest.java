package io.middlemile.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's own reading of what an agent sends, without a server: the cases the end-to-end tests in
 * {@link AgentGatewayTest} cannot reach through the SDK's client or the HTTP filter in front of the SDK.
 */
class JsonRpcCheckTest {

    @Test
    void anErrorTheSdksTransportAnswersWithItselfIsWrittenAsJsonRpcsErrorObjectNotAsAJavaException() throws Exception {
        String internal = McpHttpCheck.transportJson().writeValueAsString(McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                .message("Failed to handle request: class java.lang.String cannot be cast to class java.lang.Number").build());
        String invalid = McpHttpCheck.transportJson().writeValueAsString(McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                .message("Invalid message format").build());

        assertThat(new ObjectMapper().readTree(internal).toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
                + "-32603,\"message\":\"Internal error: the MCP server failed on this request; the engine's log says why\"}}");
        assertThat(invalid).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid message format\"}}");
    }

    @Test
    void aBodyIsOneRequestOrNotificationInPlainWords() {
        assertThat(JsonRpcCheck.message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").refusal()).isNull();
        assertThat(JsonRpcCheck.message("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"name\":\"get_record\"}}")
                .refusal()).isNull();

        JsonRpcCheck.Refusal noId = JsonRpcCheck.message("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}").refusal();
        assertThat(noId.code()).isEqualTo(-32600);
        assertThat(noId.message()).isEqualTo("Invalid Request: tools/list is a request and needs an \"id\" (text or a whole number)"
                + " to be answered");
        JsonRpcCheck.Refusal trailing = JsonRpcCheck.message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} x").refusal();
        assertThat(trailing.code()).isEqualTo(-32700);
        JsonRpcCheck.Refusal bigId = JsonRpcCheck.message("{\"jsonrpc\":\"2.0\",\"id\":99999999999999999999,\"method\":\"ping\"}").refusal();
        assertThat(bigId.message()).isEqualTo("Invalid Request: \"id\" must be text or a whole number; got the number 99999999999999999999");
        assertThat(bigId.id().isNull()).isTrue();
        // Jackson's limits are said without its Java names
        JsonRpcCheck.Refusal longNumber = JsonRpcCheck.message("{\"jsonrpc\":\"2.0\",\"id\":" + "9".repeat(1200) + "}").refusal();
        assertThat(longNumber.code()).isEqualTo(-32700);
        assertThat(longNumber.message()).contains("exceeds the maximum allowed (1000)").doesNotContain("StreamReadConstraints")
                .doesNotContain("`");
        JsonRpcCheck.Refusal answer = JsonRpcCheck.message("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}").refusal();
        assertThat(answer.message()).contains("this gateway asks agents nothing");
        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void anIdIsAWholeNumberNeverTruncatedOrOverflowedIntoAnother() {
        assertThat(AgentTools.wholeNumber(Map.of("review_id", 7), "review_id")).isEqualTo(7L);
        assertThat(AgentTools.wholeNumber(Map.of("review_id", 7.0), "review_id")).isEqualTo(7L);
        assertThat(AgentTools.wholeNumber(Map.of("review_id", BigInteger.valueOf(Long.MAX_VALUE)), "review_id")).isEqualTo(Long.MAX_VALUE);
        assertThat(AgentTools.wholeNumber(Map.of(), "review_id")).isNull();
        assertThatThrownBy(() -> AgentTools.wholeNumber(Map.of("review_id", 9.007199254740993E15), "review_id"))
                .hasMessage("\"review_id\" must be a whole number, e.g. 42; got 9.007199254740992E15");
        assertThatThrownBy(() -> AgentTools.wholeNumber(Map.of("review_id", Map.of("id", 1)), "review_id"))
                .hasMessage("\"review_id\" must be a whole number, e.g. 42; got an object");
        assertThatThrownBy(() -> AgentTools.text(Map.of("key", 1.5), "key")).hasMessage("\"key\" must be text (a JSON string); got 1.5");
        assertThat(AgentTools.text(Map.of("key", 14), "key")).isEqualTo("14");
        assertThatThrownBy(() -> AgentTools.strings(Map.of("keys", java.util.Arrays.asList("1001", null)), "keys"))
                .hasMessage("\"keys\"[1] must be text (a JSON string); got null");
    }
}

package io.middlemile.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import io.middlemile.web.BodyTooLargeException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * Checks each POST to {@code /mcp} before the MCP SDK's servlet transport reads it ({@link JsonRpcCheck}): the SDK
 * answered a body that is not JSON, not one request object (a batch), of the wrong shape, or sent without MCP's
 * headers with its Java exception serialized whole (a 29 KB stack trace). Refused here, it gets JSON-RPC's error
 * object: {@code -32700} (not JSON) or {@code -32600} (not one request; wrong headers) with HTTP 400 and an id when one
 * could be told, {@code -32601} (no such method) or {@code -32602} (params not of MCP's shape) with HTTP 200 as the
 * answer to that request, as the SDK answers an unknown tool. A body that passes goes to the SDK unchanged.
 * <p>
 * It runs after the body cap and the token authentication (it is registered after Spring Security's chain), so an
 * unauthenticated caller is refused before a byte is read, and the body is read through the cap: past it, 413.
 */
final class McpHttpCheck extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(McpHttpCheck.class);
    private static final String ACCEPT = "application/json, text/event-stream";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equalsIgnoreCase(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodyTooLargeException e) {
            response.setHeader("Connection", "close"); // as the cap does: do not read the rest to keep the connection
            refuse(request, response, new JsonRpcCheck.Refusal(413, JsonRpcCheck.INVALID_REQUEST, "Invalid Request: "
                    + e.getMessage(), NullNode.instance));
            return;
        }
        JsonRpcCheck.Checked checked = JsonRpcCheck.message(new String(body, charset(request)));
        // what the SDK would refuse next, the headers, said with the request's id
        JsonRpcCheck.Refusal refusal = checked.refusal() != null ? checked.refusal() : headers(request, checked.message().get("id"));
        if (refusal != null) {
            refuse(request, response, refusal);
            return;
        }
        chain.doFilter(new Read(request, body), response);
    }

    /** MCP's streamable HTTP asks both of a client (the SDK refuses a request without them). */
    private static JsonRpcCheck.Refusal headers(HttpServletRequest request, JsonNode id) {
        JsonNode answerTo = id == null ? NullNode.instance : id; // the message passed its checks: a usable id or none
        String type = request.getContentType();
        if (type == null || !type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
            return new JsonRpcCheck.Refusal(415, JsonRpcCheck.INVALID_REQUEST, "Invalid Request: send the body with the header"
                    + " Content-Type: application/json; it came with " + (type == null ? "none" : type), answerTo);
        }
        String accept = request.getHeader("Accept");
        if (accept == null || !accept.contains("application/json") || !accept.contains("text/event-stream")) {
            return new JsonRpcCheck.Refusal(400, JsonRpcCheck.INVALID_REQUEST, "Invalid Request: send the header Accept: " + ACCEPT
                    + " (MCP's streamable HTTP asks a client for both; the answer comes as JSON); it came with "
                    + (accept == null ? "none" : accept), answerTo);
        }
        return null;
    }

    /** The charset the SDK decodes the body with: the request's, else UTF-8 (JSON's own). */
    private static Charset charset(HttpServletRequest request) {
        try {
            return request.getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(request.getCharacterEncoding());
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, JsonRpcCheck.Refusal refusal)
            throws IOException {
        Principal caller = request.getUserPrincipal();
        LOG.info("Agent gateway: refused a POST /mcp from {} ({}): {}", caller == null ? "?" : caller.getName(), refusal.status(),
                refusal.message());
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JsonRpcCheck.STRICT.writeValueAsBytes(refusal.answer()));
    }

    /**
     * The JSON the transport reads and writes the protocol with, as {@link McpGateway#MCP_JSON}, except that an error the
     * transport answers with itself ({@link McpError}: a failure it did not expect) is written as JSON-RPC's error object,
     * not as the serialized Java exception. An internal failure's words are the exception's, so they stay in the log.
     */
    static McpJsonMapper transportJson() {
        SimpleModule errors = new SimpleModule().addSerializer(McpError.class, new JsonSerializer<>() {
            @Override
            public void serialize(McpError error, JsonGenerator out, SerializerProvider serializers) throws IOException {
                McpSchema.JSONRPCResponse.JSONRPCError said = error.getJsonRpcError();
                int code = said == null ? McpSchema.ErrorCodes.INTERNAL_ERROR : said.code();
                String message = said == null || code == McpSchema.ErrorCodes.INTERNAL_ERROR
                        ? "Internal error: the MCP server failed on this request; the engine's log says why" : said.message();
                out.writeStartObject();
                out.writeStringField("jsonrpc", "2.0");
                out.writeNullField("id");
                out.writeObjectFieldStart("error");
                out.writeNumberField("code", code);
                out.writeStringField("message", message);
                out.writeEndObject();
                out.writeEndObject();
            }
        });
        return new JacksonMcpJsonMapper(new ObjectMapper().registerModule(errors));
    }

    /** The request with its body already read, for the SDK to read again. */
    private static final class Read extends HttpServletRequestWrapper {
        private final byte[] body;

        Read(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already; read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(this)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

package io.middlemile.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the agent gateway checks in a JSON-RPC message before the MCP SDK reads it. The SDK answers a message it cannot
 * read with its internals: over HTTP a serialized Java exception (a 29 KB stack trace with the JDK's version), over
 * either transport Jackson's words naming Java classes. A message refused here gets JSON-RPC 2.0's own error object
 * (https://www.jsonrpc.org/specification#error_object) with plain words, and the SDK never sees it.
 */
final class JsonRpcCheck {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    /** The requests the gateway's server answers ({@link McpGateway#serve}: tools only); the SDK throws on any other. */
    static final Set<String> METHODS = Set.of(McpSchema.METHOD_INITIALIZE, McpSchema.METHOD_PING, McpSchema.METHOD_TOOLS_LIST,
            McpSchema.METHOD_TOOLS_CALL);

    // the SDK's own reading of a request's params (its records carry Jackson's annotations), to try them before it does
    private static final ObjectMapper SDK_SHAPES = new ObjectMapper();
    // trailing tokens too: "{...} garbage" is not one message
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRpcCheck() {
    }

    /**
     * A refusal as JSON-RPC's error object.
     *
     * @param status the HTTP status it goes with: 400 for a message that is not one request, 200 for the answer to a
     *               request whose method or params are wrong (as the SDK answers an unknown tool)
     * @param id     the id of the request it answers, or JSON null when the message has no usable one
     */
    record Refusal(int status, int code, String message, JsonNode id) {
        Refusal(int code, String message, JsonNode id) {
            this(code == PARSE_ERROR || code == INVALID_REQUEST || id.isNull() ? 400 : 200, code, message, id);
        }

        ObjectNode answer() {
            ObjectNode answer = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
            answer.set("id", id);
            answer.putObject("error").put("code", code).put("message", message);
            return answer;
        }
    }

    /** A body read as a JSON-RPC message: the message, or why it is refused (then {@code message} may be null). */
    record Checked(JsonNode message, Refusal refusal) {
    }

    /**
     * One POST's body as one JSON-RPC message the gateway's HTTP server takes: a request or a notification, JSON-RPC 2.0,
     * an id that is text or a whole number, a method the server answers, params of MCP's shape.
     */
    static Checked message(String body) {
        JsonNode message;
        try {
            message = body.isBlank() ? null : STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            return new Checked(null, new Refusal(PARSE_ERROR, "Parse error: the body is not JSON (" + notJson(e) + "). POST one JSON-RPC 2.0"
                    + " request, e.g. {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}", NullNode.instance));
        }
        if (message == null) {
            return new Checked(null, new Refusal(PARSE_ERROR, "Parse error: the body is empty. POST one JSON-RPC 2.0 request,"
                    + " e.g. {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}", NullNode.instance));
        }
        return new Checked(message, message(message));
    }

    private static Refusal message(JsonNode message) {
        if (message.isArray()) {
            return invalid("the body is a JSON array (a batch), which this gateway does not take: POST one request per call",
                    NullNode.instance);
        }
        if (!message.isObject()) {
            return invalid("the body is " + kind(message) + ", not a JSON-RPC request object", NullNode.instance);
        }
        JsonNode id = message.get("id");
        // MCP: a request's id is text or a whole number, never null (the SDK takes Integer and Long)
        boolean usableId = id != null && (id.isTextual() || id.isIntegralNumber() && id.canConvertToLong());
        JsonNode answerTo = usableId ? id : NullNode.instance;
        if (!"2.0".equals(message.path("jsonrpc").textValue())) {
            return invalid("\"jsonrpc\" must be \"2.0\"; got " + kind(message.get("jsonrpc")), answerTo);
        }
        JsonNode method = message.get("method");
        if (method == null && (message.has("result") || message.has("error"))) {
            return invalid("the body is an answer (it has \"result\" or \"error\"); this gateway asks agents nothing, so it takes"
                    + " requests and notifications only", answerTo);
        }
        if (method == null || !method.isTextual() || method.textValue().isBlank()) {
            return invalid("\"method\" must be text, e.g. \"tools/call\"; got " + kind(method), answerTo);
        }
        if (id != null && !usableId) {
            return invalid("\"id\" must be text or a whole number; got " + kind(id), NullNode.instance);
        }
        if (id == null) {
            if (METHODS.contains(method.textValue())) {
                // without an id it is a notification, which gets no answer: the agent would wait for one forever
                return invalid(method.textValue() + " is a request and needs an \"id\" (text or a whole number) to be answered",
                        NullNode.instance);
            }
            return null; // a notification: the SDK takes any, and ignores those it has no use for
        }
        if (!METHODS.contains(method.textValue())) {
            return new Refusal(METHOD_NOT_FOUND, "Method not found: this gateway answers " + METHODS.stream().sorted()
                    .collect(Collectors.joining(", ")) + ", not " + shown(method.textValue()), id);
        }
        return params(method.textValue(), message.get("params"), id);
    }

    /**
     * Whether a request's params have MCP's shape, tried with the SDK's own reading of them: what the SDK cannot read it
     * answers with Jackson's words (or, for tools/call without a name, a NullPointerException). Null when they pass.
     */
    static Refusal params(String method, JsonNode params, JsonNode id) {
        if (params == null || params.isNull()) {
            return method.equals(McpSchema.METHOD_TOOLS_CALL) ? new Refusal(INVALID_PARAMS, "Invalid params: tools/call needs"
                    + " \"params\": {\"name\": \"<tool>\", \"arguments\": {...}}", id) : null;
        }
        if (!params.isObject()) {
            return new Refusal(INVALID_PARAMS, "Invalid params: \"params\" must be an object; got " + kind(params), id);
        }
        if (method.equals(McpSchema.METHOD_TOOLS_CALL)) {
            JsonNode name = params.get("name");
            if (name == null || !name.isTextual() || name.textValue().isBlank()) {
                return new Refusal(INVALID_PARAMS, "Invalid params: tools/call needs \"name\", the tool's name as text (tools/list"
                        + " lists them); got " + kind(name), id);
            }
            JsonNode arguments = params.get("arguments");
            if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
                return new Refusal(INVALID_PARAMS, "Invalid params: \"arguments\" of tools/call must be a JSON object of the tool's"
                        + " arguments, e.g. {\"connection\": \"hubspot\"}; got " + kind(arguments), id);
            }
        }
        Class<?> shape = switch (method) {
            case McpSchema.METHOD_INITIALIZE -> McpSchema.InitializeRequest.class;
            case McpSchema.METHOD_TOOLS_CALL -> McpSchema.CallToolRequest.class;
            default -> null;
        };
        if (shape != null) {
            try {
                SDK_SHAPES.treeToValue(params, shape);
            } catch (JsonProcessingException e) {
                return new Refusal(INVALID_PARAMS, "Invalid params: " + where(e) + " of " + method + " is not of the kind MCP's"
                        + " schema has there (https://modelcontextprotocol.io/specification/2025-06-18/schema)", id);
            }
        }
        return null;
    }

    private static Refusal invalid(String why, JsonNode id) {
        return new Refusal(INVALID_REQUEST, "Invalid Request: " + why, id);
    }

    /** The path of the value Jackson could not read, e.g. "params.capabilities.roots". */
    private static String where(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "\"params\"";
        }
        return "\"params" + mapping.getPath().stream().map(step -> step.getFieldName() != null ? "." + step.getFieldName()
                : "[" + step.getIndex() + "]").collect(Collectors.joining()) + "\"";
    }

    /**
     * Why a text is not JSON, in Jackson's words without its source excerpt and Java names: what it met and where,
     * e.g. "Unrecognized token 'not': was expecting ... at line 1, column 4".
     */
    static String notJson(JsonProcessingException e) {
        String why = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        for (String cut : new String[] {" (start marker at", " at [Source", "[Source"}) {
            int at = why.indexOf(cut);
            if (at >= 0) {
                why = why.substring(0, at);
            }
        }
        why = why.replaceAll(",? from `[^`]*`", ""); // "(1000, from `StreamReadConstraints.getMaxNumberLength()`)"
        why = why.length() > 200 ? why.substring(0, 200) + "..." : why.strip();
        return e.getLocation() == null ? why : why + " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    /** A text of the agent's, quoted and cut short for an answer and the log. */
    private static String shown(String text) {
        return "\"" + (text.length() > 100 ? text.substring(0, 100) + "..." : text).replace("\n", " ") + "\"";
    }

    /** What a JSON value is, in words. */
    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return value.textValue().isBlank() ? "empty text" : "text";
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        if (value.isBoolean()) {
            return value.toString();
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isObject() ? "an object" : "null";
    }
}

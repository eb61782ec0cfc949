package io.middlemile.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.middlemile.govern.Actor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The agent gateway's tools over REST, for agents that do not speak MCP: {@code POST /api/actions/{tool}} with the
 * tool's arguments as a JSON object answers what the MCP tool answers (200), a refusal by a kill switch or a cap
 * (409), or a mistake in the arguments (400). {@code GET /api/actions} lists the tools with their descriptions and
 * argument schemas. Only agents' tokens reach it ({@code web.WebSecurity}); the actor is the token's name.
 */
@RestController
@RequestMapping("/api/actions")
public class AgentActionsController {

    private final List<AgentTools.Tool> tools;
    private final Map<String, AgentTools.Tool> byName;

    public AgentActionsController(AgentActions actions) {
        this.tools = AgentTools.all(actions);
        this.byName = tools.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(AgentTools.Tool::name, tool -> tool));
    }

    /** One tool as an agent reads it; {@code schema} is the JSON schema of its arguments, as text. */
    public record ToolDescription(String name, String description, String schema) {
    }

    @GetMapping
    public List<ToolDescription> tools() {
        return tools.stream().map(tool -> new ToolDescription(tool.name(), tool.description(), tool.schema())).toList();
    }

    /**
     * The body is read here rather than bound by Spring: bound, a body that is not JSON or not an object was answered
     * with Jackson's words ("[Source: REDACTED ...", "must be of another kind").
     */
    @PostMapping(path = "/{tool}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<Object> call(@PathVariable String tool, @RequestBody(required = false) byte[] body,
                                       Authentication caller) throws Exception {
        AgentTools.Tool found = byName.get(tool);
        if (found == null) {
            throw new IllegalArgumentException("There is no action \"" + tool + "\"; GET /api/actions lists them");
        }
        Object answer = found.call().answer(Actor.parse(caller.getName()), arguments(tool, body));
        return ResponseEntity.status(AgentTools.refused(answer) ? 409 : 200).body(answer);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(String tool, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Map.of();
        }
        Object arguments;
        try {
            arguments = JsonRpcCheck.STRICT.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not JSON (" + JsonRpcCheck.notJson(e) + "). Send " + tool
                    + "'s arguments as one JSON object (GET /api/actions gives its schema). Nothing was done.");
        }
        if (!(arguments instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("The body is " + AgentTools.kind(arguments) + "; send " + tool + "'s arguments as"
                    + " one JSON object, e.g. {\"connection\": \"hubspot\", ...} (GET /api/actions gives its schema). Nothing was done.");
        }
        return (Map<String, Object>) arguments;
    }
}

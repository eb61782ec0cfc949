package io.middlemile.agent;

import io.middlemile.govern.Actor;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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

    @PostMapping("/{tool}")
    public ResponseEntity<Object> call(@PathVariable String tool, @RequestBody(required = false) Map<String, Object> arguments,
                                       Authentication caller) throws Exception {
        AgentTools.Tool found = byName.get(tool);
        if (found == null) {
            throw new IllegalArgumentException("There is no action \"" + tool + "\"; GET /api/actions lists them");
        }
        Object answer = found.call().answer(Actor.parse(caller.getName()), arguments == null ? Map.of() : arguments);
        return ResponseEntity.status(AgentTools.refused(answer) ? 409 : 200).body(answer);
    }
}

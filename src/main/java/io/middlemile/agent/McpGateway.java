package io.middlemile.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.middlemile.govern.Actor;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The agent gateway as an MCP server (https://modelcontextprotocol.io/specification/2025-06-18/server/tools): the
 * tools of {@link AgentActions}, each description saying what the tool may change and what the policy decides. The
 * actor comes from the transport, never from the arguments: over HTTP the agent's token ({@link AgentGatewayHttp}),
 * over stdio the name the process was started with ({@code middlemile mcp --agent NAME}).
 */
public final class McpGateway {

    /** The transport context key holding the caller's {@link Actor}. */
    public static final String ACTOR = "middlemile.actor";

    private static final Logger LOG = LoggerFactory.getLogger(McpGateway.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final McpJsonMapper MCP_JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private McpGateway() {
    }

    /** The JSON mapper the protocol is read and written with (Jackson 2), for a transport made elsewhere. */
    public static McpJsonMapper jsonMapper() {
        return MCP_JSON;
    }

    /** The server over streamable HTTP; the actor is read from each request's transport context. */
    public static McpSyncServer serve(McpStreamableServerTransportProvider transport, AgentActions actions) {
        // each HTTP request has a servlet thread of its own that waits for the answer anyway: the tool runs on it rather
        // than being handed to Reactor's boundedElastic pool and back (a thread hop per call, most of a lookup's cost)
        return McpServer.sync(transport).immediateExecution(true).serverInfo(info()).instructions(INSTRUCTIONS).jsonMapper(MCP_JSON)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools(actions, McpGateway::actorFromTransport)).build();
    }

    /** The server over stdio for one desktop agent, whose name the process was started with. */
    public static McpSyncServer serve(McpServerTransportProvider transport, AgentActions actions, Actor actor) {
        return McpServer.sync(transport).serverInfo(info()).instructions(INSTRUCTIONS).jsonMapper(MCP_JSON)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools(actions, exchange -> actor)).build();
    }

    private static McpSchema.Implementation info() {
        return new McpSchema.Implementation("middlemile", "Middlemile agent gateway", "0.1.0");
    }

    private static final String INSTRUCTIONS = "Middlemile is the governed gateway to this company's CRM data. Read freely"
            + " with find_records, get_record and quality_findings. Every change goes through the policy: propose_update (and"
            + " enrich_record with write, assign_owner for the owner field) are decided field by field for you as an agent (auto:"
            + " written and journaled under your name; review: parked for a person, who reads your reason; deny: refused), and"
            + " enrich_record's credit spending is decided per lookup by the provider's policy. Ask explain_decision before"
            + " proposing if unsure, and to follow a parked proposal. Caps per run and per day and the agents' kill switch can stop you; say so to the user when they do.";

    private static Actor actorFromTransport(McpSyncServerExchange exchange) {
        Object actor = exchange.transportContext().get(ACTOR);
        if (!(actor instanceof Actor known)) {
            throw new IllegalStateException("This MCP request carries no agent identity; connect with an agent token");
        }
        return known;
    }

    // ------------------------------------------------------------------ tools

    static List<McpServerFeatures.SyncToolSpecification> tools(AgentActions actions, Function<McpSyncServerExchange, Actor> actorOf) {
        return AgentTools.all(actions).stream().map(tool -> spec(tool, actorOf)).toList();
    }

    private static McpServerFeatures.SyncToolSpecification spec(AgentTools.Tool tool, Function<McpSyncServerExchange, Actor> actorOf) {
        McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(MCP_JSON, tool.schema()).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(described).callHandler((exchange, request) -> {
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            try {
                Object answer = tool.call().answer(actorOf.apply(exchange), arguments);
                return McpSchema.CallToolResult.builder().addTextContent(JSON.writeValueAsString(answer))
                        .isError(AgentTools.refused(answer)).build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                return McpSchema.CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
            } catch (Exception e) {
                LOG.warn("Agent tool {} failed: {}", tool.name(), e.toString(), e);
                return McpSchema.CallToolResult.builder().addTextContent(tool.name() + " failed: " + e.getMessage()).isError(true).build();
            }
        }).build();
    }
}

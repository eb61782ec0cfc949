package io.middlemile.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.middlemile.govern.Actor;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.ProtocolVersions;
import reactor.core.publisher.Mono;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

    /**
     * The server over streamable HTTP, stateless: each POST carries its JSON-RPC request and gets the JSON-RPC answer as
     * the response body ({@code application/json}), which the transport spec allows in place of an SSE stream
     * (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#sending-messages-to-the-server). The
     * tools neither notify nor ask the client anything, so a session and its event stream would serve nothing: without
     * them a plain HTTP client (an agent framework's own) reads a JSON body, no session lives in one engine's memory (any
     * node of a cluster answers any call), and no SSE event is written and flushed per answer. The actor is read from
     * each request's context.
     */
    public static McpStatelessSyncServer serve(McpStatelessServerTransport transport, AgentActions actions) {
        // each HTTP request has a servlet thread of its own that waits for the answer anyway: the tool runs on it rather
        // than being handed to Reactor's boundedElastic pool and back (a thread hop per call, most of a lookup's cost)
        return McpServer.sync(transport).immediateExecution(true).serverInfo(info()).instructions(INSTRUCTIONS).jsonMapper(MCP_JSON)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(AgentTools.all(actions).stream().map(McpGateway::statelessSpec).toList()).build();
    }

    /**
     * The MCP revisions the gateway speaks over streamable HTTP, oldest first: the SDK's stateless transport's own list.
     * The server answers an {@code initialize} with the revision the client asked for when it is one of these, else with
     * the last, the newest (https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle#version-negotiation).
     */
    static final List<String> HTTP_PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18,
            ProtocolVersions.MCP_2025_11_25);

    /**
     * The revisions over stdio: the same, newest the same, and 2024-11-05 before them. The stdio transport is unchanged
     * since 2024-11-05, so a desktop client of that revision (the SDK's own stdio client asks for it) keeps working;
     * over HTTP that revision meant the old HTTP+SSE transport, which {@code /mcp} does not serve. The SDK's stdio
     * transport offers 2024-11-05 alone, so a client asking for a newer revision was answered 2024-11-05 and could not
     * connect.
     */
    static final List<String> STDIO_PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05, ProtocolVersions.MCP_2025_03_26,
            ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

    /**
     * The server over stdio for one desktop agent, whose name the process was started with. It speaks
     * {@link #STDIO_PROTOCOL_VERSIONS}, whatever the transport given offers.
     */
    public static McpSyncServer serve(McpServerTransportProvider transport, AgentActions actions, Actor actor) {
        return McpServer.sync(new Revisions(transport, STDIO_PROTOCOL_VERSIONS)).serverInfo(info()).instructions(INSTRUCTIONS)
                .jsonMapper(MCP_JSON)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(AgentTools.all(actions).stream().map(tool -> spec(tool, actor)).toList()).build();
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

    /** The agent behind an HTTP request, put in its context by {@link AgentGatewayHttp} from the request's token. */
    private static Actor actorOf(McpTransportContext context) {
        Object actor = context.get(ACTOR);
        if (!(actor instanceof Actor known)) {
            throw new IllegalStateException("This MCP request carries no agent identity; connect with an agent token");
        }
        return known;
    }

    // ------------------------------------------------------------------ tools

    private static McpStatelessServerFeatures.SyncToolSpecification statelessSpec(AgentTools.Tool tool) {
        return McpStatelessServerFeatures.SyncToolSpecification.builder().tool(described(tool))
                .callHandler((context, request) -> call(tool, () -> actorOf(context), request)).build();
    }

    private static McpServerFeatures.SyncToolSpecification spec(AgentTools.Tool tool, Actor actor) {
        return McpServerFeatures.SyncToolSpecification.builder().tool(described(tool))
                .callHandler((exchange, request) -> call(tool, () -> actor, request)).build();
    }

    private static McpSchema.Tool described(AgentTools.Tool tool) {
        return McpSchema.Tool.builder().name(tool.name()).description(tool.description()).inputSchema(MCP_JSON, tool.schema()).build();
    }

    /** One tool call, the same over both transports: a refusal or failure is a tool error the agent reads, not a protocol error. */
    private static McpSchema.CallToolResult call(AgentTools.Tool tool, Supplier<Actor> actor, McpSchema.CallToolRequest request) {
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        try {
            Object answer = tool.call().answer(actor.get(), arguments);
            return McpSchema.CallToolResult.builder().addTextContent(JSON.writeValueAsString(answer))
                    .isError(AgentTools.refused(answer)).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return McpSchema.CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
        } catch (Exception e) {
            LOG.warn("Agent tool {} failed: {}", tool.name(), e.toString(), e);
            // a JDK exception speaks Java (casts, class names, null pointers), which the agent cannot act on: the log has it
            String why = e.getClass().getName().startsWith("java.") ? "an error inside the engine; its log has the details"
                    + " (\"Agent tool " + tool.name() + " failed\")" : e.getMessage();
            return McpSchema.CallToolResult.builder().addTextContent(tool.name() + " failed: " + why).isError(true).build();
        }
    }

    /**
     * A transport offering the gateway's protocol revisions: the SDK's server reads the revisions it negotiates from its
     * transport, and the stdio transport's are fixed (2024-11-05 alone). Everything else is the transport's own.
     */
    private record Revisions(McpServerTransportProvider transport, List<String> protocolVersions) implements McpServerTransportProvider {

        @Override
        public void setSessionFactory(McpServerSession.Factory sessionFactory) {
            transport.setSessionFactory(sessionFactory);
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return transport.notifyClients(method, params);
        }

        @Override
        public Mono<Void> notifyClient(String sessionId, String method, Object params) {
            return transport.notifyClient(sessionId, method, params);
        }

        @Override
        public void close() {
            transport.close();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return transport.closeGracefully();
        }
    }
}

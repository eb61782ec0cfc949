package io.middlemile.agent;

import io.middlemile.govern.Actor;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.security.Principal;
import java.util.Map;

/**
 * `middlemile run` serves the agent gateway over MCP's streamable HTTP transport at {@code /mcp}
 * (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http), stateless: a POST gets
 * its answer as a JSON body, with no session and no event stream ({@link McpGateway#serve(McpStatelessServerTransport,
 * AgentActions)} says why); a GET for an event stream gets 405, which the spec provides for. The servlet sits
 * behind the same filters as the REST API: the body cap ({@code BodyLimit}) and the token authentication, which lets
 * only agents' tokens ({@code agent:NAME}) in ({@code web.WebSecurity}); then {@link McpHttpCheck} refuses a message
 * the SDK cannot read with a JSON-RPC error of its own. The actor each tool call runs as is the
 * authenticated token's name, read here from the request, never from the call's arguments.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class AgentGatewayHttp {

    static final String ENDPOINT = "/mcp";

    @Bean
    HttpServletStatelessServerTransport mcpTransport() {
        return HttpServletStatelessServerTransport.builder().jsonMapper(McpHttpCheck.transportJson()).messageEndpoint(ENDPOINT)
                .contextExtractor(AgentGatewayHttp::actorOf).build();
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(HttpServletStatelessServerTransport transport, AgentActions actions) {
        return McpGateway.serve(transport, actions);
    }

    @Bean
    ServletRegistrationBean<HttpServletStatelessServerTransport> mcpServlet(HttpServletStatelessServerTransport transport,
                                                                            McpStatelessSyncServer server) {
        ServletRegistrationBean<HttpServletStatelessServerTransport> registration =
                new ServletRegistrationBean<>(transport, ENDPOINT, ENDPOINT + "/*");
        registration.setName("mcp");
        return registration;
    }

    /**
     * Checks each message before the SDK's transport reads it ({@link McpHttpCheck}). A servlet filter registered here
     * runs after Spring Security's chain (order -100) and the body cap (first of all), so authentication and the cap
     * still come before the body is read.
     */
    @Bean
    FilterRegistrationBean<McpHttpCheck> mcpHttpCheck() {
        FilterRegistrationBean<McpHttpCheck> registration = new FilterRegistrationBean<>(new McpHttpCheck());
        registration.addUrlPatterns(ENDPOINT, ENDPOINT + "/*"); // every path the servlet serves
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    /** The agent behind the request's token; the security filters admitted only agents' tokens to this path. */
    private static McpTransportContext actorOf(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String name = principal != null ? principal.getName() : caller != null ? caller.getName() : null;
        if (name == null || !name.startsWith("agent:")) {
            return McpTransportContext.EMPTY;
        }
        return McpTransportContext.create(Map.of(McpGateway.ACTOR, Actor.parse(name)));
    }
}

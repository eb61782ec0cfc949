package io.middlemile.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The REST actions in the OpenAPI document ({@code /api/openapi}) one path per tool, as an agent's developer reads them:
 * {@code POST /api/actions/enrich_record} with the tool's description (what it may change, what the policy decides) and
 * its arguments' JSON schema as the request body, instead of the one generic {@code /api/actions/{tool}} the controller
 * maps. The table of tools stays {@link AgentTools}, so the document, MCP and REST never disagree.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class AgentActionsOpenApi {

    static final String TAG = "agent actions";

    @Bean
    OpenApiCustomizer agentActionsDocumented(AgentActions actions) {
        List<AgentTools.Tool> tools = AgentTools.all(actions);
        return openApi -> document(openApi, tools);
    }

    static void document(OpenAPI openApi, List<AgentTools.Tool> tools) {
        Paths paths = openApi.getPaths() == null ? new Paths() : openApi.getPaths();
        PathItem generic = paths.remove("/api/actions/{tool}");
        for (AgentTools.Tool tool : tools) {
            Operation post = new Operation().operationId("action_" + tool.name()).addTagsItem(TAG).summary(tool.name())
                    .description(tool.description())
                    .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                            new MediaType().schema(schema(tool)))))
                    .responses(new ApiResponses()
                            .addApiResponse("200", json("the tool's answer, as the MCP tool gives it"))
                            .addApiResponse("400", json("a mistake in the arguments, said in words"))
                            .addApiResponse("403", json("the token is not an agent's (agent:NAME)"))
                            .addApiResponse("409", json("a kill switch or a cap stopped it; the answer says why and what was done"
                                    + " before (in \"stopped\")")));
            if (generic != null && generic.getPost() != null) {
                post.setSecurity(generic.getPost().getSecurity());
            }
            paths.addPathItem("/api/actions/" + tool.name(), new PathItem().post(post));
        }
        openApi.setPaths(paths);
    }

    private static Schema<?> schema(AgentTools.Tool tool) {
        try {
            return Json.mapper().readValue(tool.schema(), Schema.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The argument schema of agent tool " + tool.name() + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ApiResponse json(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/json",
                new MediaType().schema(new Schema<>().type("object"))));
    }
}

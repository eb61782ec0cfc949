package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HubSpot may reject a whole batch-associate call with 400 when one input names a record that does not
 * exist (instead of a 207 listing it). The connector then resends one by one, so only the bad record is
 * rejected. A stub server plays that variant (the emulator answers 207).
 */
class HubSpotAssociationsWholeBatch400Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Integer> associateCallSizes = new ArrayList<>();
    private final HttpServer server = start();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", this::answer);
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String path = exchange.getRequestURI().getPath();
            ObjectNode answer = JSON.createObjectNode().put("status", "COMPLETE");
            int status = 200;
            if (path.endsWith("/batch/update")) {
                ArrayNode results = answer.putArray("results");
                body.path("inputs").forEach(input -> results.addObject().put("id", input.path("id").asText()).putObject("properties"));
            } else if (path.endsWith("/batch/read")) {
                answer.putArray("results");
            } else if (path.endsWith("/batch/associate/default")) {
                associateCallSizes.add(body.path("inputs").size());
                boolean bad = false;
                for (JsonNode input : body.path("inputs")) {
                    bad |= input.path("to").path("id").asText().equals("999999");
                }
                if (bad) {
                    status = 400;
                    answer = JSON.createObjectNode().put("status", "error").put("message", "One or more associations are invalid")
                            .put("correlationId", "c0ffee").put("category", "VALIDATION_ERROR");
                    answer.putObject("context").putArray("INVALID_OBJECT_IDS").add("COMPANY=999999 is not valid");
                } else {
                    answer.putArray("results");
                }
            } else {
                status = 404;
            }
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Test
    void aWholeBatch400IsResentOneByOneAndRejectsOnlyTheBadRecord() {
        String baseUrl = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        HubSpotConnector hubspot = new HubSpotConnector("hubspot-test", HubSpotAssociationsTest.config(baseUrl),
                Map.of("HUBSPOT_TOKEN", HubSpotTestSupport.TOKEN),
                HubSpotSettings.defaults(baseUrl).withRequestsPer10s(1_000_000).withMaxAttempts(1));

        List<WriteOutcome> outcomes = hubspot.upsert("contacts", List.of(
                record("11", List.of("501")), record("12", List.of("999999")), record("13", List.of("502"))));

        assertThat(outcomes).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(1).reason()).contains("contacts 12").contains("companies 999999")
                .contains("One or more associations are invalid");
        assertThat(associateCallSizes).containsExactly(3, 1, 1, 1);
    }

    private static TargetRecord record(String id, List<String> companies) {
        return new TargetRecord("contacts", id, Map.of("hs_object_id", id, "firstname", "P" + id, "associations.companies", companies),
                new SourceRef("crm", "people", "p" + id));
    }
}

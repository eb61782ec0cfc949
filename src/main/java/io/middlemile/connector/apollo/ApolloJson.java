package io.middlemile.connector.apollo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Apollo's answer bodies into {@link ApolloRecords}. Shared by the client, the connector (webhook payloads kept
 * with a ticket) and the webhook receiver, so the three read one shape.
 */
final class ApolloJson {

    private ApolloJson() {
    }

    // Doc: https://docs.apollo.io/reference/bulk-people-enrichment (200: status, request_id (signed 64-bit, often
    // negative), total_requested_enrichments, unique_enriched_records, missing_records, credits_consumed (may be a
    // fraction), matches[] with null for a detail that matched nobody).
    static ApolloRecords.MatchAnswer matchAnswer(JsonNode root) {
        List<Optional<ApolloRecords.Person>> matches = new ArrayList<>();
        for (JsonNode m : root.path("matches")) {
            matches.add(m.isNull() || !m.isObject() ? Optional.empty() : Optional.of(person(m)));
        }
        return new ApolloRecords.MatchAnswer(text(root, "request_id"), number(root, "credits_consumed"), matches);
    }

    private static ApolloRecords.Person person(JsonNode m) {
        return new ApolloRecords.Person(text(m, "id"), text(m, "email"), text(m, "email_status"),
                number(m, "extrapolated_email_confidence"), text(m, "title"), text(m, "seniority"));
    }

    // Doc: https://docs.apollo.io/reference/bulk-organization-enrichment (organizations[] with primary_domain,
    // estimated_num_employees, industry, annual_revenue, country).
    static List<ApolloRecords.Organization> organizations(JsonNode root) {
        List<ApolloRecords.Organization> out = new ArrayList<>();
        for (JsonNode o : root.path("organizations")) {
            if (!o.isObject()) {
                continue;
            }
            Double employees = number(o, "estimated_num_employees");
            Double revenue = number(o, "annual_revenue");
            out.add(new ApolloRecords.Organization(text(o, "primary_domain"), employees == null ? null : employees.intValue(),
                    text(o, "industry"), revenue == null ? null : revenue.longValue(), text(o, "country")));
        }
        return out;
    }

    /**
     * A phone reveal result: either the webhook payload itself ({@code people[]}, {@code credits_consumed}, and the
     * {@code request_id}) or a poll answer that wraps it in {@code webhook_result}
     * (https://docs.apollo.io/reference/poll-webhook-result: "the original webhook payload that Apollo delivered").
     */
    static ApolloRecords.PhoneResult phoneResult(JsonNode root) {
        JsonNode result = root.has("webhook_result") ? root.path("webhook_result") : root;
        String requestId = text(root, "request_id") != null ? text(root, "request_id") : text(result, "request_id");
        String status = text(root, "webhook_status") != null ? text(root, "webhook_status") : text(result, "status");
        List<ApolloRecords.PersonPhones> people = new ArrayList<>();
        for (JsonNode p : result.path("people")) {
            List<ApolloRecords.Phone> phones = new ArrayList<>();
            for (JsonNode n : p.path("phone_numbers")) {
                String number = text(n, "sanitized_number") != null ? text(n, "sanitized_number") : text(n, "raw_number");
                if (number != null) {
                    phones.add(new ApolloRecords.Phone(number, text(n, "type_cd"), text(n, "status_cd"), text(n, "confidence_cd")));
                }
            }
            people.add(new ApolloRecords.PersonPhones(text(p, "id"), text(p, "status"), phones));
        }
        return new ApolloRecords.PhoneResult(requestId, status, number(result, "credits_consumed"), people);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.valueOf(value.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

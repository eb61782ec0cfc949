package io.middlemile.connector.fullenrich;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads FullEnrich's enrichment object, the same in a poll answer, a 402 answer and a webhook delivery
 * (https://docs.fullenrich.com/api/v2/contact/enrich/bulk/get, https://docs.fullenrich.com/api/v2/general/webhooks):
 * {@code {id, name, status, cost{credits}, data[{input, custom, contact_info{most_probable_work_email{email, status},
 * most_probable_phone{number, region}, ...}, profile}]}}.
 */
final class FullEnrichJson {

    /** The {@code custom} entry that carries the request key, so results map back without state. */
    static final String KEY_FIELD = "middlemile_key";

    private FullEnrichJson() {
    }

    static FullEnrichEnrichment enrichment(JsonNode root) {
        List<FullEnrichContactResult> contacts = new ArrayList<>();
        for (JsonNode contact : root.path("data")) {
            JsonNode info = contact.path("contact_info");
            JsonNode email = info.path("most_probable_work_email");
            JsonNode phone = info.path("most_probable_phone");
            contacts.add(new FullEnrichContactResult(text(contact.path("custom").path(KEY_FIELD)), text(email.path("email")),
                    text(email.path("status")), text(phone.path("number"))));
        }
        JsonNode credits = root.path("cost").path("credits");
        return new FullEnrichEnrichment(text(root.path("id")), root.path("status").asText("UNKNOWN"),
                credits.isNumber() ? credits.asDouble() : null, contacts);
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}

package io.middlemile.connector.fullenrich;

import java.util.List;

/**
 * A FullEnrich enrichment as {@code GET /contact/enrich/bulk/{id}} (or a webhook delivery) gives it.
 *
 * @param id       the enrichment id
 * @param status   CREATED, IN_PROGRESS, CANCELED, CREDITS_INSUFFICIENT, FINISHED, RATE_LIMIT or UNKNOWN
 * @param credits  {@code cost.credits}, what the enrichment was charged in all; null when absent
 * @param contacts the contacts FullEnrich answered for (all of them when FINISHED; the finished ones otherwise)
 */
public record FullEnrichEnrichment(String id, String status, Double credits, List<FullEnrichContactResult> contacts) {

    public FullEnrichEnrichment {
        contacts = List.copyOf(contacts);
    }

    /** FINISHED, CREDITS_INSUFFICIENT or CANCELED: nothing more will come. */
    public boolean over() {
        return "FINISHED".equals(status) || "CREDITS_INSUFFICIENT".equals(status) || "CANCELED".equals(status);
    }
}

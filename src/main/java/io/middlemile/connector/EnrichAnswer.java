package io.middlemile.connector;

import java.util.List;
import java.util.Optional;

/**
 * What a submit or a poll brought: results for some lookups, and a ticket for those still pending (Apollo
 * answers a match at once but reveals a mobile phone later; FullEnrich answers everything later).
 *
 * @param results the finished lookups
 * @param pending the lookups still waiting, or empty when none is
 */
public record EnrichAnswer(List<EnrichResult> results, Optional<EnrichTicket> pending) {

    public EnrichAnswer {
        results = List.copyOf(results);
    }

    public static EnrichAnswer done(List<EnrichResult> results) {
        return new EnrichAnswer(results, Optional.empty());
    }

    public static EnrichAnswer waiting(EnrichTicket ticket) {
        return new EnrichAnswer(List.of(), Optional.of(ticket));
    }
}

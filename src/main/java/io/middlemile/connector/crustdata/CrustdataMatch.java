package io.middlemile.connector.crustdata;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One entry of an enrich answer: the identifier as Crustdata echoes it ({@code matched_on}) and its candidate
 * matches, best first; empty when nothing matched (no charge then).
 */
public record CrustdataMatch(String matchedOn, String matchType, List<Candidate> candidates) {

    /** One candidate: Crustdata's confidence 0..1 (null when absent) and its {@code person_data} or {@code company_data}. */
    public record Candidate(Double confidence, JsonNode data) {
    }

    public CrustdataMatch {
        candidates = List.copyOf(candidates);
    }
}

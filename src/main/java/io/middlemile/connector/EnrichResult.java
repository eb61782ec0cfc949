package io.middlemile.connector;

import java.util.Map;
import java.util.Objects;

/**
 * What one lookup found.
 *
 * @param key     the request's key
 * @param outcome found, not found, or refused by the vendor for this record
 * @param values  the values found, in canonical field names (only the ones asked for are kept by the waterfall)
 * @param credits what the vendor charged for this record (0 for a miss at vendors that charge only on a hit)
 * @param reason  for a rejection, the vendor's reason; else null
 */
public record EnrichResult(String key, Outcome outcome, Map<String, Found> values, double credits, String reason) {

    public enum Outcome { FOUND, NOT_FOUND, REJECTED }

    /**
     * One value found.
     *
     * @param value        the value as the vendor gave it (a standardizer cleans it before it is written)
     * @param confidence   the vendor's confidence 0..1, or null when it gives none
     * @param verification the vendor's verdict on the value, e.g. FullEnrich's DELIVERABLE or Apollo's verified; or null
     */
    public record Found(Object value, Double confidence, String verification) {

        public Found {
            Objects.requireNonNull(value, "value");
        }
    }

    public EnrichResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        values = Map.copyOf(values);
    }

    public static EnrichResult found(String key, Map<String, Found> values, double credits) {
        return new EnrichResult(key, values.isEmpty() ? Outcome.NOT_FOUND : Outcome.FOUND, values, credits, null);
    }

    public static EnrichResult notFound(String key, double credits) {
        return new EnrichResult(key, Outcome.NOT_FOUND, Map.of(), credits, null);
    }

    public static EnrichResult rejected(String key, String reason) {
        return new EnrichResult(key, Outcome.REJECTED, Map.of(), 0, reason);
    }
}

package io.middlemile.model;

import java.time.Instant;

/**
 * Who set a field value and when: a connection id (a CRM or CSV export) or an enrichment provider
 * id, and the time that source says the value was last set (or when the hub read it, if the source
 * keeps no field timestamps). A value an enrichment provider found also carries the provider's confidence,
 * its verdict on the value and what finding it cost.
 *
 * @param confidence   the provider's confidence 0..1, or null
 * @param verification the provider's verdict, e.g. DELIVERABLE, or null
 * @param cost         what the lookup that found it cost, in the waterfall's currency, or null
 */
public record Provenance(String setBy, Instant setAt, Double confidence, String verification, Double cost) {

    /** A value read from a source: no confidence, verdict or cost. */
    public Provenance(String setBy, Instant setAt) {
        this(setBy, setAt, null, null, null);
    }
}

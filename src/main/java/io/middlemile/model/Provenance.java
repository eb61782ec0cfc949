package io.middlemile.model;

import java.time.Instant;

/**
 * Who set a field value and when: a connection id (a CRM or CSV export) or an enrichment provider
 * id, and the time that source says the value was last set (or when the hub read it, if the source
 * keeps no field timestamps).
 */
public record Provenance(String setBy, Instant setAt) {
}

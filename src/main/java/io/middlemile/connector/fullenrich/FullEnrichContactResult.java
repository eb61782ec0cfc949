package io.middlemile.connector.fullenrich;

/**
 * One contact of a FullEnrich enrichment answer, as FullEnrich gives it.
 *
 * @param key         the request key the connector carried in {@code custom}, or null when FullEnrich dropped it
 * @param email       {@code contact_info.most_probable_work_email.email}, or null
 * @param emailStatus its {@code status} (DELIVERABLE, HIGH_PROBABILITY, CATCH_ALL, INVALID, INVALID_DOMAIN), or null
 * @param phone       {@code contact_info.most_probable_phone.number}, or null
 */
public record FullEnrichContactResult(String key, String email, String emailStatus, String phone) {
}

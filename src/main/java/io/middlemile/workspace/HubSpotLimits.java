package io.middlemile.workspace;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * The optional {@code limits:} section of a {@code hubspot} connector file: the account's API budget,
 * which the connector spends through its own rate limiters so a sync runs at the account's full
 * rate without drawing 429s. Without the section a connection assumes a Starter account (the
 * smallest budget) and HubSpot's search limit.
 *
 * @param tier            the portal's subscription tier, which sets the burst limit of private apps:
 *                        {@code free} and {@code starter} 100 requests per 10 s, {@code professional}
 *                        and {@code enterprise} 190 (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details)
 * @param requestsPer10s  the burst limit itself, when it is not the tier's (e.g. 250 with the API limit
 *                        increase pack); wins over {@code tier}
 * @param searchPerSecond the CRM search API's limit per second (default 5, HubSpot's documented limit)
 */
public record HubSpotLimits(
        @Pattern(regexp = "free|starter|professional|enterprise",
                message = "must be free, starter, professional or enterprise (the HubSpot subscription tier)") String tier,
        @Positive(message = "must be a positive number of requests per 10 seconds, e.g. 100 (Starter) or 190 (Professional)")
        Integer requestsPer10s,
        @Positive(message = "must be a positive number of search requests per second, e.g. 5") Integer searchPerSecond) {

    /** The burst limit these settings give, or null to keep the connector's default. */
    public Integer burstPer10s() {
        if (requestsPer10s != null) {
            return requestsPer10s;
        }
        if (tier == null) {
            return null;
        }
        return switch (tier) {
            case "professional", "enterprise" -> 190;
            default -> 100;
        };
    }
}

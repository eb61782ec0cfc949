package io.middlemile.workspace;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * The optional {@code limits:} section of a {@code hubspot} connector file: the account's API budget,
 * which the connector spends through its own rate limiters so a sync runs at the account's full
 * rate without drawing 429s, and the account's time zone, in which HubSpot resets the daily limit.
 * Without the section a connection assumes the smallest budget of its kind of app and UTC.
 *
 * <p>Which 10-second budget applies depends on the connection's {@code auth.type} as well as on these
 * values; the connector decides it ({@code io.middlemile.connector.hubspot.HubSpotAppKind}).
 *
 * @param tier            the portal's subscription tier, which sets the burst limit of private apps
 *                        (auth type bearer-token): {@code free} and {@code starter} 100 requests per 10 s,
 *                        {@code professional} and {@code enterprise} 190. OAuth public apps get 110 per
 *                        10 s per installing account whatever the tier
 *                        (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines)
 * @param requestsPer10s  the burst limit itself, when the tier and auth type do not give it (e.g. 250 with
 *                        the API limit increase pack); wins over both
 * @param searchPerSecond the CRM search API's limit per second (default 5, HubSpot's documented limit)
 * @param accountTimeZone the HubSpot account's time zone as an IANA id (e.g. America/New_York), in which
 *                        HubSpot resets the daily limit at midnight; default UTC
 */
public record HubSpotLimits(
        @Pattern(regexp = "free|starter|professional|enterprise",
                message = "must be free, starter, professional or enterprise (the HubSpot subscription tier)") String tier,
        @Positive(message = "must be a positive number of requests per 10 seconds, e.g. 100 (Starter) or 190 (Professional)")
        Integer requestsPer10s,
        @Positive(message = "must be a positive number of search requests per second, e.g. 5") Integer searchPerSecond,
        @TimeZoneId(message = "must be the HubSpot account's time zone as an IANA id such as America/New_York, Europe/Berlin"
                + " or UTC (case matters; no offsets like -05:00, they ignore daylight saving time). HubSpot resets the daily"
                + " API limit at midnight in this zone: copy the time zone shown in HubSpot under Settings > Account Defaults")
        String accountTimeZone) {
}

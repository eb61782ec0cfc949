package io.middlemile.connector.hubspot;

import io.middlemile.connector.QuotaHeaders;

import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a HubSpot answer says is left of the account's limits: {@code daily} (absent for OAuth apps, which have no daily
 * limit) and {@code ten-secondly}, the burst window of X-HubSpot-RateLimit-Interval-Milliseconds.
 */
final class HubSpotQuota implements QuotaHeaders {

    // Doc: https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details (X-HubSpot-RateLimit-Daily-Remaining,
    // X-HubSpot-RateLimit-Remaining within X-HubSpot-RateLimit-Interval-Milliseconds) and
    // https://developers.hubspot.com/changelog/rate-limit-headers-will-now-appear-for-oauth-authenticated-calls
    // (OAuth calls carry no daily headers). Search answers carry none of them.
    @Override
    public Map<String, Long> left(HttpHeaders headers) {
        Map<String, Long> left = new LinkedHashMap<>();
        Long daily = QuotaHeaders.number(headers, "X-HubSpot-RateLimit-Daily-Remaining");
        if (daily != null) {
            left.put("daily", daily);
        }
        Long burst = QuotaHeaders.number(headers, "X-HubSpot-RateLimit-Remaining");
        if (burst != null) {
            left.put("ten-secondly", burst);
        }
        return left;
    }
}

package io.middlemile.connector.hubspot;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.HubSpotLimits;
import io.middlemile.workspace.SecretRefs;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Tuning of one HubSpot connection. The defaults are HubSpot's documented limits for a Free/Starter
 * account's private app (100 requests per 10 s) and its search API (5 requests per second);
 * Professional and Enterprise accounts give private apps 190 per 10 s ({@link #professional}), and an
 * OAuth public app gets 110 per 10 s per installing account ({@link HubSpotAppKind}).
 *
 * @param baseUrl            API root, e.g. https://api.hubapi.com or a sandbox emulator
 * @param requestsPer10s     the burst limit of this kind of app on this account (100, 110 or 190)
 * @param searchPerSecond    the search API's own limit
 * @param maxAttempts        attempts per call for retriable errors and rate limits (1 = no retry)
 * @param searchResultCap    HubSpot's total-result cap of one search query (10,000)
 * @param requestTimeout     per-request timeout
 * @param accountZone        the account's time zone, in which the daily quota resets
 * @param rateLimitWait      how long a call may wait for a permit of the connection's budget (local or a cluster's)
 */
public record HubSpotSettings(String baseUrl, int requestsPer10s, int searchPerSecond, int maxAttempts,
                              int searchResultCap, Duration requestTimeout, ZoneId accountZone, Duration rateLimitWait) {

    public static final int FREE_STARTER_PER_10S = 100;
    public static final int PROFESSIONAL_ENTERPRISE_PER_10S = 190;
    /** OAuth public apps, per installing account and whatever its tier (the API limit increase add-on does not apply). */
    public static final int PUBLIC_APP_PER_10S = 110;
    /**
     * The CRM search endpoints' limit per account. The issue this connector was built to specifies about
     * five per second; the HubSpot pages the project could check say one, then four per second per token
     * (https://developers.hubspot.com/changelog/crm-search-api-rate-limit-increase), later raised
     * (https://developers.hubspot.com/changelog/increasing-our-api-limits, whose search figure we could not
     * read). A portal that answers searches with 429 SECONDLY at this rate can set {@code limits.searchPerSecond: 4}:
     * the connector then waits instead of retrying. Search throughput bounds an incremental sync (200 records a
     * search), so the default spends it all.
     */
    public static final int SEARCH_PER_SECOND = 5;

    public HubSpotSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = "https://api.hubapi.com";
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (requestsPer10s < 1 || searchPerSecond < 1 || maxAttempts < 1 || searchResultCap < 1) {
            throw new IllegalArgumentException("HubSpot settings need positive limits, got " + requestsPer10s + "/10s, "
                    + searchPerSecond + " searches/s, " + maxAttempts + " attempts, cap " + searchResultCap);
        }
    }

    public static HubSpotSettings defaults(String baseUrl) {
        return new HubSpotSettings(baseUrl, FREE_STARTER_PER_10S, SEARCH_PER_SECOND, 6, 10_000, Duration.ofSeconds(30), ZoneId.of("UTC"),
                Duration.ofSeconds(60));
    }

    /**
     * The settings of a connection from its connector file: the defaults for its baseUrl, the burst
     * budget of its kind of app ({@code auth.type}) and tier, and what its optional {@code limits:}
     * section sets (requestsPer10s wins over both; searchPerSecond; accountTimeZone, default UTC).
     */
    public static HubSpotSettings from(ConnectorConfig config) {
        HubSpotLimits limits = config.limits() == null ? new HubSpotLimits(null, null, null, null) : config.limits();
        int burst = limits.requestsPer10s() != null
                ? limits.requestsPer10s()
                : HubSpotAppKind.of(config.auth()).requestsPer10s(limits.tier());
        HubSpotSettings settings = defaults(config.baseUrl()).withRequestsPer10s(burst);
        if (limits.searchPerSecond() != null) {
            settings = settings.withSearchPerSecond(limits.searchPerSecond());
        }
        if (limits.accountTimeZone() != null) {
            settings = settings.withAccountZone(parseAccountZone(config, limits.accountTimeZone()));
        }
        return settings;
    }

    /** The zone of {@code limits.accountTimeZone}; workspace validation refuses a bad one first, this names it again. */
    private static ZoneId parseAccountZone(ConnectorConfig config, String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("HubSpot connection '" + config.id() + "': limits.accountTimeZone \"" + id
                    + "\" in connectors/" + config.id() + ".yaml is not a time zone. Set the account's time zone as an IANA id"
                    + " such as America/New_York (HubSpot: Settings > Account Defaults), or remove the line for UTC.", e);
        }
    }

    public HubSpotSettings professional() {
        return withRequestsPer10s(PROFESSIONAL_ENTERPRISE_PER_10S);
    }

    public HubSpotSettings withRequestsPer10s(int value) {
        return new HubSpotSettings(baseUrl, value, searchPerSecond, maxAttempts, searchResultCap, requestTimeout, accountZone, rateLimitWait);
    }

    public HubSpotSettings withSearchPerSecond(int value) {
        return new HubSpotSettings(baseUrl, requestsPer10s, value, maxAttempts, searchResultCap, requestTimeout, accountZone, rateLimitWait);
    }

    public HubSpotSettings withMaxAttempts(int value) {
        return new HubSpotSettings(baseUrl, requestsPer10s, searchPerSecond, value, searchResultCap, requestTimeout, accountZone, rateLimitWait);
    }

    public HubSpotSettings withAccountZone(ZoneId value) {
        return new HubSpotSettings(baseUrl, requestsPer10s, searchPerSecond, maxAttempts, searchResultCap, requestTimeout, value, rateLimitWait);
    }

    public HubSpotSettings withSearchResultCap(int value) {
        return new HubSpotSettings(baseUrl, requestsPer10s, searchPerSecond, maxAttempts, value, requestTimeout, accountZone, rateLimitWait);
    }

    /** As a record prints itself, without a user or password written into the base URL. */
    @Override
    public String toString() {
        return "HubSpotSettings[baseUrl=" + SecretRefs.withoutUserInfo(baseUrl) + ", requestsPer10s=" + requestsPer10s
                + ", searchPerSecond=" + searchPerSecond + ", maxAttempts=" + maxAttempts + ", searchResultCap=" + searchResultCap
                + ", requestTimeout=" + requestTimeout + ", accountZone=" + accountZone + ", rateLimitWait=" + rateLimitWait + "]";
    }
}

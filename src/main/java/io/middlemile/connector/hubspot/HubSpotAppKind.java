package io.middlemile.connector.hubspot;

import io.middlemile.workspace.AuthConfig;

/**
 * The kind of HubSpot app a connection calls as, read from its {@code auth.type}. HubSpot budgets the two
 * differently, and a connection paced for the wrong one draws 429 TEN_SECONDLY_ROLLING all day.
 *
 * <p>Doc: https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines ("API usage
 * guidelines and limits"): private apps get 100 requests per 10 s on Free and Starter, 190 on Professional
 * and Enterprise (250 with the API limit increase add-on); an OAuth public app gets 110 per 10 s for each
 * account that installs it, whatever that account's tier, and the add-on does not raise it. An OAuth app
 * of the newer developer platform distributed privately to chosen accounts is budgeted like a private
 * app instead: such a connection sets {@code limits.requestsPer10s} to its tier's number.
 */
public enum HubSpotAppKind {

    /** A private app (or static-token app) token: {@code auth.type: bearer-token}. */
    PRIVATE_APP,
    /** An OAuth app installed in the account: {@code auth.type: oauth2-refresh-token}. */
    PUBLIC_APP;

    /** The kind of app a connection's auth section describes; no auth reads as a private app (its error comes later). */
    public static HubSpotAppKind of(AuthConfig auth) {
        return auth != null && "oauth2-refresh-token".equals(auth.type()) ? PUBLIC_APP : PRIVATE_APP;
    }

    /**
     * HubSpot's 10-second request budget for this kind of app on an account of the given tier
     * (free, starter, professional, enterprise; null: unknown, so the smallest private-app budget).
     */
    public int requestsPer10s(String tier) {
        if (this == PUBLIC_APP) {
            return HubSpotSettings.PUBLIC_APP_PER_10S;
        }
        return "professional".equals(tier) || "enterprise".equals(tier)
                ? HubSpotSettings.PROFESSIONAL_ENTERPRISE_PER_10S
                : HubSpotSettings.FREE_STARTER_PER_10S;
    }
}

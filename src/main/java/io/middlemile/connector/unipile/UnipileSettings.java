package io.middlemile.connector.unipile;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import java.time.Duration;
import java.util.Map;

/**
 * Tuning of one Unipile connection.
 *
 * <p>Which sending accounts are LinkedIn Premium (or Sales Navigator / Recruiter): their invitation note may hold 300
 * characters, a free account's 200 (developer.unipile.com/v2.0/docs/provider-limits-and-restrictions). The connector file
 * has no place for it (the connector files' shape is shared by every provider), so it comes, per send, from the send's
 * field {@code premium} (true or false, set by the outreach step from its sending-account configuration), else from
 * {@link #premiumAccounts} here; an account named nowhere is taken as free, so a note is never sent that LinkedIn may
 * refuse or cut.
 *
 * @param baseUrl         API root, https://{DSN}/api/v1 (the DSN from the Unipile dashboard) or an emulator's
 * @param requestTimeout  per-request timeout
 * @param maxAttempts     attempts of a read (profile, relations, accounts) that failed for want of an answer or with a
 *                        502/503/504; sends are never repeated (a repeated message reaches the person twice)
 * @param premiumAccounts account_id to whether it is a paid LinkedIn account (note of 300 characters); absent: free (200)
 */
public record UnipileSettings(String baseUrl, Duration requestTimeout, int maxAttempts, Map<String, Boolean> premiumAccounts) {

    public static final int PAID_NOTE_LIMIT = 300;
    public static final int FREE_NOTE_LIMIT = 200;

    public UnipileSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("A Unipile connection needs baseUrl: https://{DSN}/api/v1, the DSN shown in the"
                    + " Unipile dashboard (e.g. https://api8.unipile.com:13851/api/v1)");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Unipile settings need at least one attempt, got " + maxAttempts);
        }
        premiumAccounts = premiumAccounts == null ? Map.of() : Map.copyOf(premiumAccounts);
    }

    public static UnipileSettings defaults(String baseUrl) {
        return new UnipileSettings(baseUrl, Duration.ofSeconds(30), 3, Map.of());
    }

    public static UnipileSettings from(ConnectorConfig config) {
        return defaults(config.baseUrl());
    }

    public UnipileSettings withPremiumAccounts(Map<String, Boolean> value) {
        return new UnipileSettings(baseUrl, requestTimeout, maxAttempts, value);
    }

    public UnipileSettings withTimeout(Duration value) {
        return new UnipileSettings(baseUrl, value, maxAttempts, premiumAccounts);
    }

    public UnipileSettings withMaxAttempts(int value) {
        return new UnipileSettings(baseUrl, requestTimeout, value, premiumAccounts);
    }

    /** The longest invitation note the account may send: 300 for a paid account, 200 for a free or unknown one. */
    public int noteLimit(String accountId) {
        return Boolean.TRUE.equals(premiumAccounts.get(accountId)) ? PAID_NOTE_LIMIT : FREE_NOTE_LIMIT;
    }

    /** As a record prints itself, without a user or password written into the base URL. */
    @Override
    public String toString() {
        return "UnipileSettings[baseUrl=" + SecretRefs.withoutUserInfo(baseUrl) + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + ", premiumAccounts=" + premiumAccounts + "]";
    }
}

package io.middlemile.sandbox.unipile;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link UnipileEmulator} behaves: the key it accepts, its LinkedIn accounts with their limits, and how the people
 * it knows answer (who accepts an invitation and when, who replies to a message and when), all deterministic.
 *
 * @param apiKey        the X-API-KEY it accepts
 * @param accounts      the connected LinkedIn accounts
 * @param people        who accepts and replies, and when
 * @param retryDelays   waits before each retry of a webhook delivery not answered 200 (Unipile: five retries with growing
 *                      delays, developer.unipile.com/docs/webhooks-2; the delays are this emulator's choice)
 * @param webhookTimeout how long a delivery waits for the hub's answer (Unipile: 30 s)
 * @param retryAfter    the Retry-After sent with a 429 for a spent account limit; null: none (Unipile documents none)
 */
public record UnipileEmulatorSettings(String apiKey, List<Account> accounts, Behaviour people, List<Duration> retryDelays,
                                      Duration webhookTimeout, Duration retryAfter) {

    /** Unipile's retries: five, growing. */
    public static final List<Duration> UNIPILE_RETRIES = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));

    public UnipileEmulatorSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(people, "people");
        retryDelays = List.copyOf(retryDelays);
        if (accounts.stream().map(Account::id).distinct().count() != accounts.size()) {
            throw new IllegalArgumentException("two emulated Unipile accounts share an id: " + accounts);
        }
    }

    /** One paid account {@code acc-premium} and one free {@code acc-free}, in UTC; people answer after a few seconds. */
    public static UnipileEmulatorSettings defaults(String apiKey) {
        return new UnipileEmulatorSettings(apiKey, List.of(Account.premium("acc-premium", "Sandbox Premium", ZoneId.of("UTC")),
                Account.free("acc-free", "Sandbox Free", ZoneId.of("UTC"))), Behaviour.rehearsal(), UNIPILE_RETRIES,
                Duration.ofSeconds(30), null);
    }

    public UnipileEmulatorSettings withAccounts(List<Account> value) {
        return new UnipileEmulatorSettings(apiKey, value, people, retryDelays, webhookTimeout, retryAfter);
    }

    public UnipileEmulatorSettings withPeople(Behaviour value) {
        return new UnipileEmulatorSettings(apiKey, accounts, value, retryDelays, webhookTimeout, retryAfter);
    }

    public UnipileEmulatorSettings withRetryDelays(List<Duration> value) {
        return new UnipileEmulatorSettings(apiKey, accounts, people, value, webhookTimeout, retryAfter);
    }

    public UnipileEmulatorSettings withRetryAfter(Duration value) {
        return new UnipileEmulatorSettings(apiKey, accounts, people, retryDelays, webhookTimeout, value);
    }

    /**
     * A connected LinkedIn account.
     *
     * @param id       its account_id
     * @param zone     where its day starts and ends (the daily limits count per local day)
     * @param premium  a paid account: invitation notes of up to 300 characters, else 200
     * @param limits   what LinkedIn lets it do
     */
    public record Account(String id, String name, ZoneId zone, boolean premium, Limits limits) {

        public Account {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(limits, "limits");
        }

        /** A paid account: 100 invitations a day, 200 a week (developer.unipile.com/docs/invite-users). */
        public static Account premium(String id, String name, ZoneId zone) {
            return new Account(id, name, zone, true, new Limits(100, 200, 100, 150));
        }

        /** A free account: the same day's limits, 150 invitations a week (developer.unipile.com/v2.0/docs/linkedin-manage-invitations). */
        public static Account free(String id, String name, ZoneId zone) {
            return new Account(id, name, zone, false, new Limits(100, 150, 100, 150));
        }

        public Account withLimits(Limits value) {
            return new Account(id, name, zone, premium, value);
        }
    }

    /**
     * One account's LinkedIn limits; beyond one, Unipile answers 429.
     *
     * @param invitationsPerDay  per local day of the account
     * @param invitationsPerWeek over the last 7 days (rolling)
     * @param profilesPerDay     profile look-ups per local day (80 to 100, developer.unipile.com/v2.0/docs/provider-limits-and-restrictions)
     * @param messagesPerDay     messages sent per local day (undocumented; this emulator's choice)
     */
    public record Limits(int invitationsPerDay, int invitationsPerWeek, int profilesPerDay, int messagesPerDay) {
    }

    /**
     * Who of the people answers, and when. Whether a person accepts (or replies) is decided by a hash of their public
     * identifier and {@code seed}, so the same people answer in every run whatever the order of the sends.
     *
     * @param acceptShare     the share of invited people who accept (0 to 1)
     * @param acceptAfter     how long after the invitation they accept
     * @param relationLatency how long after the acceptance Unipile notices it and fires new_relation (real: up to 8 h,
     *                        developer.unipile.com/docs/detecting-accepted-invitations)
     * @param replyShare      the share of people written to who reply to the first message (0 to 1)
     * @param replyAfter      how long after the message they reply
     * @param replyText       what they reply
     * @param seed            varies who is chosen
     */
    public record Behaviour(double acceptShare, Duration acceptAfter, Duration relationLatency, double replyShare,
                            Duration replyAfter, String replyText, long seed) {

        public Behaviour {
            if (acceptShare < 0 || acceptShare > 1 || replyShare < 0 || replyShare > 1) {
                throw new IllegalArgumentException("shares are between 0 and 1, got " + acceptShare + " and " + replyShare);
            }
        }

        /** For a rehearsal: half accept after 5 s (noticed at once), half of those written to reply after 5 s. */
        public static Behaviour rehearsal() {
            return new Behaviour(0.5, Duration.ofSeconds(5), Duration.ZERO, 0.5, Duration.ofSeconds(5),
                    "Thanks for reaching out, happy to talk.", 1);
        }

        /** Like LinkedIn: acceptances within a day, noticed up to 8 hours late; replies within hours. */
        public static Behaviour realistic() {
            return new Behaviour(0.3, Duration.ofHours(20), Duration.ofHours(8), 0.2, Duration.ofHours(3),
                    "Thanks for reaching out, happy to talk.", 1);
        }
    }
}

package io.middlemile.connector.unipile;

import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.ObservedHttp;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.QuotaHeaders;
import io.middlemile.connector.VendorHttp;
import io.middlemile.connector.unipile.UnipileRecords.Account;
import io.middlemile.connector.unipile.UnipileRecords.InvitationSent;
import io.middlemile.connector.unipile.UnipileRecords.MessageSent;
import io.middlemile.connector.unipile.UnipileRecords.Profile;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Unipile connection: LinkedIn invitations and messages from the accounts connected in Unipile, as {@link Outreach}
 * sends of one person each ({@link #maxBatchSize} 1: every Unipile call is about one person).
 *
 * <ul>
 *   <li>{@link Outreach.Kind#INVITE}: the note's length is checked first (300 characters for a paid account, 200 for a
 *       free or unknown one, {@link UnipileSettings}; the send's field {@code premium} overrides): a longer note is
 *       REJECTED, never cut. Then the profile look-up ({@code GET /users/{identifier}}) gives the provider_id and
 *       {@code POST /users/invite} sends it. Already invited (or an invitation pending): SKIPPED; already a connection
 *       (the profile's {@code network_distance} FIRST_DEGREE): SKIPPED without the invite call
 *       ({@link #alreadyConnected}).</li>
 *   <li>{@link Outreach.Kind#MESSAGE}: into the send's destination chat id, or, without one, the profile look-up and
 *       {@code POST /chats}, which starts the 1-to-1 chat or reuses it.</li>
 *   <li>The account's LinkedIn limit reached (429 or 500): DEFERRED, {@code retryAt} from Retry-After when Unipile sent
 *       one. A disconnected account (401 errors/disconnected_account), a refused key or an outage is thrown
 *       ({@link ConnectorException}): no send of that account can get through.</li>
 * </ul>
 */
public final class UnipileConnector implements Connector, Outreach {

    /** How a SKIPPED invitation's reason begins when the person is already a connection of the sending account. */
    public static final String ALREADY_CONNECTED = "already a connection";

    /** Whether an invitation was skipped because the person is already a 1st-degree connection of its account. */
    public static boolean alreadyConnected(Outcome outcome) {
        return outcome.status() == Outcome.Status.SKIPPED && outcome.reason() != null && outcome.reason().startsWith(ALREADY_CONNECTED);
    }

    /** The send field that says whether the sending account is paid (note of 300 characters) or free (200). */
    public static final String PREMIUM_FIELD = "premium";

    private final String connectionId;
    private final ConnectorConfig config;
    private final UnipileSettings settings;
    private final UnipileClient client;
    private final Clock clock;

    public UnipileConnector(ConnectorConfig config, Map<String, String> environment, UnipileSettings settings) {
        this(config, environment, settings, Clock.systemUTC());
    }

    /** @param clock now, for a DEFERRED send's retryAt */
    public UnipileConnector(ConnectorConfig config, Map<String, String> environment, UnipileSettings settings, Clock clock) {
        this(config, environment, settings, clock, CallObserver.NONE);
    }

    /** @param calls told of every HTTP exchange (the engine's metrics; LinkedIn's caps are counted per account, not in headers) */
    public UnipileConnector(ConnectorConfig config, Map<String, String> environment, UnipileSettings settings, Clock clock,
                            CallObserver calls) {
        this.connectionId = config.id();
        this.config = config;
        this.settings = settings;
        this.clock = clock;
        String reference = config.auth() == null ? null : config.auth().apiKey();
        String key = SecretRefs.resolve(reference, environment).orElseThrow(() -> new IllegalArgumentException(
                "Unipile connection '" + connectionId + "': the API key is not set. Export the variable named in auth.apiKey of"
                        + " connectors/" + connectionId + ".yaml (" + SecretRefs.variable(reference).orElse("e.g. UNIPILE_API_KEY")
                        + ") with a Unipile access token (Unipile dashboard > Access tokens)."));
        this.client = new UnipileClient(connectionId, settings, key, ObservedHttp.of(
                VendorHttp.client(), connectionId, calls, QuotaHeaders.NONE));
    }

    public UnipileClient client() {
        return client;
    }

    @Override
    public int maxBatchSize(Kind kind) {
        return 1;
    }

    @Override
    public List<Outcome> send(List<Send> sends, Map<String, Object> options) {
        if (sends.size() > 1) {
            throw new IllegalArgumentException("Unipile connection '" + connectionId + "' sends one invitation or message a call,"
                    + " got " + sends.size() + "; nothing was sent. Send them one by one (maxBatchSize is 1).");
        }
        return sends.stream().map(this::sendOne).toList();
    }

    private Outcome sendOne(Send send) {
        if (send.kind() != Kind.INVITE && send.kind() != Kind.MESSAGE) {
            throw new IllegalArgumentException("Unipile connection '" + connectionId + "' sends LinkedIn invitations and messages,"
                    + " not campaign enrolments, interest updates or removals; route " + send.kind() + " sends to an Instantly connection.");
        }
        if (send.account() == null || send.account().isBlank()) {
            return rejected(send, "no sending account: a LinkedIn " + what(send) + " needs the Unipile account_id it goes from");
        }
        try {
            return send.kind() == Kind.INVITE ? invite(send) : message(send);
        } catch (UnipileCallException e) {
            if (e.kind() == ConnectorException.Kind.RATE_LIMITED) {
                Instant retryAt = e.retryAfter() == null ? null : clock.instant().plus(e.retryAfter());
                return new Outcome(send.key(), Outcome.Status.DEFERRED, null, e.getMessage(), retryAt);
            }
            if (e.perRecord() && send.kind() == Kind.INVITE && UnipileErrorClassifier.alreadyInvited(e)) {
                return new Outcome(send.key(), Outcome.Status.SKIPPED, null, "already invited from account " + send.account()
                        + " (or an invitation is pending); not invited again", null);
            }
            if (e.perRecord()) {
                return rejected(send, e.getMessage());
            }
            throw e;
        }
    }

    private Outcome invite(Send send) {
        String note = send.text() == null || send.text().isEmpty() ? null : send.text();
        if (note != null) {
            boolean premium = premium(send);
            int limit = premium ? UnipileSettings.PAID_NOTE_LIMIT : UnipileSettings.FREE_NOTE_LIMIT;
            int length = note.codePointCount(0, note.length());
            if (length > limit) {
                return rejected(send, "the invitation note has " + length + " characters; LinkedIn takes at most " + limit
                        + " from " + (premium ? "a paid" : "a free (or not declared paid)") + " account (" + send.account()
                        + "). Shorten the note; it is never cut." + (premium ? "" : " If the account is Premium or Sales"
                        + " Navigator, declare it paid (send field premium: true) to allow 300."));
            }
        }
        Profile profile = client.profile(send.account(), publicIdentifier(send.recipient()));
        if (profile.providerId() == null) {
            return rejected(send, "Unipile's profile of " + send.recipient() + " has no provider_id to invite");
        }
        if (profile.connected()) {
            // LinkedIn refuses an invitation to a connection; saying so here spares the call and lets the outreach message them
            return new Outcome(send.key(), Outcome.Status.SKIPPED, null, ALREADY_CONNECTED + " of account " + send.account()
                    + " (1st degree); not invited", null);
        }
        InvitationSent sent = client.invite(send.account(), profile.providerId(), note);
        return Outcome.sent(send.key(), sent.invitationId());
    }

    private Outcome message(Send send) {
        if (send.text() == null || send.text().isBlank()) {
            return rejected(send, "the message has no text");
        }
        if (send.destination() != null && !send.destination().isBlank()) {
            MessageSent sent = client.sendMessage(send.account(), send.destination(), send.text());
            return Outcome.sent(send.key(), sent.messageId());
        }
        Profile profile = client.profile(send.account(), publicIdentifier(send.recipient()));
        if (profile.providerId() == null) {
            return rejected(send, "Unipile's profile of " + send.recipient() + " has no provider_id to write to");
        }
        MessageSent sent = client.startChat(send.account(), profile.providerId(), send.text());
        return Outcome.sent(send.key(), sent.messageId());
    }

    private boolean premium(Send send) {
        Object flag = send.fields().get(PREMIUM_FIELD);
        if (flag instanceof Boolean b) {
            return b;
        }
        if (flag instanceof String s && !s.isBlank()) {
            return Boolean.parseBoolean(s.trim());
        }
        return settings.noteLimit(send.account()) == UnipileSettings.PAID_NOTE_LIMIT;
    }

    /**
     * The identifier Unipile's profile look-up takes: the last part of a LinkedIn profile URL
     * ({@code https://www.linkedin.com/in/jane-doe-1234/} → {@code jane-doe-1234}), or the value itself when it is
     * already an identifier (a public identifier or an ACo... provider id).
     */
    public static String publicIdentifier(String recipient) {
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("a LinkedIn send needs the person's profile URL or public identifier");
        }
        String value = recipient.trim();
        if (value.contains("/")) {
            String path = value;
            try {
                URI uri = URI.create(value.contains("://") ? value : "https://" + value);
                path = uri.getPath() == null ? value : uri.getPath();
            } catch (IllegalArgumentException e) {
                int cut = value.indexOf('?');
                path = cut < 0 ? value : value.substring(0, cut);
            }
            String[] segments = path.split("/");
            for (int i = segments.length - 1; i >= 0; i--) {
                if (!segments[i].isBlank()) {
                    return segments[i];
                }
            }
        }
        return value;
    }

    private static String what(Send send) {
        return send.kind() == Kind.INVITE ? "invitation" : "message";
    }

    private Outcome rejected(Send send, String reason) {
        return new Outcome(send.key(), Outcome.Status.REJECTED, null, reason, null);
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (config.objects() != null) {
            config.objects().forEach((name, object) -> fields.put(name, object == null || object.fields() == null
                    ? List.of() : List.copyOf(object.fields())));
        }
        return ConnectorDescription.of(this, connectionId, UnipileProvider.TYPE, fields);
    }

    @Override
    public HealthCheck check() {
        try {
            List<Account> accounts = client.accounts();
            List<String> linkedIn = accounts.stream().filter(a -> "LINKEDIN".equalsIgnoreCase(a.type())).map(Account::id).toList();
            List<String> down = accounts.stream()
                    .filter(a -> a.statuses().stream().anyMatch(s -> !s.isBlank() && !"OK".equalsIgnoreCase(s)))
                    .map(Account::id).toList();
            if (!down.isEmpty()) {
                return HealthCheck.failed("Unipile at " + SecretRefs.withoutUserInfo(settings.baseUrl())
                        + " accepted the API key of connection '"
                        + connectionId + "', but account(s) " + down + " are not running (disconnected or needing a"
                        + " check-point): reconnect them in the Unipile dashboard.");
            }
            return HealthCheck.ok("Unipile at " + SecretRefs.withoutUserInfo(settings.baseUrl()) + " accepted the API key of connection '"
                    + connectionId
                    + "'; LinkedIn accounts: " + (linkedIn.isEmpty() ? "none connected yet" : linkedIn) + ".");
        } catch (ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (RuntimeException e) {
            return HealthCheck.failed("Could not check Unipile connection '" + connectionId + "' at "
                    + SecretRefs.withoutUserInfo(settings.baseUrl()) + ": "
                    + e.getClass().getSimpleName() + ". Check baseUrl in its connector file (https://{DSN}/api/v1).");
        }
    }

    @Override
    public String toString() {
        return "UnipileConnector[" + connectionId + "]";
    }
}

package io.middlemile.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A write a policy parked for a person to approve or reject.
 *
 * @param reason why the hub wanted to write these values (an owner's assignment rule), or null; the approved write is
 *               journaled with it
 * @param actor  who asked for the write ({@code job:NAME}, {@code agent:NAME}, ...); the approved write is journaled under it
 * @param approvingBy who began approving the pending item and has not recorded the decision yet: an approval under way,
 *                    or one whose process stopped midway, whose change may have been written (the item then waits for a
 *                    person and does not expire); null otherwise
 */
public record ReviewItem(long id, long runId, String job, String connection, String object, String recordKey, String action,
                         Map<String, Object> before, Map<String, Object> after, String rule, Status status, Instant createdAt,
                         Instant expiresAt, Instant decidedAt, String decidedBy, String note, String reason, String actor,
                         String approvingBy) {

    public ReviewItem(long id, long runId, String job, String connection, String object, String recordKey, String action,
                      Map<String, Object> before, Map<String, Object> after, String rule, Status status, Instant createdAt,
                      Instant expiresAt, Instant decidedAt, String decidedBy, String note, String reason, String actor) {
        this(id, runId, job, connection, object, recordKey, action, before, after, rule, status, createdAt, expiresAt, decidedAt,
                decidedBy, note, reason, actor, null);
    }

    public ReviewItem(long id, long runId, String job, String connection, String object, String recordKey, String action,
                      Map<String, Object> before, Map<String, Object> after, String rule, Status status, Instant createdAt,
                      Instant expiresAt, Instant decidedAt, String decidedBy, String note, String reason) {
        this(id, runId, job, connection, object, recordKey, action, before, after, rule, status, createdAt, expiresAt, decidedAt,
                decidedBy, note, reason, null, null);
    }

    public ReviewItem(long id, long runId, String job, String connection, String object, String recordKey, String action,
                      Map<String, Object> before, Map<String, Object> after, String rule, Status status, Instant createdAt,
                      Instant expiresAt, Instant decidedAt, String decidedBy, String note) {
        this(id, runId, job, connection, object, recordKey, action, before, after, rule, status, createdAt, expiresAt, decidedAt,
                decidedBy, note, null, null, null);
    }

    /**
     * For a pending item an approval began and has not recorded ({@link #approvingBy}), what a person should know, in one
     * sentence; null otherwise.
     */
    public String approvalUnderWay() {
        if (approvingBy == null || status != Status.PENDING) {
            return null;
        }
        return approvingBy + " began approving it and the decision is not recorded yet. If no approval is running now, it"
                + " stopped midway (its process ended) and its change may already be in " + connection + "/" + object + " "
                + recordKey + ": check the record there, then approve it (the write makes only what is missing) or reject it."
                + " It does not expire meanwhile.";
    }

    /** What it writes, sends or looks up, as a list shows it: the fields written, or a lookup's fields and most credits. */
    public String what() {
        if (action.equals("spend")) {
            return after.get("fields") + " for up to " + after.get("maxCredits") + " credits";
        }
        return after.keySet().toString();
    }

    /**
     * Where a parked write stands. {@link #wire()} is the {@code reviews.status} column, the JSON value and
     * the word the CLI prints: {@code pending}, {@code approved}, {@code rejected}, {@code expired}, {@code conflict},
     * {@code withdrawn} (the run that parked it was rolled back before anyone decided it, or after a person approved a send
     * or lookup that no run made yet: its change is no longer wanted, and making it would make part of an undone change; the
     * item's note names the rollback run).
     */
    public enum Status {
        PENDING, APPROVED, REJECTED, EXPIRED, CONFLICT, WITHDRAWN;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status fromWire(String value) {
            return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown review status \"" + value + "\"; expected one of "
                            + Arrays.stream(values()).map(Status::wire).collect(Collectors.joining(", "))));
        }
    }
}

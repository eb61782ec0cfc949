package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;

/**
 * The {@code policy:} section of a connector file: what automations may write to this connection.
 * Every write is decided {@code auto} (written), {@code review} (parked until a person approves) or
 * {@code deny} (never written). Rules are read in order and the first that matches decides.
 *
 * @param defaultDecision decision when no rule matches (default auto)
 * @param rules           decisions by object, field, action, volume and match confidence
 * @param caps            hard limits per run and per day; reaching one halts the run
 */
public record PolicyConfig(
        @com.fasterxml.jackson.annotation.JsonProperty("default")
        @Pattern(regexp = "auto|review|deny", message = "must be auto, review or deny") String defaultDecision,
        List<@Valid Rule> rules,
        List<@Valid Cap> caps) {

    public static final String ACTIONS = "create|update|merge|archive|send|spend";

    public PolicyConfig {
        defaultDecision = defaultDecision == null ? "auto" : defaultDecision;
        rules = rules == null ? List.of() : List.copyOf(rules);
        caps = caps == null ? List.of() : List.copyOf(caps);
    }

    /** The kinds of actor a rule's or cap's {@code actor} glob starts with (govern.Actor's kinds). */
    public static final List<String> ACTOR_KINDS = List.of("job", "person", "agent");

    /**
     * Why an {@code actor} glob cannot match any actor, or null when it can: it must be {@code *} or start with a
     * kind, e.g. {@code agent:*}, {@code agent:hygiene-bot}, {@code person:*}, {@code job:nightly-*}.
     */
    public static String actorProblem(String glob) {
        if (glob.equals("*")) {
            return null;
        }
        int colon = glob.indexOf(':');
        String kind = colon < 0 ? glob : glob.substring(0, colon);
        if (colon < 0 || !ACTOR_KINDS.contains(kind)) {
            return "\"" + glob + "\" names no kind of actor; start it with job:, person: or agent: (or write * for everyone),"
                    + " e.g. \"agent:*\" or \"agent:hygiene-bot\"";
        }
        if (glob.length() == colon + 1) {
            return "\"" + glob + "\" has no name after the colon; write \"" + glob + "*\" for every " + kind;
        }
        return null;
    }

    public static PolicyConfig allowAll() {
        return new PolicyConfig("auto", List.of(), List.of());
    }

    /**
     * One rule; every condition given must hold for it to match.
     *
     * @param actor           who asks for the write, as a glob: {@code agent:*} (every AI agent), {@code agent:hygiene-bot},
     *                        {@code person:*} (people through the console or the API), {@code job:nightly-*}
     * @param object          provider object, e.g. contacts
     * @param field           provider field written, e.g. lifecyclestage or hubspot_owner_id
     * @param action          create, update, merge, archive, send or spend
     * @param volumeOver      matches once this run has already made more than this many writes of the action here
     * @param todayOver       matches once all runs together made more than this many writes of the action here today (UTC)
     * @param confidenceBelow matches writes whose match confidence is below this (merges of likely duplicates)
     * @param decision        auto, review or deny
     */
    public record Rule(
            String actor,
            String object,
            String field,
            @Pattern(regexp = ACTIONS, message = "must be create, update, merge, archive, send or spend") String action,
            @Min(value = 0, message = "must be 0 or more") Integer volumeOver,
            @Min(value = 0, message = "must be 0 or more") Integer todayOver,
            Double confidenceBelow,
            @NotNull(message = "is required: auto, review or deny")
            @Pattern(regexp = "auto|review|deny", message = "must be auto, review or deny") String decision) {

        @com.fasterxml.jackson.annotation.JsonCreator
        public Rule {
        }

        /** A rule for every actor. */
        public Rule(String object, String field, String action, Integer volumeOver, Integer todayOver, Double confidenceBelow,
                    String decision) {
            this(null, object, field, action, volumeOver, todayOver, confidenceBelow, decision);
        }
    }

    /**
     * A hard limit on one action at this connection. Without {@code actor} it counts every write of the action;
     * with one it counts each matching actor's writes apart, so {@code {actor: "agent:*", action: update, perDay: 500}}
     * lets every agent make 500 updates a day.
     *
     * @param actor   whose writes are counted, as a glob like a rule's {@code actor}; each matching actor has its own count
     * @param action  create, update, merge, archive, send or spend
     * @param perRun  most writes of the action one run may make
     * @param perDay  most writes of the action all runs together may make per UTC day
     */
    public record Cap(
            String actor,
            @NotNull(message = "is required: the action capped")
            @Pattern(regexp = ACTIONS, message = "must be create, update, merge, archive, send or spend") String action,
            @Min(value = 0, message = "must be 0 or more") Integer perRun,
            @Min(value = 0, message = "must be 0 or more") Integer perDay) {

        @com.fasterxml.jackson.annotation.JsonCreator
        public Cap {
        }

        /** A cap on every actor's writes together. */
        public Cap(String action, Integer perRun, Integer perDay) {
            this(null, action, perRun, perDay);
        }
    }
}

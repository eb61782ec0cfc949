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

    public static PolicyConfig allowAll() {
        return new PolicyConfig("auto", List.of(), List.of());
    }

    /**
     * One rule; every condition given must hold for it to match.
     *
     * @param object          provider object, e.g. contacts
     * @param field           provider field written, e.g. lifecyclestage or hubspot_owner_id
     * @param action          create, update, merge, archive, send or spend
     * @param volumeOver      matches once this run has already made more than this many writes of the action here
     * @param todayOver       matches once all runs together made more than this many writes of the action here today (UTC)
     * @param confidenceBelow matches writes whose match confidence is below this (merges of likely duplicates)
     * @param decision        auto, review or deny
     */
    public record Rule(
            String object,
            String field,
            @Pattern(regexp = ACTIONS, message = "must be create, update, merge, archive, send or spend") String action,
            @Min(value = 0, message = "must be 0 or more") Integer volumeOver,
            @Min(value = 0, message = "must be 0 or more") Integer todayOver,
            Double confidenceBelow,
            @NotNull(message = "is required: auto, review or deny")
            @Pattern(regexp = "auto|review|deny", message = "must be auto, review or deny") String decision) {
    }

    /**
     * A hard limit on one action at this connection.
     *
     * @param action  create, update, merge, archive, send or spend
     * @param perRun  most writes of the action one run may make
     * @param perDay  most writes of the action all runs together may make per UTC day
     */
    public record Cap(
            @NotNull(message = "is required: the action capped")
            @Pattern(regexp = ACTIONS, message = "must be create, update, merge, archive, send or spend") String action,
            @Min(value = 0, message = "must be 0 or more") Integer perRun,
            @Min(value = 0, message = "must be 0 or more") Integer perDay) {
    }
}

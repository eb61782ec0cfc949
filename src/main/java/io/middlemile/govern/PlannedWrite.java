package io.middlemile.govern;

import io.middlemile.model.SourceRef;

import java.util.Map;

/**
 * One write of a plan: what it would change and what the policy decided.
 *
 * @param decision auto, review or deny (the plan file holds {@link PolicyVerdict.Kind#id()})
 * @param matchOn  for a create, the target field that finds the record should someone create it before the plan is
 *                 applied (absent from plans saved before it existed: null)
 * @param reason   why the hub writes these values beside the policy (an owner's assignment rule), journaled when the
 *                 plan is applied; null when there is none (and in plans saved before it existed)
 * @param origin   the source record the write came from, so applying the plan settles each queued record by its own
 *                 writes ({@code RetryQueue.settlePlan}), whatever the policy decided for the write; null for an archive
 *                 or a merge the policy parked or refused when planned, a send, and in plans saved before it existed
 */
public record PlannedWrite(String connection, String object, String key, String action, Map<String, Object> before,
                           Map<String, Object> after, PolicyVerdict.Kind decision, String rule, String source, String matchOn,
                           String reason, SourceRef origin) {

    public PlannedWrite(String connection, String object, String key, String action, Map<String, Object> before,
                        Map<String, Object> after, PolicyVerdict.Kind decision, String rule, String source, String matchOn,
                        String reason) {
        this(connection, object, key, action, before, after, decision, rule, source, matchOn, reason, null);
    }

    public PlannedWrite(String connection, String object, String key, String action, Map<String, Object> before,
                        Map<String, Object> after, PolicyVerdict.Kind decision, String rule, String source, String matchOn) {
        this(connection, object, key, action, before, after, decision, rule, source, matchOn, null);
    }

    public PlannedWrite(String connection, String object, String key, String action, Map<String, Object> before,
                        Map<String, Object> after, PolicyVerdict.Kind decision, String rule, String source) {
        this(connection, object, key, action, before, after, decision, rule, source, null);
    }
}

package io.middlemile.govern;

import java.util.Map;

/**
 * One write of a plan: what it would change and what the policy decided.
 *
 * @param decision auto, review or deny (the plan file holds {@link PolicyVerdict.Kind#id()})
 */
public record PlannedWrite(String connection, String object, String key, String action, Map<String, Object> before,
                           Map<String, Object> after, PolicyVerdict.Kind decision, String rule, String source) {
}

package io.middlemile.govern;

import java.util.Map;

/**
 * One write of a plan: what it would change and what the policy decided.
 *
 * @param decision auto, review or deny
 */
public record PlannedWrite(String connection, String object, String key, String action, Map<String, Object> before,
                           Map<String, Object> after, String decision, String rule, String source) {
}

package io.middlemile.assign;

import java.util.List;
import java.util.Objects;

/**
 * One assignment rule: when every condition holds, the action picks the owner. When the action finds
 * nobody (no account matched, the owner or the whole pool unavailable) the lead goes to {@code fallbackOwner};
 * without one the rule passes the lead on to the next rule, and the decision says so.
 *
 * @param name          unique within the rule set; shown in every decision
 * @param conditions    all must hold; empty matches every lead (a catch-all last rule)
 * @param action        who gets the lead
 * @param fallbackOwner owner when the action finds nobody, or null to try the next rule
 */
public record Rule(String name, List<RuleCondition> conditions, Action action, String fallbackOwner) {

    public Rule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a rule needs a name");
        }
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        Objects.requireNonNull(action, "action of rule " + name);
        if (fallbackOwner != null && fallbackOwner.isBlank()) {
            fallbackOwner = null;
        }
    }

    /** Null when every condition holds, else why the first one that fails does not. */
    public String whyNot(Lead lead) {
        for (RuleCondition condition : conditions) {
            String why = condition.whyNot(lead);
            if (why != null) {
                return why;
            }
        }
        return null;
    }
}

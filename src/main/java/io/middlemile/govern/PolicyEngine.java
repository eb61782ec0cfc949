package io.middlemile.govern;

import io.middlemile.workspace.PolicyConfig;

import java.util.List;

/**
 * Decides writes by a connection's policy: the first matching rule wins, else the default, which for an AI agent is at
 * most {@code review}: an agent acts at once only where a rule says so. Plain Java.
 */
public final class PolicyEngine {

    private PolicyEngine() {
    }

    /**
     * @param actor        who asks for the write (a rule's {@code actor} glob is matched against it); null matches only
     *                     rules without an actor
     * @param field        the provider field written, or null for a decision about the whole record
     * @param volumeSoFar  writes of this action this run already made at this connection
     * @param todaySoFar   writes of this action all runs made at this connection today (UTC)
     * @param confidence   match confidence for merges, or null
     */
    public static PolicyVerdict decide(PolicyConfig policy, Actor actor, String object, String field, WriteAction action,
                                       long volumeSoFar, long todaySoFar, Double confidence) {
        List<PolicyConfig.Rule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            PolicyConfig.Rule rule = rules.get(i);
            if (rule == null || !matches(rule, actor, object, field, action, volumeSoFar, todaySoFar, confidence)) {
                continue;
            }
            return new PolicyVerdict(kind(rule.decision()), "policy.rules[" + i + "] " + describe(rule));
        }
        PolicyVerdict byDefault = new PolicyVerdict(kind(policy.defaultDecision()), "policy.default " + policy.defaultDecision());
        if (actor != null && actor.isAgent() && byDefault.kind() == PolicyVerdict.Kind.AUTO) {
            // a connection whose policy names no agent (most, until someone thinks of agents) must not hand one unreviewed,
            // uncapped writes, sends and spends: only a rule that matches agents lets an agent act at once
            return new PolicyVerdict(PolicyVerdict.Kind.REVIEW, "policy.default auto, but not for agents: no rule of this policy"
                    + " matches " + actor.id() + ", so a person decides (a rule with actor: \"" + actor.id() + "\" or \"agent:*\""
                    + " and decision: auto lets it act at once)");
        }
        return byDefault;
    }

    private static boolean matches(PolicyConfig.Rule rule, Actor actor, String object, String field, WriteAction action, long volumeSoFar,
                                   long todaySoFar, Double confidence) {
        return (rule.actor() == null || (actor != null && actor.matches(rule.actor())))
                && (rule.object() == null || rule.object().equals(object))
                && (rule.field() == null || rule.field().equals(field))
                && (rule.action() == null || rule.action().equals(action.id()))
                && (rule.volumeOver() == null || volumeSoFar >= rule.volumeOver())
                && (rule.todayOver() == null || todaySoFar >= rule.todayOver())
                && (rule.confidenceBelow() == null || (confidence != null && confidence < rule.confidenceBelow()));
    }

    private static PolicyVerdict.Kind kind(String decision) {
        return PolicyVerdict.Kind.of(decision);
    }

    private static String describe(PolicyConfig.Rule rule) {
        StringBuilder text = new StringBuilder("(");
        append(text, "actor", rule.actor());
        append(text, "object", rule.object());
        append(text, "field", rule.field());
        append(text, "action", rule.action());
        append(text, "volumeOver", rule.volumeOver());
        append(text, "todayOver", rule.todayOver());
        append(text, "confidenceBelow", rule.confidenceBelow());
        return text.append(text.length() > 1 ? " → " : "any → ").append(rule.decision()).append(')').toString();
    }

    private static void append(StringBuilder text, String name, Object value) {
        if (value != null) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(name).append('=').append(value);
        }
    }
}

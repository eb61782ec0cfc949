package io.middlemile.govern;

import io.middlemile.workspace.PolicyConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection's policy as one writer applies it: the rules of {@link PolicyEngine} plus the
 * writer's approval, per field of a record or per whole record (archive, merge, send, spend).
 * Pure: the volumes come in as numbers, so every decision is unit-tested without a database.
 */
final class PolicyGate {

    private final PolicyConfig policy;
    private final String approval;
    private final Actor actor;

    /** As {@link #PolicyGate(PolicyConfig, String, Actor)} with no actor: only rules and caps without one apply. */
    PolicyGate(PolicyConfig policy, String approval) {
        this(policy, approval, null);
    }

    /**
     * @param approval who approved these writes (an approved review, a rollback), or null for automations
     * @param actor    who asks for the writes: rules and caps with an {@code actor} glob apply only when it matches
     */
    PolicyGate(PolicyConfig policy, String approval, Actor actor) {
        this.policy = policy == null ? PolicyConfig.allowAll() : policy;
        this.approval = approval;
        this.actor = actor;
    }

    /** The caps that count this actor's writes: those without an actor, and those whose glob matches it. */
    List<PolicyConfig.Cap> caps() {
        return policy.caps().stream().filter(cap -> cap != null && (cap.actor() == null || (actor != null && actor.matches(cap.actor()))))
                .toList();
    }

    Actor actor() {
        return actor;
    }

    /** Whether a rule compares with today's writes: only then is the journal asked for them. */
    boolean countsToday() {
        return policy.rules().stream().anyMatch(rule -> rule != null && rule.todayOver() != null);
    }

    /**
     * The verdict for one field, or for a whole record when {@code field} is null. A person's
     * approval stands for the review a rule asks for, but never lifts a deny: a denied write stays
     * refused whoever asks.
     */
    PolicyVerdict decide(String object, String field, WriteAction action, ActionVolume volume, Double confidence) {
        PolicyVerdict verdict = PolicyEngine.decide(policy, actor, object, field, action, volume.thisRun(), volume.today(), confidence);
        if (approval != null && verdict.kind() == PolicyVerdict.Kind.REVIEW) {
            return new PolicyVerdict(PolicyVerdict.Kind.AUTO, approval + " (" + verdict.rule() + ")");
        }
        return verdict;
    }

    /** Sorts the changed fields of a record by their verdicts. */
    FieldSplit split(String object, RecordChange change, ActionVolume volume) {
        Map<String, Object> auto = new LinkedHashMap<>();
        Map<String, Object> review = new LinkedHashMap<>();
        Map<String, Object> denied = new LinkedHashMap<>();
        List<String> deniedRules = new ArrayList<>();
        PolicyVerdict strictest = new PolicyVerdict(PolicyVerdict.Kind.AUTO, "policy.default auto");
        PolicyVerdict autoRule = null;
        PolicyVerdict reviewRule = null;
        for (Map.Entry<String, Object> field : change.after().entrySet()) {
            PolicyVerdict verdict = decide(object, field.getKey(), change.action(), volume, null);
            strictest = strictest.stricter(verdict);
            switch (verdict.kind()) {
                case AUTO -> {
                    auto.put(field.getKey(), field.getValue());
                    autoRule = autoRule == null ? verdict : autoRule;
                }
                case REVIEW -> {
                    review.put(field.getKey(), field.getValue());
                    reviewRule = reviewRule == null ? verdict : reviewRule;
                }
                case DENY -> {
                    denied.put(field.getKey(), field.getValue());
                    deniedRules.add(field.getKey() + " (" + verdict.rule() + ")");
                }
            }
        }
        return new FieldSplit(auto, review, denied, deniedRules, strictest, autoRule, reviewRule);
    }

    /**
     * A merge of a pair in the dedupe rule's review band goes to a person whatever the policy says;
     * a policy's review or deny stays as it is.
     */
    static PolicyVerdict inReviewBand(PolicyVerdict verdict, double confidence) {
        return verdict.kind() == PolicyVerdict.Kind.AUTO
                ? new PolicyVerdict(PolicyVerdict.Kind.REVIEW, "dedupe review band (p=" + String.format("%.3f", confidence) + ")")
                : verdict;
    }
}

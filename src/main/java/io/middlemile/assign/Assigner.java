package io.middlemile.assign;

import io.middlemile.assign.Action.AccountOwner;
import io.middlemile.assign.Action.NamedOwner;
import io.middlemile.assign.Action.RoundRobinPool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates a rule set in order: the first rule whose conditions hold and whose action (or fallback) finds
 * an available owner wins. A rule whose conditions hold but that finds nobody and has no fallback passes the
 * lead on, so a "named accounts" rule can sit above the territories. Every decision says why each earlier
 * rule did not take the lead. Stateless: the rotation and workload live in the {@link AssignContext}.
 */
public final class Assigner {

    private final AssignmentRules rules;

    public Assigner(AssignmentRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public Decision assign(Lead lead, AssignContext context) {
        List<Decision.Skipped> skipped = new ArrayList<>(rules.rules().size());
        for (Rule rule : rules.rules()) {
            String whyNot = rule.whyNot(lead);
            if (whyNot != null) {
                skipped.add(new Decision.Skipped(rule.name(), whyNot));
                continue;
            }
            Choice choice = choose(rule.action(), lead, context);
            if (choice.owner() != null) {
                return assigned(choice.owner(), rule, choice.reason(), false, skipped, context);
            }
            String fallback = rule.fallbackOwner();
            if (fallback != null && context.away(fallback) == null) {
                return assigned(fallback, rule, choice.reason(), true, skipped, context);
            }
            skipped.add(new Decision.Skipped(rule.name(), "conditions hold, but " + choice.reason()
                    + (fallback == null ? "; no fallback" : "; fallback " + fallback + " " + context.away(fallback))));
        }
        return new Decision(null, null, rules.rules().isEmpty() ? "the rule set has no rules" : "no rule took the lead", false, skipped);
    }

    private static Decision assigned(String owner, Rule rule, String reason, boolean fallback, List<Decision.Skipped> skipped,
                                     AssignContext context) {
        context.workload().assigned(owner);
        return new Decision(owner, rule.name(), reason, fallback, skipped);
    }

    /** The action's owner, or null with why nobody; {@code reason} explains either way. */
    private record Choice(String owner, String reason) {
    }

    private static Choice choose(Action action, Lead lead, AssignContext context) {
        if (action instanceof NamedOwner named) {
            return context.away(named.owner()) != null
                    ? new Choice(null, named.owner() + " " + context.away(named.owner()))
                    : new Choice(named.owner(), "named owner " + named.owner());
        }
        if (action instanceof AccountOwner) {
            AccountMatch match = context.accounts().match(lead);
            if (!match.matched()) {
                return new Choice(null, match.explanation());
            }
            String owner = match.account().owner();
            if (owner == null) {
                return new Choice(null, match.explanation() + ", which has no owner");
            }
            return context.away(owner) != null
                    ? new Choice(null, match.explanation() + ", whose owner " + owner + " " + context.away(owner))
                    : new Choice(owner, match.explanation() + ", owned by " + owner);
        }
        RoundRobinPool roundRobin = (RoundRobinPool) action;
        RoundRobin.Pick pick = RoundRobin.pick(roundRobin.pool(), context.rotation(), context.workload(), context::away);
        String pool = "pool " + roundRobin.pool().name();
        String skippedOwners = String.join(", ", pick.skipped());
        if (pick.owner() == null) {
            return new Choice(null, "nobody in " + pool + " is available (" + skippedOwners + ")");
        }
        return new Choice(pick.owner(), "round robin in " + pool + (skippedOwners.isEmpty() ? "" : ", skipping " + skippedOwners));
    }
}

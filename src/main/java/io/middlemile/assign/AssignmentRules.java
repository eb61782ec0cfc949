package io.middlemile.assign;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered rule set (one {@code assign/NAME.yaml}): the first rule that matches and finds an owner wins.
 *
 * @param name  the rule set's name
 * @param rules in evaluation order
 */
public record AssignmentRules(String name, List<Rule> rules) {

    public AssignmentRules {
        rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule name " + rule.name() + " is used twice in " + name);
            }
        }
    }

    /** Every owner id the rules name (named owners, pool members, fallbacks); account owners come from the accounts. */
    public Set<String> ownerIds() {
        Set<String> ids = new java.util.TreeSet<>();
        for (Rule rule : rules) {
            if (rule.fallbackOwner() != null) {
                ids.add(rule.fallbackOwner());
            }
            if (rule.action() instanceof Action.NamedOwner named) {
                ids.add(named.owner());
            } else if (rule.action() instanceof Action.RoundRobinPool pool) {
                pool.pool().members().forEach(member -> ids.add(member.owner()));
            }
        }
        return ids;
    }
}

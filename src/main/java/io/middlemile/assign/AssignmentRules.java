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
}

package io.middlemile.govern;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a person's approval of a call (its review item's values) covers the call about to be made at the same
 * connection, object and record. A send is covered only by an approval of exactly that send: its text, recipient and
 * destination are what the person read. A spend is also covered by an approval of a bigger one: the person agreed to pay
 * up to {@link GovernedCalls.Lookup#MAX_CREDITS} for {@link GovernedCalls.Lookup#FIELDS} of {@link GovernedCalls.Lookup#GROUPS},
 * and the waterfall re-plans a held-back lookup by what the record still lacks when it is made (a group the cache or
 * another provider answered meanwhile is not asked again), so the same spend may come back asking less. Its other values
 * (the waterfall) must be the same; a spend asking more than was approved is not covered and goes to review.
 * Pure: values as the journal and the review queue keep them (numbers read back from JSON compare by value).
 */
final class ApprovalMatch {

    private ApprovalMatch() {
    }

    /** True when an approval of {@code approved} lets {@code asked} go without asking a person again. */
    static boolean covers(WriteAction action, Map<String, Object> approved, Map<String, Object> asked) {
        if (same(approved, asked)) {
            return true;
        }
        if (action != WriteAction.SPEND || approved == null || asked == null) {
            return false;
        }
        Set<String> keys = new HashSet<>(approved.keySet());
        keys.addAll(asked.keySet());
        for (String key : keys) {
            Object was = approved.get(key);
            Object is = asked.get(key);
            boolean covered = switch (key) {
                case GovernedCalls.Lookup.FIELDS, GovernedCalls.Lookup.GROUPS -> was instanceof List<?> all && is instanceof List<?> part
                        && part.stream().allMatch(value -> all.stream().anyMatch(one -> same(one, value)));
                case GovernedCalls.Lookup.MAX_CREDITS -> was instanceof Number most && is instanceof Number credits
                        && decimal(credits).compareTo(decimal(most)) <= 0;
                default -> same(was, is);
            };
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** Equal as JSON values: 1 and 1.0 are the same number; lists in order, maps by key. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(key -> same(x.get(key), y.get(key)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static BigDecimal decimal(Number number) {
        return new BigDecimal(number.toString());
    }
}

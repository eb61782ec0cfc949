package io.middlemile.assign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a batch of decisions spread over the owners, and, per round-robin pool, each member's share of the
 * pool's leads against the share its weight promises. A share below the weight is expected when the member
 * was at capacity or away; the simulation shows it so an admin can tell a capacity problem from a rule problem.
 *
 * @param byOwner    leads per owner, in order of first assignment
 * @param unassigned leads no rule took
 * @param pools      one entry per pool that received leads, in rule order
 */
public record Distribution(Map<String, Integer> byOwner, int unassigned, List<PoolShare> pools) {

    /**
     * @param pool    the pool's name
     * @param leads   leads the pool's round robin placed (fallbacks not counted)
     * @param members each member's leads and shares
     */
    public record PoolShare(String pool, int leads, List<MemberShare> members) {
    }

    /**
     * @param owner       the member
     * @param weight      its weight
     * @param leads       leads it received from the pool
     * @param share       leads / pool leads, 0..1
     * @param weightShare weight / total weight of the pool, 0..1
     */
    public record MemberShare(String owner, int weight, int leads, double share, double weightShare) {
    }

    public static Distribution of(AssignmentRules rules, List<Decision> decisions) {
        Map<String, Integer> byOwner = new LinkedHashMap<>();
        Map<String, Action.Pool> poolOfRule = new LinkedHashMap<>();
        for (Rule rule : rules.rules()) {
            if (rule.action() instanceof Action.RoundRobinPool roundRobin) {
                poolOfRule.put(rule.name(), roundRobin.pool());
            }
        }
        Map<String, Map<String, Integer>> pooled = new LinkedHashMap<>();
        int unassigned = 0;
        for (Decision decision : decisions) {
            if (!decision.assigned()) {
                unassigned++;
                continue;
            }
            byOwner.merge(decision.owner(), 1, Integer::sum);
            Action.Pool pool = poolOfRule.get(decision.rule());
            if (pool != null && !decision.fallback()) {
                pooled.computeIfAbsent(pool.name(), name -> new LinkedHashMap<>()).merge(decision.owner(), 1, Integer::sum);
            }
        }
        List<PoolShare> pools = new ArrayList<>();
        // a pool named by several rules is one rotation, so it is reported once
        poolOfRule.values().stream().distinct().filter(pool -> pooled.containsKey(pool.name())).forEach(pool -> {
            Map<String, Integer> leads = pooled.get(pool.name());
            int total = leads.values().stream().mapToInt(Integer::intValue).sum();
            int weights = pool.members().stream().mapToInt(Action.Member::weight).sum();
            List<MemberShare> members = pool.members().stream().map(member -> {
                int got = leads.getOrDefault(member.owner(), 0);
                return new MemberShare(member.owner(), member.weight(), got, (double) got / total, (double) member.weight() / weights);
            }).toList();
            pools.add(new PoolShare(pool.name(), total, members));
        });
        return new Distribution(java.util.Collections.unmodifiableMap(byOwner), unassigned, List.copyOf(pools));
    }
}

package io.middlemile.assign;

import io.middlemile.assign.Action.Capacity;
import io.middlemile.assign.Action.Member;
import io.middlemile.assign.Action.Pool;
import io.middlemile.workspace.AssignConfig;
import io.middlemile.workspace.Condition;
import io.middlemile.workspace.Workspace;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated {@code assign/NAME.yaml} into the assigner's rules and owners. The loader has already
 * reported every mistake with its line, so what is left to refuse here is a workspace that was not validated.
 */
public final class RuleFiles {

    private RuleFiles() {
    }

    /** The rules of a validated rule set. */
    public static AssignmentRules rules(AssignConfig config) {
        Map<String, Pool> pools = new HashMap<>();
        config.pools().forEach((name, members) -> pools.put(name, new Pool(name, members.stream().map(RuleFiles::member).toList())));
        List<Rule> rules = new ArrayList<>(config.rules().size());
        for (AssignConfig.Rule rule : config.rules()) {
            rules.add(new Rule(rule.name(), conditions(rule), action(rule, pools), rule.fallback()));
        }
        return new AssignmentRules(config.id(), rules);
    }

    /** The owners rule set {@code name} names: its own {@code owners:} list, else {@code assign/owners.yaml}. */
    public static OwnerList owners(Workspace workspace, String name) {
        return new OwnerList(workspace.ownersOf(name).stream().map(RuleFiles::owner).toList());
    }

    static Owner owner(AssignConfig.Owner owner) {
        List<Owner.Absence> absences = owner.outOfOffice() == null ? List.of() : owner.outOfOffice().stream()
                .map(away -> new Owner.Absence(LocalDate.parse(away.from().strip()), away.to() == null ? null : LocalDate.parse(away.to().strip())))
                .toList();
        return new Owner(owner.id(), owner.name(), owner.email(), owner.crmId(), owner.isActive(), absences);
    }

    private static List<RuleCondition> conditions(AssignConfig.Rule rule) {
        List<RuleCondition> conditions = new ArrayList<>();
        if (rule.territory() != null) {
            conditions.add(new Territory(rule.territory().countries(), rule.territory().regions()));
        }
        if (rule.segment() != null) {
            AssignConfig.Segment segment = rule.segment();
            conditions.add(new Segment(range(segment.employees()), range(segment.revenue()), segment.industries()));
        }
        if (rule.when() != null) {
            for (Condition condition : rule.when()) {
                conditions.add(FieldCondition.of(condition));
            }
        }
        return conditions;
    }

    private static Segment.Range range(AssignConfig.Range range) {
        return range == null ? null : new Segment.Range(range.min(), range.max());
    }

    private static Action action(AssignConfig.Rule rule, Map<String, Pool> pools) {
        if (rule.owner() != null) {
            return new Action.NamedOwner(rule.owner());
        }
        if (Boolean.TRUE.equals(rule.accountOwner())) {
            return new Action.AccountOwner();
        }
        Pool pool = pools.get(rule.roundRobin());
        if (pool == null) {
            throw new IllegalArgumentException("rule \"" + rule.name() + "\" names pool " + rule.roundRobin()
                    + ", which the file does not declare; run middlemile validate");
        }
        return new Action.RoundRobinPool(pool);
    }

    private static Member member(AssignConfig.Member member) {
        AssignConfig.Capacity capacity = member.capacity();
        return new Member(member.owner(), member.weight() == null ? 1 : member.weight(),
                capacity == null ? Capacity.UNLIMITED : new Capacity(capacity.openLeads(), capacity.leadsPerDay()));
    }
}

package io.middlemile.assign;

import io.middlemile.assign.Action.Capacity;
import io.middlemile.assign.Action.Member;
import io.middlemile.assign.Action.Pool;
import io.middlemile.assign.Action.RoundRobinPool;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.middlemile.assign.Leads.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RoundRobinTest {

    private static Assigner poolOnly(Pool pool, String fallback) {
        return new Assigner(new AssignmentRules("inbound", List.of(new Rule("everyone", List.of(), new RoundRobinPool(pool), fallback))));
    }

    private static Map<String, Integer> run(Assigner assigner, AssignContext context, int leads) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < leads; i++) {
            Decision decision = assigner.assign(person("email", "lead" + i + "@example.org"), context);
            counts.merge(String.valueOf(decision.owner()), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void interleavesByWeightDeterministically() {
        Pool pool = new Pool("sdr", List.of(Member.of("a", 3), Member.of("b", 2), Member.of("c", 1)));
        Assigner assigner = poolOnly(pool, null);
        AssignContext context = AssignContext.fresh();

        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            order.append(assigner.assign(person("email", "x" + i + "@example.org"), context).owner());
        }

        assertThat(order).hasToString("abacbaabacba");
    }

    @Test
    void tenThousandLeadsFollowWeights321WithinOnePercent() {
        Capacity roomy = new Capacity(20_000, 20_000);
        Pool pool = new Pool("sdr", List.of(new Member("a", 3, roomy), new Member("b", 2, roomy), new Member("c", 1, roomy)));

        Map<String, Integer> counts = run(poolOnly(pool, "queue"), AssignContext.fresh(), 10_000);

        assertThat(counts).doesNotContainKey("queue");
        assertThat(counts.get("a") / 10_000.0).isCloseTo(3 / 6.0, within(0.01));
        assertThat(counts.get("b") / 10_000.0).isCloseTo(2 / 6.0, within(0.01));
        assertThat(counts.get("c") / 10_000.0).isCloseTo(1 / 6.0, within(0.01));
    }

    @Test
    void aBindingCapacityIsNeverExceededAndTheRestGoesToTheOthersThenTheFallback() {
        Pool pool = new Pool("sdr", List.of(
                new Member("a", 3, new Capacity(1_000, null)),
                new Member("b", 2, new Capacity(null, 3_000)),
                new Member("c", 1, new Capacity(2_500, null))));
        Workload workload = Workload.of(Map.of("a", 400, "c", 100), Map.of("b", 200));
        AssignContext context = new AssignContext(AssignContext.fresh().accounts(), RoundRobinState.empty(), workload, Set.of());

        Map<String, Integer> counts = run(poolOnly(pool, "queue"), context, 10_000);

        assertThat(workload.openLeads("a")).isEqualTo(1_000);
        assertThat(workload.leadsToday("b")).isEqualTo(3_000);
        assertThat(workload.openLeads("c")).isEqualTo(2_500);
        assertThat(counts).containsEntry("a", 600).containsEntry("b", 2_800).containsEntry("c", 2_400).containsEntry("queue", 4_200);
    }

    @Test
    void outOfOfficeOwnersAreSkippedAndTheOthersShareByWeight() {
        Pool pool = new Pool("sdr", List.of(Member.of("a", 3), Member.of("b", 2), Member.of("c", 1)));
        AssignContext context = new AssignContext(AssignContext.fresh().accounts(), RoundRobinState.empty(), Workload.empty(), Set.of("a"));

        Map<String, Integer> counts = run(poolOnly(pool, null), context, 300);

        assertThat(counts).containsOnlyKeys("b", "c").containsEntry("b", 200).containsEntry("c", 100);
    }

    @Test
    void theStateIsAValueThatResumesTheRotation() {
        Pool pool = new Pool("sdr", List.of(Member.of("a", 3), Member.of("b", 2), Member.of("c", 1)));
        Assigner assigner = poolOnly(pool, null);
        AssignContext first = AssignContext.fresh();
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            order.append(assigner.assign(person("email", "x@example.org"), first).owner());
        }

        // a second process loads what the first saved and carries on where it stopped
        AssignContext second = new AssignContext(first.accounts(), RoundRobinState.of(first.rotation().snapshot()), Workload.empty(), Set.of());
        for (int i = 0; i < 7; i++) {
            order.append(assigner.assign(person("email", "x@example.org"), second).owner());
        }

        assertThat(order).hasToString("abacbaabacba");
    }
}

package io.middlemile.assign;

import io.middlemile.assign.Action.AccountOwner;
import io.middlemile.assign.Action.Capacity;
import io.middlemile.assign.Action.Member;
import io.middlemile.assign.Action.NamedOwner;
import io.middlemile.assign.Action.Pool;
import io.middlemile.assign.Action.RoundRobinPool;
import io.middlemile.assign.Segment.Range;
import io.middlemile.workspace.Condition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.middlemile.assign.Leads.person;
import static io.middlemile.assign.Leads.withCompany;
import static org.assertj.core.api.Assertions.assertThat;

class AssignerTest {

    private static final Assigner ASSIGNER = new Assigner(new AssignmentRules("inbound", List.of(
            new Rule("existing accounts", List.of(), new AccountOwner(), null),
            new Rule("dach enterprise", List.of(Territory.countries("DE", "AT", "CH"), new Segment(Range.atLeast(1000), null, null)),
                    new NamedOwner("dora"), "emea-manager"),
            new Rule("us west", List.of(Territory.regions("US-CA", "US-WA", "US-OR")),
                    new RoundRobinPool(new Pool("us-west", List.of(new Member("wes", 1, new Capacity(1, null)), Member.of("wil", 1)))), null),
            new Rule("inbound demo requests", List.of(FieldCondition.of(new Condition("leadSource", "Demo request", null, null, null))),
                    new RoundRobinPool(new Pool("sdr", List.of(Member.of("sam", 2), Member.of("sue", 1)))), "sdr-manager"))));

    private static AssignContext context(Set<String> outOfOffice, Workload workload) {
        AccountMatcher accounts = new AccountMatcher(new AccountIndex(List.of(new Account("001A", "ana", "acme.com", "Acme Inc."))));
        return new AssignContext(accounts, RoundRobinState.empty(), workload, outOfOffice);
    }

    @Test
    void aLeadOfAnExistingAccountGoesToTheAccountOwnerEvenFromASubsidiary() {
        Decision decision = ASSIGNER.assign(person("email", "jo@de.acme.com", "country", "DE"), context(Set.of(), Workload.empty()));

        assertThat(decision.owner()).isEqualTo("ana");
        assertThat(decision.rule()).isEqualTo("existing accounts");
        assertThat(decision.skipped()).isEmpty();
        assertThat(decision.explain())
                .isEqualTo("assigned to ana by rule \"existing accounts\": email domain de.acme.com (a subdomain of acme.com) "
                        + "matches account 001A \"Acme Inc.\", owned by ana");
    }

    @Test
    void territoryAndSegmentPickTheNamedOwnerAndTheDecisionSaysWhyEarlierRulesPassed() {
        Lead lead = withCompany(person("email", "max@siemens.de", "country", "DE"), "employeeCount", "300000");

        Decision decision = ASSIGNER.assign(lead, context(Set.of(), Workload.empty()));

        assertThat(decision.owner()).isEqualTo("dora");
        assertThat(decision.fallback()).isFalse();
        assertThat(decision.explain()).isEqualTo("""
                assigned to dora by rule "dach enterprise": named owner dora
                  rule "existing accounts" skipped: conditions hold, but no account matched: email domain siemens.de matches no \
                account; no company domain; no company name; no fallback""".replace("\n", System.lineSeparator()));
    }

    @Test
    void anOutOfOfficeNamedOwnerFallsBackToTheRulesFallback() {
        Lead lead = withCompany(person("email", "max@siemens.de", "country", "AT"), "employeeCount", "5000");

        Decision decision = ASSIGNER.assign(lead, context(Set.of("dora"), Workload.empty()));

        assertThat(decision.owner()).isEqualTo("emea-manager");
        assertThat(decision.fallback()).isTrue();
        assertThat(decision.reason()).isEqualTo("dora is out of office");
    }

    @Test
    void aFreeMailLeadDoesNotMatchAnAccountAndEveryEarlierRuleIsExplained() {
        Lead lead = person("email", "kim@gmail.com", "country", "US", "region", "US-CA", "leadSource", "Demo request");
        Workload workload = Workload.of(Map.of("wes", 1), Map.of());

        Decision first = ASSIGNER.assign(lead, context(Set.of("wil"), workload));

        assertThat(first.owner()).isEqualTo("sam");
        assertThat(first.rule()).isEqualTo("inbound demo requests");
        assertThat(first.skipped()).extracting(Decision.Skipped::rule, Decision.Skipped::why).containsExactly(
                org.assertj.core.groups.Tuple.tuple("existing accounts", "conditions hold, but no account matched: email domain gmail.com "
                        + "is free mail; no company domain; no company name; no fallback"),
                org.assertj.core.groups.Tuple.tuple("dach enterprise", "country US is not in [DE, AT, CH]"),
                org.assertj.core.groups.Tuple.tuple("us west", "conditions hold, but nobody in pool us-west is available "
                        + "(wes is at capacity (1 of 1 open leads), wil is out of office); no fallback"));
    }

    @Test
    void aPoolMemberAtCapacityIsSkippedAndSaidSo() {
        Lead lead = person("email", "kim@startup.io", "region", "US-WA");

        Decision decision = ASSIGNER.assign(lead, context(Set.of(), Workload.of(Map.of("wes", 1), Map.of())));

        assertThat(decision.owner()).isEqualTo("wil");
        assertThat(decision.reason()).isEqualTo("round robin in pool us-west, skipping wes is at capacity (1 of 1 open leads)");
    }

    @Test
    void aLeadNoRuleTakesIsUnassignedWithEveryReason() {
        Decision decision = ASSIGNER.assign(person("email", "kim@startup.io", "country", "FR"), context(Set.of(), Workload.empty()));

        assertThat(decision.assigned()).isFalse();
        assertThat(decision.skipped()).hasSize(4);
        assertThat(decision.explain()).startsWith("not assigned: no rule took the lead")
                .contains("rule \"inbound demo requests\" skipped: leadSource is empty, expected \"Demo request\"");
    }

    @Test
    void theFallbackOwnerIsCountedInTheWorkload() {
        Workload workload = Workload.empty();
        Lead lead = person("email", "kim@startup.io", "leadSource", "demo request");

        ASSIGNER.assign(lead, context(Set.of("sam", "sue"), workload));

        assertThat(workload.openLeads("sdr-manager")).isEqualTo(1);
    }
}

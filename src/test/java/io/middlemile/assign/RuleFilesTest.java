package io.middlemile.assign;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.middlemile.assign.Leads.person;
import static io.middlemile.assign.Leads.withCompany;
import static org.assertj.core.api.Assertions.assertThat;

/** The bundled assign/leads.yaml read as rules: what its file says is what the assigner does. */
class RuleFilesTest {

    private static final Workspace WORKSPACE = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG)
            .load(TestWorkspaces.BUNDLED).orThrow();
    private static final Assigner ASSIGNER = new Assigner(RuleFiles.rules(WORKSPACE.assign().get("leads")));
    private static final OwnerList OWNERS = RuleFiles.owners(WORKSPACE, "leads");

    private static AssignContext on(LocalDate day, List<Account> accounts) {
        return new AssignContext(new AccountMatcher(new AccountIndex(accounts)), RoundRobinState.empty(), Workload.empty(),
                OWNERS.unavailableOn(day));
    }

    @Test
    void theRulesKeepTheFilesOrderNamesAndActions() {
        AssignmentRules rules = RuleFiles.rules(WORKSPACE.assign().get("leads"));

        assertThat(rules.name()).isEqualTo("leads");
        assertThat(rules.rules()).extracting(Rule::name)
                .containsExactly("existing accounts", "DACH enterprise", "mid-market demo requests", "everyone else");
        assertThat(rules.rules().get(1).fallbackOwner()).isEqualTo("emil");
        Action.Pool sdr = ((Action.RoundRobinPool) rules.rules().get(2).action()).pool();
        assertThat(sdr.members()).extracting(Action.Member::owner, Action.Member::weight).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sam", 3), org.assertj.core.groups.Tuple.tuple("sue", 2),
                org.assertj.core.groups.Tuple.tuple("raj", 1));
        assertThat(sdr.members().get(2).capacity()).isEqualTo(new Action.Capacity(null, 5));
        // both pool rules share one rotation: the same pool, not two pools of the same name
        assertThat(((Action.RoundRobinPool) rules.rules().get(3).action()).pool()).isSameAs(sdr);
    }

    @Test
    void aLeadAtASubsidiaryOfAnOwnedAccountStaysWithTheAccountOwner() {
        Decision decision = ASSIGNER.assign(person("email", "jo@eu.globex.com", "country", "DE"),
                on(LocalDate.of(2026, 12, 2), List.of(new Account("001B", "emil", "globex.com", "Globex Corporation"))));

        assertThat(decision.owner()).isEqualTo("emil");
        assertThat(decision.rule()).isEqualTo("existing accounts");
    }

    @Test
    void anOutOfOfficeDayIsReadFromTheOwnersFileAndTheRotationSkipsThatOwner() {
        Lead lead = withCompany(person("email", "a@small.example", "country", "FR", "leadSource", "Demo request"), "employeeCount", "300");
        AssignContext working = on(LocalDate.of(2026, 12, 2), List.of());
        AssignContext holidays = on(LocalDate.of(2026, 12, 24), List.of());

        List<String> before = java.util.stream.IntStream.range(0, 6).mapToObj(i -> ASSIGNER.assign(lead, working).owner()).toList();
        List<String> during = java.util.stream.IntStream.range(0, 4).mapToObj(i -> ASSIGNER.assign(lead, holidays).owner()).toList();

        assertThat(before).containsExactly("sam", "sue", "sam", "raj", "sue", "sam");
        assertThat(holidays.outOfOffice()).containsExactlyInAnyOrder("sue", "tom");
        assertThat(during).doesNotContain("sue").containsExactly("sam", "sam", "raj", "sam");
        assertThat(ASSIGNER.assign(lead, holidays).explain()).contains("skipping sue is out of office");
    }

    @Test
    void anInactiveOwnerTakesNoLeadsEvenIfARuleNamedThem() {
        assertThat(OWNERS.find("tom")).get().extracting(Owner::active).isEqualTo(false);
        assertThat(OWNERS.unavailableOn(LocalDate.of(2026, 12, 2))).containsExactly("tom");
        assertThat(OWNERS.find("sue").orElseThrow().label()).isEqualTo("Sue Park <sue@example.com>");
    }
}

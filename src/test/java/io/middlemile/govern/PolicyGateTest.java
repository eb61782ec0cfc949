package io.middlemile.govern;

import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy's decisions per field and per record, the approval and the review band: plain Java, no database. */
class PolicyGateTest {

    private static final ActionVolume NONE = new ActionVolume(0, 0);

    private static PolicyConfig.Rule rule(String field, String action, Integer volumeOver, Integer todayOver, Double confidenceBelow,
                                          String decision) {
        return new PolicyConfig.Rule(null, field, action, volumeOver, todayOver, confidenceBelow, decision);
    }

    private static PolicyGate gate(String approval, PolicyConfig.Rule... rules) {
        return new PolicyGate(new PolicyConfig("auto", List.of(rules), List.of()), approval);
    }

    private static RecordChange update(Map<String, Object> after) {
        Map<String, Object> before = new LinkedHashMap<>();
        after.keySet().forEach(field -> before.put(field, "old " + field));
        return new RecordChange("c-1", WriteAction.UPDATE, before, after);
    }

    private static Map<String, Object> fields(String... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    @Test
    void eachFieldIsDecidedByTheFirstMatchingRule() {
        PolicyGate gate = gate(null, rule("jobtitle", null, null, null, null, "review"), rule("phone", null, null, null, null, "deny"));

        FieldSplit split = gate.split("contacts", update(fields("email", "a@b.co", "jobtitle", "CRO", "phone", "+1")), NONE);

        assertThat(split.auto()).containsOnlyKeys("email");
        assertThat(split.review()).containsOnlyKeys("jobtitle");
        assertThat(split.denied()).containsOnlyKeys("phone");
        assertThat(split.deniedRules()).containsExactly("phone (policy.rules[1] (field=phone → deny))");
        assertThat(split.strictest().kind()).isEqualTo(PolicyVerdict.Kind.DENY);
        assertThat(split.autoRule().rule()).isEqualTo("policy.default auto");
        assertThat(split.reviewRule().rule()).isEqualTo("policy.rules[0] (field=jobtitle → review)");
        assertThat(split.notWritten(java.util.Set.of("stage"))).containsExactlyInAnyOrder("stage", "jobtitle", "phone");
    }

    @Test
    void theSplitKeepsTheRecordsFieldOrderAndClearedValues() {
        Map<String, Object> after = fields("zeta", "1", "alpha", "2");
        after.put("cleared", null);

        FieldSplit split = gate(null).split("contacts", update(after), NONE);

        assertThat(split.auto().keySet()).containsExactly("zeta", "alpha", "cleared");
        assertThat(split.auto()).containsEntry("cleared", null);
    }

    @Test
    void aCreateIsWholeOrNothingAnUpdateIsNot() {
        PolicyGate gate = gate(null, rule("jobtitle", null, null, null, null, "review"));
        RecordChange create = new RecordChange("c-1", WriteAction.CREATE, Map.of(), fields("email", "a@b.co", "jobtitle", "CRO"));

        assertThat(gate.split("contacts", create, NONE).blocksCreate(WriteAction.CREATE)).isTrue();
        assertThat(gate.split("contacts", update(fields("email", "a@b.co", "jobtitle", "CRO")), NONE).blocksCreate(WriteAction.UPDATE))
                .isFalse();
        assertThat(gate.split("contacts", create, NONE).strictest().kind()).isEqualTo(PolicyVerdict.Kind.REVIEW);
    }

    @Test
    void anApprovalStandsForAReviewButNeverLiftsADeny() {
        PolicyGate approved = gate("approved review #7 by ana", rule("jobtitle", null, null, null, null, "review"),
                rule("phone", null, null, null, null, "deny"));

        FieldSplit split = approved.split("contacts", update(fields("jobtitle", "CRO", "phone", "+1")), NONE);

        assertThat(split.auto()).containsOnlyKeys("jobtitle");
        assertThat(split.autoRule().rule()).isEqualTo("approved review #7 by ana (policy.rules[0] (field=jobtitle → review))");
        assertThat(split.denied()).containsOnlyKeys("phone");
    }

    @Test
    void theSameApprovalAppliesToWholeRecordActions() {
        PolicyGate approved = gate("rollback of run 3", rule(null, "archive", null, null, null, "review"),
                rule(null, "merge", null, null, null, "deny"));

        PolicyVerdict archive = approved.decide("contacts", null, WriteAction.ARCHIVE, NONE, null);
        PolicyVerdict merge = approved.decide("contacts", null, WriteAction.MERGE, NONE, 1.0);

        assertThat(archive).isEqualTo(new PolicyVerdict(PolicyVerdict.Kind.AUTO,
                "rollback of run 3 (policy.rules[0] (action=archive → review))"));
        assertThat(merge.kind()).isEqualTo(PolicyVerdict.Kind.DENY);
        assertThat(gate(null, rule(null, "archive", null, null, null, "review")).decide("contacts", null, WriteAction.ARCHIVE, NONE, null)
                .kind()).isEqualTo(PolicyVerdict.Kind.REVIEW);
    }

    @Test
    void volumeRulesCompareWithThisRunAndWithTheWholeDay() {
        PolicyGate gate = gate(null, rule(null, "update", 100, null, null, "review"), rule(null, "archive", null, 50, null, "deny"));

        assertThat(gate.decide("contacts", "email", WriteAction.UPDATE, new ActionVolume(99, 1_000), null).kind())
                .isEqualTo(PolicyVerdict.Kind.AUTO);
        assertThat(gate.decide("contacts", "email", WriteAction.UPDATE, new ActionVolume(100, 0), null).kind())
                .isEqualTo(PolicyVerdict.Kind.REVIEW);
        // today counts earlier runs and this one together
        assertThat(gate.decide("contacts", null, WriteAction.ARCHIVE, new ActionVolume(10, 39), null).kind())
                .isEqualTo(PolicyVerdict.Kind.AUTO);
        assertThat(gate.decide("contacts", null, WriteAction.ARCHIVE, new ActionVolume(10, 40), null).kind())
                .isEqualTo(PolicyVerdict.Kind.DENY);
        assertThat(gate.countsToday()).isTrue();
        assertThat(gate(null, rule(null, "update", 100, null, null, "review")).countsToday()).isFalse();
    }

    @Test
    void lowConfidenceMergesGoToReviewAndTheReviewBandOverridesAnAuto() {
        PolicyGate gate = gate(null, rule(null, "merge", null, null, 0.98, "review"));

        assertThat(gate.decide("contacts", null, WriteAction.MERGE, NONE, 0.97).kind()).isEqualTo(PolicyVerdict.Kind.REVIEW);
        PolicyVerdict sure = gate.decide("contacts", null, WriteAction.MERGE, NONE, 0.99);
        assertThat(sure.kind()).isEqualTo(PolicyVerdict.Kind.AUTO);
        assertThat(PolicyGate.inReviewBand(sure, 0.99))
                .isEqualTo(new PolicyVerdict(PolicyVerdict.Kind.REVIEW, "dedupe review band (p=0.990)"));
        PolicyVerdict denied = new PolicyVerdict(PolicyVerdict.Kind.DENY, "policy.rules[0]");
        assertThat(PolicyGate.inReviewBand(denied, 0.6)).isSameAs(denied);
    }

    @Test
    void withoutAPolicyEverythingIsAuto() {
        assertThat(new PolicyGate(null, null).decide("contacts", "email", WriteAction.CREATE, NONE, null))
                .isEqualTo(new PolicyVerdict(PolicyVerdict.Kind.AUTO, "policy.default auto"));
    }
}

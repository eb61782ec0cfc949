package io.middlemile.govern;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which call an approval in review covers: a send exactly; a spend also when it asks less than was approved. */
class ApprovalMatchTest {

    private static Map<String, Object> spend(String waterfall, List<String> groups, List<String> fields, Object maxCredits) {
        return Map.of("waterfall", waterfall, "groups", groups, "fields", fields, "maxCredits", maxCredits);
    }

    @Test
    void numbersReadBackFromTheStoreCompareByValue() {
        assertThat(ApprovalMatch.same(Map.of("maxCredits", 1), Map.of("maxCredits", 1.0))).isTrue();
        assertThat(ApprovalMatch.same(List.of("a", "b"), List.of("b", "a"))).isFalse();
    }

    @Test
    void aSpendAskingLessOfTheSameWaterfallIsCoveredAndOneAskingMoreOrElsewhereIsNot() {
        Map<String, Object> approved = spend("w1", List.of("email", "job"), List.of("email", "title"), 2.0);

        assertThat(ApprovalMatch.covers(WriteAction.SPEND, approved, spend("w1", List.of("job", "email"), List.of("title", "email"), 2)))
                .as("the same lookup, planned in another order").isTrue();
        assertThat(ApprovalMatch.covers(WriteAction.SPEND, approved, spend("w1", List.of("email"), List.of("email"), 1.0))).isTrue();
        assertThat(ApprovalMatch.covers(WriteAction.SPEND, approved, spend("w1", List.of("email"), List.of("email"), 2.5))).isFalse();
        assertThat(ApprovalMatch.covers(WriteAction.SPEND, approved, spend("w1", List.of("email"), List.of("email", "phone"), 1.0)))
                .isFalse();
        assertThat(ApprovalMatch.covers(WriteAction.SPEND, approved, spend("w1", List.of("phone"), List.of("email"), 1.0))).isFalse();
        assertThat(ApprovalMatch.covers(WriteAction.SPEND, approved, spend("w2", List.of("email"), List.of("email"), 1.0))).isFalse();
        assertThat(ApprovalMatch.covers(WriteAction.SPEND, approved, Map.of("waterfall", "w1", "fields", List.of("email"))))
                .as("a spend that does not say what it may cost").isFalse();
    }

    @Test
    void aSendIsCoveredOnlyByItsExactApproval() {
        Map<String, Object> approved = Map.of("send", "message", "to", "lee", "text", "Hello Lee");

        assertThat(ApprovalMatch.covers(WriteAction.SEND, approved, Map.of("send", "message", "to", "lee", "text", "Hello Lee"))).isTrue();
        assertThat(ApprovalMatch.covers(WriteAction.SEND, approved, Map.of("send", "message", "to", "lee", "text", "Hi"))).isFalse();
        assertThat(ApprovalMatch.covers(WriteAction.SEND, approved, Map.of("send", "message", "to", "lee"))).isFalse();
    }
}

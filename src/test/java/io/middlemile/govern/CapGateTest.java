package io.middlemile.govern;

import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Caps per run and per day, the same for every action: plain Java, no database. */
class CapGateTest {

    private final List<WriteAction> todayAskedFor = new ArrayList<>();

    /** This run made {@code thisRun}; earlier runs today made {@code earlier}. */
    private CapGate.Volumes volumes(long thisRun, long earlier) {
        return (action, withToday) -> {
            if (withToday) {
                todayAskedFor.add(action);
            }
            return new ActionVolume(thisRun, withToday ? earlier : 0);
        };
    }

    private static List<PolicyConfig.Cap> cap(WriteAction action, Integer perRun, Integer perDay) {
        return List.of(new PolicyConfig.Cap(action.id(), perRun, perDay));
    }

    @ParameterizedTest
    @EnumSource(WriteAction.class)
    void everyActionHaltsAtItsPerRunCap(WriteAction action) {
        List<PolicyConfig.Cap> caps = cap(action, 10, null);

        assertThatCode(() -> CapGate.enforce("crm", caps, Map.of(action, 1L), volumes(9, 0), false, CapGate.Batch.REQUEST))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> CapGate.enforce("crm", caps, Map.of(action, 1L), volumes(10, 0), false, CapGate.Batch.REQUEST))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessage("Cap reached at crm: this run already made 10 " + action.id() + " writes and 1 more was asked for, over"
                        + " perRun 10 (connectors/crm.yaml policy.caps). It was not made. Check that the volume is expected, raise the"
                        + " cap if it is, and run it again to resume.");
    }

    @ParameterizedTest
    @EnumSource(WriteAction.class)
    void everyActionHaltsAtItsDailyCapCountingEarlierRuns(WriteAction action) {
        List<PolicyConfig.Cap> caps = cap(action, null, 100);

        assertThatCode(() -> CapGate.enforce("crm", caps, Map.of(action, 2L), volumes(8, 90), false, CapGate.Batch.REQUEST))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> CapGate.enforce("crm", caps, Map.of(action, 3L), volumes(8, 90), false, CapGate.Batch.REQUEST))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessage("Daily cap reached at crm: 98 " + action.id() + " writes today and 3 more were asked for, over perDay 100"
                        + " (connectors/crm.yaml policy.caps). None of them was made; run it again tomorrow (UTC) or raise the cap.");
    }

    @Test
    void aPageIsHaltedWhole() {
        assertThatThrownBy(() -> CapGate.enforce("clean-contacts", cap(WriteAction.CREATE, 10, null),
                Map.of(WriteAction.CREATE, 5L, WriteAction.UPDATE, 50L), volumes(10, 0), false, CapGate.Batch.PAGE))
                .hasMessage("Cap reached at clean-contacts: this run already made 10 create writes and the next page has 5 more, over"
                        + " perRun 10 (connectors/clean-contacts.yaml policy.caps). Nothing of this page was written. Check that the"
                        + " volume is expected, raise the cap if it is, and run the job again to resume.");
    }

    @Test
    void aCapOnlyCountsItsOwnAction() {
        assertThatCode(() -> CapGate.enforce("crm", cap(WriteAction.ARCHIVE, 0, 0), Map.of(WriteAction.MERGE, 5L, WriteAction.UPDATE, 5L),
                volumes(100, 100), false, CapGate.Batch.PAGE)).doesNotThrowAnyException();
        assertThat(todayAskedFor).isEmpty();
    }

    @Test
    void aPlanChecksPerRunCapsButNeverReadsTodaysWrites() {
        List<PolicyConfig.Cap> caps = cap(WriteAction.MERGE, 5, 1);

        assertThatCode(() -> CapGate.enforce("crm", caps, Map.of(WriteAction.MERGE, 1L), volumes(4, 1_000), true, CapGate.Batch.REQUEST))
                .doesNotThrowAnyException();
        assertThat(todayAskedFor).isEmpty();
        assertThatThrownBy(() -> CapGate.enforce("crm", caps, Map.of(WriteAction.MERGE, 1L), volumes(5, 0), true, CapGate.Batch.REQUEST))
                .hasMessageStartingWith("Cap reached at crm: this run already made 5 merge writes");
    }
}

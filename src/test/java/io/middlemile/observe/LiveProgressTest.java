package io.middlemile.observe;

import io.middlemile.store.JobRun;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress of runs in this process: the latest committed page's counts and fraction, gone when the run ends. */
class LiveProgressTest {

    private final LiveProgress live = new LiveProgress(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aRunReportsEachPageAndIsForgottenWhenItEnds() {
        JobRun run = run(7, 0);
        live.started(run, false);
        assertThat(live.of(7)).hasValueSatisfying(p -> {
            assertThat(p.read()).isZero();
            assertThat(p.percent()).as("nothing read yet: the share is not known").isNull();
        });

        live.page(run, 1_000, 950, 30, 20, 0.4567);
        assertThat(live.of(7)).hasValueSatisfying(p -> {
            assertThat(p.written()).isEqualTo(950);
            assertThat(p.skipped()).isEqualTo(30);
            assertThat(p.rejected()).isEqualTo(20);
            assertThat(p.percent()).isEqualTo(45);
        });
        live.page(run, 1_200, 1_150, 30, 20, -1);
        assertThat(live.of(7).orElseThrow().percent()).as("a source that does not know its total").isNull();

        live.finished(run);
        assertThat(live.of(7)).isEmpty();
    }

    @Test
    void aResumedRunStartsFromWhatWasCommittedBefore() {
        live.started(run(8, 500), true);

        assertThat(live.of(8).orElseThrow().read()).isEqualTo(500);
        assertThat(live.of(9)).as("a run of another process").isEmpty();
    }

    private static JobRun run(long id, long read) {
        return new JobRun(id, "import-contacts", "legacy-crm-export", "contacts", JobRun.Status.RUNNING, Instant.EPOCH, null, read, read,
                0, 0, 0, 1, "git:abc", null);
    }
}

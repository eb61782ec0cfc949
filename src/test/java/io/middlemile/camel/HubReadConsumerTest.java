package io.middlemile.camel;

import io.middlemile.govern.RunOutcome;
import io.middlemile.store.JobRun;
import org.junit.jupiter.api.Test;

import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** How a page Camel did not finish ends the job's run. */
class HubReadConsumerTest {

    @Test
    void aPageRefusedBecauseTheEngineIsShuttingDownPausesTheRunSoItsNextRunContinuesIt() {
        RuntimeException failure = HubReadConsumer.pageFailure("export-16", new RejectedExecutionException(), true);

        RunOutcome outcome = RunOutcome.of(failure);
        assertThat(outcome.status()).isEqualTo(JobRun.Status.PAUSED);
        assertThat(outcome.resumable()).isTrue();
        assertThat(outcome.message()).contains("export-16", "the engine is shutting down", "continues it from the last page committed")
                .doesNotContain("null");
    }

    @Test
    void anyOtherPageFailureFailsTheRunWithItsCause() {
        RuntimeException busy = HubReadConsumer.pageFailure("export-16", new RejectedExecutionException("queue full"), false);
        RuntimeException broken = HubReadConsumer.pageFailure("export-16", new IllegalArgumentException("no such field"), true);

        assertThat(RunOutcome.of(busy).status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(RunOutcome.of(broken).status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(broken).hasMessage("Route export-16 failed on a page: no such field").hasCauseInstanceOf(IllegalArgumentException.class);
    }
}

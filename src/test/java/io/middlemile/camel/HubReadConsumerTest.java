package io.middlemile.camel;

import io.middlemile.connector.ConnectorException;
import io.middlemile.govern.RunOutcome;
import io.middlemile.store.JobRun;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
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
    void aPageInterruptedBecauseTheEngineIsShuttingDownPausesTheRunInsteadOfBlamingTheDisk() {
        // Camel forces a route to stop after its shutdown time-out by interrupting it: a file sink then fails mid-write
        ConnectorException write = new ConnectorException(ConnectorException.Kind.RETRIABLE, "Writing out/contacts.csv.partial"
                + " failed: java.nio.channels.ClosedByInterruptException. Check free disk space; the job can be resumed.",
                new UncheckedIOException(new ClosedByInterruptException()));

        RunOutcome stopping = RunOutcome.of(HubReadConsumer.pageFailure("export-16", write, true));
        RunOutcome running = RunOutcome.of(HubReadConsumer.pageFailure("export-16", write, false));

        assertThat(stopping.status()).isEqualTo(JobRun.Status.PAUSED);
        assertThat(stopping.message()).contains("the engine is shutting down").doesNotContain("disk");
        assertThat(running.status()).as("an interrupt outside a shutdown is the failure it says").isEqualTo(JobRun.Status.FAILED);
        assertThat(running.message()).contains("Check free disk space");
    }

    @Test
    void aClassifiedFailureEndsTheRunAsItselfWhetherOrNotTheEngineIsStopping() {
        ConnectorException quota = new ConnectorException(ConnectorException.Kind.QUOTA_EXHAUSTED, "Daily limit reached.");

        assertThat(HubReadConsumer.pageFailure("export-16", quota, false)).isSameAs(quota);
        assertThat(HubReadConsumer.pageFailure("export-16", quota, true)).isSameAs(quota);
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

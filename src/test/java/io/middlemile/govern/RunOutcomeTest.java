package io.middlemile.govern;

import com.fasterxml.jackson.core.JsonParseException;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.store.JobRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The one mapping from what stopped a run to how it ends, kind by kind. */
class RunOutcomeTest {

    private static final Instant NOW = Instant.parse("2026-03-10T02:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant MIDNIGHT = Instant.parse("2026-03-10T18:30:00Z");

    @Test
    void nothingStoppedItSoItSucceeded() {
        RunOutcome outcome = RunOutcome.of(null);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.SUCCEEDED);
        assertThat(outcome.resumeAt()).isNull();
        assertThat(outcome.message()).isNull();
        assertThat(outcome).isEqualTo(RunOutcome.succeeded());
    }

    @Test
    void aSpentDailyQuotaPausesUntilTheProvidersResetAndSaysWhenAndWhatToDo() {
        ConnectorException quota = new ConnectorException(Kind.QUOTA_EXHAUSTED, "HubSpot connection 'crm', upsert contacts: HTTP 429:"
                + " the account's daily API quota is used up.", null, MIDNIGHT, null);

        RunOutcome outcome = RunOutcome.of(quota, CLOCK);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.PAUSED);
        assertThat(outcome.resumeAt()).isEqualTo(MIDNIGHT);
        assertThat(outcome.message()).startsWith(quota.getMessage())
                .contains("Paused until 2026-03-10T18:30:00Z: run it again after then and it continues where it stopped.");
        assertThat(outcome.resumable()).isTrue();
    }

    @Test
    void aSpentQuotaWithNoKnownResetStillPausesAndSaysSo() {
        RunOutcome outcome = RunOutcome.of(new ConnectorException(Kind.QUOTA_EXHAUSTED, "Salesforce connection 'sf': TotalRequests"
                + " Limit exceeded."), CLOCK);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.PAUSED);
        assertThat(outcome.resumeAt()).isNull();
        assertThat(outcome.message()).contains("did not say when the quota comes back").contains("run it again later");
    }

    @Test
    void aRateLimitThatOutlastedTheRetriesFailsAndSaysWhenToTryAgain() {
        RunOutcome outcome = RunOutcome.of(new ConnectorException(Kind.RATE_LIMITED, "HubSpot connection 'crm': no request budget.",
                Duration.ofSeconds(10), null, null), CLOCK);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(outcome.message()).contains("wait until " + NOW.plusSeconds(10)).contains("run it again in a few minutes");
    }

    @Test
    void anOutageThatOutlastedTheRetriesFails() {
        RunOutcome outcome = RunOutcome.of(new ConnectorException(Kind.RETRIABLE, "Salesforce connection 'sf': calls are paused"
                + " for 30 s (circuit breaker open)."), CLOCK);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(outcome.resumeAt()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"AUTH", "INVALID_REQUEST", "NOT_FOUND", "FATAL"})
    void whatOnlyAPersonCanFixFailsTheRunWithTheProvidersMessage(Kind kind) {
        ConnectorException failure = new ConnectorException(kind, "HubSpot connection 'crm': fix this.");

        RunOutcome outcome = RunOutcome.of(failure, CLOCK);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(outcome.resumeAt()).isNull();
        assertThat(outcome.message()).isEqualTo("HubSpot connection 'crm': fix this.");
        assertThat(outcome.resumable()).isFalse();
    }

    @Test
    void everyKindHasAnOutcome() {
        for (Kind kind : Kind.values()) {
            assertThat(RunOutcome.of(new ConnectorException(kind, "x"), CLOCK).status())
                    .isIn(JobRun.Status.PAUSED, JobRun.Status.FAILED);
        }
    }

    @Test
    void anAnswerThatCannotBeReadFailsWhateverItsKindForTheSameBytesFailAgain() {
        ConnectorException unreadable = new ConnectorException(Kind.RETRIABLE, "HubSpot connection 'crm': the answer is not JSON",
                new JsonParseException(null, "Unexpected character"));

        assertThat(RunOutcome.of(unreadable, CLOCK).status()).isEqualTo(JobRun.Status.FAILED);
    }

    @Test
    void theKillSwitchOrACapHaltsTheRun() {
        WritesHaltedException halted = new WritesHaltedException("No write was made: the kill switch was turned on.");

        RunOutcome outcome = RunOutcome.of(halted, CLOCK);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.HALTED);
        assertThat(outcome.resumeAt()).isNull();
        assertThat(outcome.message()).isEqualTo(halted.getMessage());
        assertThat(outcome.resumable()).isTrue();
    }

    @Test
    void aFailureWrappedOnTheWayUpEndsTheRunAsItself() {
        ConnectorException quota = new ConnectorException(Kind.QUOTA_EXHAUSTED, "daily quota used up.", null, MIDNIGHT, null);
        RuntimeException wrapped = new IllegalStateException("Route import failed on a page: daily quota used up.",
                new RuntimeException("org.apache.camel wrapper", quota));

        assertThat(RunOutcome.of(wrapped, CLOCK)).isEqualTo(RunOutcome.of(quota, CLOCK));
        assertThat(RunOutcome.classified(wrapped)).isSameAs(quota);
        assertThat(RunOutcome.of(new IllegalStateException("Route import failed", new WritesHaltedException("capped")), CLOCK).status())
                .isEqualTo(JobRun.Status.HALTED);
    }

    @Test
    void anythingElseFailsTheRunWithItsMessage() {
        RunOutcome outcome = RunOutcome.of(new IllegalStateException("Page accounting broke"), CLOCK);

        assertThat(outcome.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Page accounting broke");
        assertThat(RunOutcome.classified(new IllegalStateException("Page accounting broke"))).isNull();
    }
}

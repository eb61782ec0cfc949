package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.govern.EngineStopping;
import io.middlemile.govern.RunOutcome;
import io.middlemile.store.JobRun;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run waiting for its next page when the engine stops. */
class ReadAheadTest {

    @Test
    void aRunInterruptedWhileWaitingForItsNextPagePausesInsteadOfFailing() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        ChangeSource slow = (object, cursor, pageSize) -> {
            asked.countDown();
            try {
                never.await(); // a provider that does not answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the scope closed the read");
        };
        CompletableFuture<RuntimeException> ended = new CompletableFuture<>();
        Thread job = new Thread(() -> {
            try (ReadAhead.Scope scope = ReadAhead.scope()) {
                ReadAhead pages = scope.reader(slow, "contacts", 100);
                pages.start(Cursor.START);
                SourcePage page = pages.take();
                ended.complete(new IllegalStateException("took a page: " + page));
            } catch (RuntimeException e) {
                ended.complete(e);
            }
        });
        job.start();
        assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();

        job.interrupt(); // what Camel does to a route still running when its shutdown time-out is over

        RuntimeException stopped = ended.get(10, TimeUnit.SECONDS);
        assertThat(stopped).isInstanceOf(EngineStopping.class).hasMessageContaining("the engine is shutting down");
        assertThat(RunOutcome.of(stopped).status()).isEqualTo(JobRun.Status.PAUSED);
        job.join(10_000);
        assertThat(job.isAlive()).isFalse();
    }
}

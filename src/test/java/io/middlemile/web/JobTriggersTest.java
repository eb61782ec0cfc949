package io.middlemile.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A burst of triggers while a job runs makes exactly one more run of it, never two at once. */
class JobTriggersTest {

    @Test
    void aBurstDuringARunCoalescesIntoOneMoreRun() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Semaphore finished = new Semaphore(0);
        List<String> runs = new CopyOnWriteArrayList<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        JobTriggers triggers = new JobTriggers(job -> {
            if (inFlight.incrementAndGet() > 1) {
                overlaps.add(job);
            }
            runs.add(job);
            if (runs.size() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            inFlight.decrementAndGet();
            finished.release();
        }, job -> true);

        triggers.trigger("sync-contacts");
        assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 50; i++) {
            triggers.trigger("sync-contacts");
        }
        releaseFirst.countDown();

        assertThat(finished.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
        // nothing further is pending: a third run would only come from a new trigger
        triggers.trigger("sync-contacts");
        assertThat(finished.tryAcquire(1, 30, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasSize(3);
        assertThat(overlaps).isEmpty();
        triggers.stop();
    }

    @Test
    void aJobWhoseRouteIsNotStartedIsNeverRunByATrigger() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        Semaphore finished = new Semaphore(0);
        JobTriggers triggers = new JobTriggers(job -> {
            runs.add(job);
            finished.release();
        }, job -> job.equals("started-sync"));

        boolean onDemand = triggers.trigger("on-demand-sync");
        boolean started = triggers.trigger("started-sync");

        assertThat(onDemand).isFalse();
        assertThat(started).isTrue();
        assertThat(finished.tryAcquire(1, 30, TimeUnit.SECONDS)).isTrue();
        assertThat(finished.tryAcquire(1, 200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(runs).containsExactly("started-sync");
        triggers.stop();
    }

    @Test
    void aTriggerMeetingARunThatHoldsTheJobsLockRunsTheJobOnceThatRunHasEnded() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        List<String> runs = new CopyOnWriteArrayList<>();
        Semaphore finished = new Semaphore(0);
        // the scheduled run holds the lock for the first two asks
        JobTriggers triggers = new JobTriggers(job -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new io.middlemile.sync.JobBusyException("Job " + job + " is already running");
            }
            runs.add(job);
            finished.release();
        }, job -> {
            throw new UnsupportedOperationException();
        }, job -> true, java.time.Duration.ofMillis(5));

        triggers.trigger("sync-contacts");

        assertThat(finished.tryAcquire(1, 30, TimeUnit.SECONDS)).isTrue();
        assertThat(finished.tryAcquire(1, 200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(runs).containsExactly("sync-contacts");
        triggers.stop();
    }

    @Test
    void awaitIdleReturnsOnceTheTriggeredRunsHaveEndedOrSaysTheyHaveNot() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobTriggers triggers = new JobTriggers(job -> {
            started.countDown();
            await(release);
        }, job -> true);
        assertThat(triggers.awaitIdle(java.time.Duration.ZERO)).as("nothing triggered").isTrue();

        triggers.trigger("instantly-replies");
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(triggers.awaitIdle(java.time.Duration.ofMillis(100))).as("the run still goes").isFalse();

        release.countDown();
        assertThat(triggers.awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
        triggers.stop();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

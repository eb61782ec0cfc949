package io.middlemile.sync;

import io.middlemile.connector.ConnectorException;
import io.middlemile.govern.Governance;
import io.middlemile.govern.KillSwitch;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.Checkpoint;
import io.middlemile.store.ControlStore;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.CursorStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.PagedSource;
import io.middlemile.testing.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A page whose outcomes are still coming (an outreach step's sends in flight, then their ledger rows) is committed once
 * they came, while the next pages run their routes; pages still commit in order, and a page whose outcomes fail commits
 * nothing, nor does any page after it.
 */
class PageCommitsTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger JOBS = new AtomicInteger();

    // ---- PageCommits on its own ----------------------------------------------------------------------------------------

    @Test
    void aPageWithNothingInFlightIsCommittedBeforeCommitReturns() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        try (PageCommits commits = new PageCommits()) {
            commits.commit(List.of(), () -> done.add(Thread.currentThread().getName()));

            assertThat(done).containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void aPageStillRecordingIsCommittedOnceItIsDoneAndTheNextPageWaitsForIt() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> recording = new CompletableFuture<>();
        try (PageCommits commits = new PageCommits()) {
            commits.commit(List.of(recording), () -> done.add("page 1"));
            assertThat(done).as("page 1 waits for its recording; the caller goes on").isEmpty();

            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> commits.commit(List.of(), () -> done.add("page 2")));
            assertThat(second).as("page 2 is not committed before page 1").isNotCompleted();
            sleep(100);
            assertThat(done).isEmpty();

            recording.complete(null);
            second.join();
            assertThat(done).containsExactly("page 1", "page 2");
        }
    }

    @Test
    void aRecordingThatFailedCommitsNothingOfItsPageAndItsFailureIsThrownAtTheNextCommit() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException failure = new IllegalStateException("the send ledger could not record the page");
        try (PageCommits commits = new PageCommits()) {
            CompletableFuture<Void> recording = new CompletableFuture<>();
            commits.commit(List.of(recording), () -> done.add("page 1"));
            recording.completeExceptionally(failure);

            assertThatThrownBy(() -> commits.commit(List.of(), () -> done.add("page 2"))).isSameAs(failure);
            assertThat(done).isEmpty();
            commits.awaitLateQuietly(); // nothing left late: returns at once
        }
    }

    @Test
    void manyPagesWaitAtOnceAndCommitInOrderWhicheverAnswerComesFirst() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> answers = List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
        try (PageCommits commits = new PageCommits()) {
            for (int page = 1; page <= 3; page++) {
                String name = "page " + page;
                commits.commit(List.of(answers.get(page - 1)), () -> done.add(name));
            }
            assertThat(done).as("the caller went on past three pages in flight").isEmpty();

            answers.get(2).complete(null);
            answers.get(1).complete(null);
            sleep(100);
            assertThat(done).as("pages 2 and 3 wait for page 1").isEmpty();

            answers.get(0).complete(null);
            commits.awaitLate();
            assertThat(done).containsExactly("page 1", "page 2", "page 3");
        }
    }

    @Test
    void theCallerWaitsOnceAsManyPagesAsAllowedAreWaiting() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> first = new CompletableFuture<>();
        try (PageCommits commits = new PageCommits(2)) {
            commits.commit(List.of(first), () -> done.add("page 1"));
            commits.commit(List.of(new CompletableFuture<>()), () -> done.add("page 2"));

            CompletableFuture<Void> third = CompletableFuture.runAsync(() -> commits.commit(List.of(new CompletableFuture<>()), () -> {
            }));
            sleep(100);
            assertThat(third).as("two pages wait already: the third waits for the oldest").isNotDone();

            first.complete(null);
            third.join();
            assertThat(done).containsExactly("page 1");
        }
    }

    @Test
    void aFailedPageStopsTheRunAtTheNextCommitAndThePagesStillInFlightAreAwaited() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException failure = new IllegalStateException("Instantly answered 500 for a page of 100 leads");
        CompletableFuture<Void> later = new CompletableFuture<>();
        try (PageCommits commits = new PageCommits()) {
            CompletableFuture<Void> answer = new CompletableFuture<>();
            commits.commit(List.of(answer), () -> done.add("page 1"));
            commits.commit(List.of(later), () -> done.add("page 2"));
            answer.completeExceptionally(failure);

            assertThatThrownBy(() -> commits.commit(List.of(new CompletableFuture<>()), () -> done.add("page 3")))
                    .as("page 3 is not started: page 1 failed").isSameAs(failure);

            CompletableFuture<Void> finishing = CompletableFuture.runAsync(commits::awaitLateQuietly);
            sleep(100);
            assertThat(finishing).as("the run is not finished while page 2's call is in flight").isNotDone();
            later.complete(null);
            finishing.join();
            assertThat(done).as("nothing after the failed page is committed").isEmpty();
        }
    }

    @Test
    void aPageWhoseOutcomesAlreadyFailedThrowsAtItsOwnCommit() {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException failure = new IllegalStateException("Instantly answered 401: check INSTANTLY_API_KEY");
        try (PageCommits commits = new PageCommits()) {
            assertThatThrownBy(() -> commits.commit(List.of(CompletableFuture.failedFuture(failure)), () -> done.add("page 1")))
                    .isSameAs(failure);
            assertThat(done).isEmpty();
        }
    }

    @Test
    void afterAnotherFailureTheLatePagesOwnFailureIsOnlyLogged() {
        try (PageCommits commits = new PageCommits()) {
            CompletableFuture<Void> recording = new CompletableFuture<>();
            commits.commit(List.of(recording), () -> {
            });
            recording.completeExceptionally(new IllegalStateException("ledger down"));

            commits.awaitLateQuietly();
            commits.awaitLate(); // already waited for: nothing is thrown twice
        }
    }

    // ---- in a job run --------------------------------------------------------------------------------------------------

    @Test
    void theNextPageRunsItsRouteWhileThePageBeforeIsStillRecordingAndEveryPageCommitsInOrder() {
        String job = "late-" + JOBS.incrementAndGet();
        RunStore runs = engine.bean(RunStore.class);
        CompletableFuture<Void> firstRecorded = new CompletableFuture<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());

        JobRun run = executor(job).run(request(job), batch -> {
            String page = batch.items().get(0).ref().sourceId().substring(0, 2);
            // what the store holds when each page's route starts: page 2 starts before page 1 is committed
            seen.add(page + " starts, committed " + runs.checkpoint(batch.run().run().id()).map(Checkpoint::cursor).orElse("nothing"));
            List<Batch.Item> items = batch.items();
            if (page.equals("p1")) {
                batch.settleWhen(items, firstRecorded, (settling, answer) -> items.forEach(item -> settling.written(item, null)));
                return batch;
            } else if (page.equals("p2")) {
                firstRecorded.complete(null);
            }
            items.forEach(item -> batch.written(item, null));
            batch.retain(List.of());
            return batch;
        }, ProgressListener.NONE);

        assertThat(seen).containsExactly("p1 starts, committed nothing", "p2 starts, committed nothing",
                "p3 starts, committed after-p2");
        assertThat(run.status()).isEqualTo(JobRun.Status.SUCCEEDED);
        assertThat(run.read()).isEqualTo(6);
        assertThat(run.written()).isEqualTo(6);
        assertThat(runs.checkpoint(run.id()).map(Checkpoint::cursor)).contains("after-p3");
    }

    @Test
    void aPageWhoseRecordingFailsIsNotCommittedAndTheRunSaysWhy() {
        String job = "late-failing-" + JOBS.incrementAndGet();
        RunStore runs = engine.bean(RunStore.class);

        JobRun run = executor(job).run(request(job), batch -> {
            List<Batch.Item> items = batch.items();
            if (items.get(0).ref().sourceId().startsWith("p2")) {
                batch.settleWhen(items, CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("The send ledger could not record 2 enrolments");
                }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)), (settling, answer) -> items.forEach(item -> settling.written(item, null)));
                return batch;
            }
            items.forEach(item -> batch.written(item, null));
            batch.retain(List.of());
            return batch;
        }, ProgressListener.NONE);

        assertThat(run.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(run.error()).contains("The send ledger could not record 2 enrolments");
        assertThat(run.read()).as("page 1 only: page 2 was never committed, page 3 waited for it").isEqualTo(2);
        assertThat(runs.checkpoint(run.id()).map(Checkpoint::cursor)).contains("after-p1");
    }

    @Test
    void aQuotaSpentByACallInFlightPausesTheRunAsItWouldHadThePageWaitedForIt() {
        String job = "late-quota-" + JOBS.incrementAndGet();
        Instant reset = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        ConnectorException quota = new ConnectorException(ConnectorException.Kind.QUOTA_EXHAUSTED,
                "instantly, add leads: HTTP 429: workspace quota used up.", null, reset, null);

        JobRun run = executor(job).run(request(job), batch -> {
            List<Batch.Item> items = batch.items();
            CompletableFuture<Void> answer = items.get(0).ref().sourceId().startsWith("p2")
                    ? CompletableFuture.supplyAsync(() -> {
                        throw quota;
                    }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
                    : CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
            batch.settleWhen(items, answer, (settling, done) -> items.forEach(item -> settling.written(item, null)));
            return batch;
        }, ProgressListener.NONE);

        assertThat(run.status()).isEqualTo(JobRun.Status.PAUSED);
        assertThat(run.error()).startsWith(quota.getMessage()).contains("Paused until " + reset);
        assertThat(run.read()).as("page 1 only").isEqualTo(2);
    }

    @Test
    void closingWaitsForTheRunInProgressToEndPausedAtItsNextPage() throws Exception {
        String job = "closing-" + JOBS.incrementAndGet();
        JobExecutor executor = executor(job);
        java.util.concurrent.CountDownLatch inFirstPage = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finishPage = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<JobRun> running = CompletableFuture.supplyAsync(() -> executor.run(request(job), batch -> {
            if (stopping.get()) { // what HubReadConsumer does once the engine closing has stopped the route
                throw new io.middlemile.govern.EngineStopping("Route " + job + " stopped in the middle of a run", null);
            }
            inFirstPage.countDown();
            try {
                finishPage.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batch.items().forEach(item -> batch.written(item, null));
            batch.retain(List.of());
            return batch;
        }, ProgressListener.NONE));
        assertThat(inFirstPage.await(10, TimeUnit.SECONDS)).isTrue();

        stopping.set(true);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(executor::close);
        sleep(300);
        assertThat(closed).as("closing waits while the page is in progress").isNotDone();
        finishPage.countDown();

        closed.get(10, TimeUnit.SECONDS);
        // closing returned only once the run had ended: its end is in the store by then (the future that hands the run
        // to this test completes a moment after the run's own end, on the thread that ran it)
        assertThat(engine.bean(RunStore.class).history(job, 1)).as("closing returned only once the run had ended")
                .singleElement().extracting(JobRun::status).isEqualTo(JobRun.Status.PAUSED);
        JobRun run = running.get(10, TimeUnit.SECONDS);
        assertThat(run.status()).isEqualTo(JobRun.Status.PAUSED);
        assertThat(run.read()).as("its page in progress was committed").isEqualTo(2);
        assertThat(engine.bean(RunStore.class).find(run.id()).orElseThrow().status()).isEqualTo(JobRun.Status.PAUSED);
    }

    @Test
    void closingWithNoRunInProgressReturnsAtOnce() {
        JobExecutor executor = executor("idle-" + JOBS.incrementAndGet());
        long started = System.nanoTime();

        executor.close();

        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    private static JobExecutor executor(String job) {
        Governance governance = new Governance(Map.of(), engine.bean(JournalStore.class), engine.bean(ReviewStore.class),
                engine.bean(RunStore.class), engine.bean(RecordLocks.class), engine.bean(CrosswalkStore.class),
                engine.bean(AssignmentStore.class), new KillSwitch(engine.bean(ControlStore.class), Map.of()), "test", Duration.ofDays(1));
        return new JobExecutor(engine.bean(RunStore.class), engine.bean(CursorStore.class), name -> new PagedSource("", 3),
                governance, new RejectsFile(engine.workspace().resolve("rejects")));
    }

    private static JobRequest request(String job) {
        return new JobRequest(job, "source", "contacts", 2, List.of(), false, null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

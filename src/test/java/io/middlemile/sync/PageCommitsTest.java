package io.middlemile.sync;

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
 * A page a step is still recording (an outreach step's send ledger) is committed once that is done, while the next page
 * runs its route; pages still commit in order, and a recording that fails commits nothing of its page.
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
            commits.commit(List.of(CompletableFuture.failedFuture(failure)), () -> done.add("page 1"));

            assertThatThrownBy(() -> commits.commit(List.of(), () -> done.add("page 2"))).isSameAs(failure);
            assertThat(done).isEmpty();
            commits.awaitLateQuietly(); // nothing left late: returns at once
        }
    }

    @Test
    void afterAnotherFailureTheLatePagesOwnFailureIsOnlyLogged() {
        try (PageCommits commits = new PageCommits()) {
            commits.commit(List.of(CompletableFuture.failedFuture(new IllegalStateException("ledger down"))), () -> {
            });

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
            if (page.equals("p1")) {
                batch.commitAfter(firstRecorded);
            } else if (page.equals("p2")) {
                firstRecorded.complete(null);
            }
            batch.items().forEach(item -> batch.written(item, null));
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
            if (batch.items().get(0).ref().sourceId().startsWith("p2")) {
                batch.commitAfter(CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("The send ledger could not record 2 enrolments");
                }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)));
            }
            batch.items().forEach(item -> batch.written(item, null));
            batch.retain(List.of());
            return batch;
        }, ProgressListener.NONE);

        assertThat(run.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(run.error()).contains("The send ledger could not record 2 enrolments");
        assertThat(run.read()).as("page 1 only: page 2 was never committed, page 3 waited for it").isEqualTo(2);
        assertThat(runs.checkpoint(run.id()).map(Checkpoint::cursor)).contains("after-p1");
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

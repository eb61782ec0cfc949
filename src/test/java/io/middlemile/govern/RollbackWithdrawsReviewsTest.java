package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rollback withdraws what its run parked for review and nobody decided yet: approving it afterwards would make part of
 * the undone change (a clean-up's country written while its phone and name were rolled back). Decided items stay decided.
 */
class RollbackWithdrawsReviewsTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger JOBS = new AtomicInteger();

    /** Stage changes are written at once; country changes wait for a person, as the sample clean-up's policy does. */
    private static final PolicyConfig COUNTRIES_TO_REVIEW = new PolicyConfig("auto",
            List.of(new PolicyConfig.Rule(null, "country", "update", null, null, null, "review")), List.of());

    private final MemoryTarget target = new MemoryTarget();
    private final ReviewStore reviews = engine.bean(ReviewStore.class);
    private final RunStore runs = engine.bean(RunStore.class);

    private Governance governance(PolicyConfig policy) {
        return TestGovernance.over(engine, new ConnectorConfig("memory", "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "stage", "country"))), policy));
    }

    private void contact(String key, String stage, String country) {
        target.rows.put(key, new LinkedHashMap<>(Map.of("id", key, "stage", stage, "country", country)));
    }

    /** A job run that fixes stage and country of each record: stages written, countries parked. */
    private JobRun cleanUp(Governance governance, String job, String... keys) {
        JobRun run = runs.start(job, "test", "test", "test");
        GovernedWrites writes = governance.open(run, name -> target, GovernedWrites.Mode.EXECUTE, false);
        List<TargetRecord> records = java.util.Arrays.stream(keys).map(key -> new TargetRecord("contacts", key,
                Map.<String, Object>of("id", key, "stage", "mql", "country", "DE"), new SourceRef("test", "contacts", key))).toList();
        writes.write("memory", "contacts", records);
        writes.complete();
        return run;
    }

    private ReviewItem parkedFor(JobRun run, String key) {
        return reviews.list(null).stream().filter(item -> item.runId() == run.id() && item.recordKey().equals(key)).findFirst()
                .orElseThrow();
    }

    @Test
    void aRollbackWithdrawsThePendingReviewsOfItsRunLeavesDecidedOnesAndApprovingOneIsRefused() {
        Governance governance = governance(COUNTRIES_TO_REVIEW);
        GovernedActions actions = new GovernedActions(governance, name -> target);
        String job = "clean-" + JOBS.incrementAndGet();
        for (String key : List.of("w-1", "w-2", "w-3")) {
            contact(key, "lead", "Germany");
        }
        JobRun run = cleanUp(governance, job, "w-1", "w-2", "w-3");
        assertThat(target.rows.get("w-1")).containsEntry("stage", "mql").containsEntry("country", "Germany");
        ReviewItem w1 = parkedFor(run, "w-1");
        ReviewItem w2 = parkedFor(run, "w-2");
        ReviewItem w3 = parkedFor(run, "w-3");
        // a send the run parked is withdrawn as its writes are: a rollback cannot unsend, but it keeps this one from going out
        long send = reviews.park(new ReviewItem(0, run.id(), job, "instantly", "leads", "w-1", "send", null,
                Map.of("send", "email", "to", "w-1"), "policy.default review", ReviewItem.Status.PENDING, null, null, null, null, null),
                Duration.ofDays(1));
        actions.reject(w3.id(), "ana", "keep Germany");
        // another run's item is not this rollback's
        contact("o-1", "lead", "Germany");
        JobRun other = cleanUp(governance, "other-" + job, "o-1");

        assertThat(actions.rollbackWithdrawals(run.id())).as("the preview names them and withdraws nothing")
                .extracting(ReviewItem::id).containsExactly(w1.id(), w2.id(), send);
        assertThat(reviews.find(w1.id()).orElseThrow().status()).isEqualTo(ReviewItem.Status.PENDING);

        ActionReport rolledBack = actions.rollback(run.id(), "ops");

        assertThat(target.rows.get("w-1")).containsEntry("stage", "lead");
        assertThat(rolledBack.notes()).contains("3 pending reviews of run " + run.id() + " withdrawn: #" + w1.id() + ", #" + w2.id()
                + ", #" + send + " (not made; approving one is refused, and `middlemile review show ID` says how to make its change"
                + " after all)");
        for (long id : List.of(w1.id(), w2.id(), send)) {
            ReviewItem withdrawn = reviews.find(id).orElseThrow();
            assertThat(withdrawn.status()).isEqualTo(ReviewItem.Status.WITHDRAWN);
            assertThat(withdrawn.decidedBy()).isEqualTo("rollback run " + rolledBack.runId());
            assertThat(withdrawn.decidedAt()).isNotNull();
            assertThat(withdrawn.note()).startsWith("withdrawn: run " + run.id() + " was rolled back by run " + rolledBack.runId()
                    + " (asked for by ops) before anyone decided this item, so it is not made. If it is still wanted, run job " + job
                    + " again (`middlemile job run " + job + " --from-start`");
        }
        assertThat(reviews.find(w3.id()).orElseThrow()).satisfies(rejected -> {
            assertThat(rejected.status()).isEqualTo(ReviewItem.Status.REJECTED);
            assertThat(rejected.decidedBy()).isEqualTo("ana");
        });
        assertThat(parkedFor(other, "o-1").status()).isEqualTo(ReviewItem.Status.PENDING);
        // the rollback run keeps what it did to the queue: each withdrawn item a skipped record of it, with why
        assertThat(runs.outcomes(rolledBack.runId(), RecordOutcome.Outcome.SKIPPED)).extracting(RecordOutcome::reason)
                .contains("review #" + w1.id() + " (update [country]) withdrawn: run " + run.id() + " was rolled back by run "
                        + rolledBack.runId() + " (asked for by ops) before anyone decided this item");

        assertThatThrownBy(() -> actions.approve(w1.id(), "ana", null)).isInstanceOf(AlreadyDecidedException.class)
                .hasMessage("Review item #" + w1.id() + " (update of memory/contacts/w-1) was withdrawn at "
                        + reviews.find(w1.id()).orElseThrow().decidedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + " by rollback run " + rolledBack.runId() + ": run " + run.id() + ", which parked it, was rolled back before"
                        + " anyone decided it, so approving it would make part of an undone change. Nothing was done now. If the"
                        + " change is still wanted, run job " + job + " again (`middlemile job run " + job + " --from-start`; with"
                        + " `--plan FILE` to see it first): the change is parked for review anew");
        assertThat(target.rows.get("w-1")).as("nothing of the undone change is written").containsEntry("country", "Germany");
        assertThatThrownBy(() -> actions.reject(w2.id(), "ana", null)).isInstanceOf(AlreadyDecidedException.class)
                .hasMessageContaining("was withdrawn");
        assertThat(actions.rollbackWithdrawals(run.id())).isEmpty();
    }

    @Test
    void aRunRolledBackWhosePendingReviewsWereLeftIsRolledBackAgainToWithdrawThem() {
        // a run rolled back before rollbacks withdrew reviews: nothing of its writes is left to undo, but its items wait
        Governance governance = governance(COUNTRIES_TO_REVIEW);
        GovernedActions actions = new GovernedActions(governance, name -> target);
        String job = "clean-" + JOBS.incrementAndGet();
        contact("l-1", "lead", "Germany");
        JobRun run = cleanUp(governance, job, "l-1");
        ReviewItem left = parkedFor(run, "l-1");
        ActionReport first = actions.rollback(run.id(), "ops");
        new org.springframework.jdbc.core.JdbcTemplate(engine.bean(javax.sql.DataSource.class)).update(
                "update reviews set status = 'pending', decided_at = null, decided_by = null, note = null where id = ?", left.id());

        ActionReport again = actions.rollback(run.id(), "ops");

        assertThat(again.runId()).isNotEqualTo(first.runId());
        assertThat(again.written()).isZero();
        assertThat(again.notes()).anyMatch(note -> note.startsWith("1 pending review of run " + run.id() + " withdrawn: #" + left.id()));
        assertThat(reviews.find(left.id()).orElseThrow().status()).isEqualTo(ReviewItem.Status.WITHDRAWN);
        // with nothing left at all, a third time is refused as before
        assertThatThrownBy(() -> actions.rollback(run.id(), "ops")).isInstanceOf(AlreadyRolledBackException.class);
    }

    @Test
    void aRollbackOfAnAgentsWindowWithdrawsWhatItsProposalsParked() {
        // agents' updates wait for a person (an auto default is a person's decision for agents)
        GovernedActions actions = new GovernedActions(governance(new PolicyConfig("review", List.of(), List.of())), name -> target);
        Actor bot = Actor.agent("withdraw-bot-" + JOBS.incrementAndGet());
        contact("a-1", "lead", "Germany");
        Instant since = Instant.now().minusSeconds(60);

        GovernedActions.ProposalReport proposal = actions.propose(bot, "memory", "contacts",
                List.of(new GovernedActions.FieldProposal("a-1", Map.of("stage", "mql"))), "the form says so");
        assertThat(proposal.outcomes()).singleElement().extracting(WriteOutcome::status).isEqualTo(WriteOutcome.Status.SKIPPED);
        ReviewItem parked = reviews.list(ReviewItem.Status.PENDING).stream().filter(item -> bot.id().equals(item.actor())).findFirst()
                .orElseThrow();

        ActionReport rolledBack = actions.rollback(bot, since, "ops");

        assertThat(rolledBack.notes()).anyMatch(note -> note.startsWith("1 pending review of " + bot.id() + " since " + since
                + " withdrawn: #" + parked.id()));
        assertThat(reviews.find(parked.id()).orElseThrow()).satisfies(item -> {
            assertThat(item.status()).isEqualTo(ReviewItem.Status.WITHDRAWN);
            assertThat(item.note()).contains("have " + bot.id() + " propose it again");
        });
        assertThatThrownBy(() -> actions.approve(parked.id(), "ana", null)).isInstanceOf(AlreadyDecidedException.class);
        assertThat(target.rows.get("a-1")).containsEntry("stage", "lead");
    }

    /** A contact (key {@code job}-N) whose country change a clean-up run of job {@code job}-N parked for review, with the actions on it. */
    private record CountryParked(GovernedActions actions, String key, ReviewItem item) {
    }

    private CountryParked countryParked(String job) {
        Governance governance = governance(COUNTRIES_TO_REVIEW);
        String key = job + "-" + JOBS.incrementAndGet();
        contact(key, "lead", "Germany");
        return new CountryParked(new GovernedActions(governance, name -> target), key, parkedFor(cleanUp(governance, key, key), key));
    }

    @Test
    void aRollbackOfAnAgentsWindowWithdrawsAChangeTheAgentParkedAgainInItThoughAJobHadParkedItFirstBefore() {
        CountryParked parked = countryParked("window-clean-up");
        // the job parked it an hour before the agent's window opens
        engine.bean(org.springframework.jdbc.core.JdbcTemplate.class).update(
                "update reviews set created_at = created_at - interval '1 hour' where id = ?", parked.item().id());
        Actor bot = Actor.agent("window-bot-" + parked.key());
        Instant since = Instant.now().minusSeconds(60);

        // the agent proposes the same change: the waiting item is the agent's now
        parked.actions().propose(bot, "memory", "contacts", List.of(new GovernedActions.FieldProposal(parked.key(),
                Map.of("country", "DE"))), "its site");
        assertThat(reviews.find(parked.item().id()).orElseThrow().actor()).isEqualTo(bot.id());

        ActionReport rolledBack = parked.actions().rollback(bot, since, "ops");

        assertThat(rolledBack.notes()).anyMatch(note -> note.startsWith("1 pending review of " + bot.id() + " since " + since
                + " withdrawn: #" + parked.item().id()));
        assertThat(reviews.find(parked.item().id()).orElseThrow().status()).isEqualTo(ReviewItem.Status.WITHDRAWN);
    }

    @Test
    void anItemBeingApprovedIsNeitherTakenOverNorWithdrawnByARollbackOfAnotherJobsRunMeanwhile() throws Exception {
        CountryParked parked = countryParked("race-a");
        ReviewItem approving = parked.item();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        target.beforeUpsert = () -> {
            writing.countDown();
            try {
                goOn.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.Future<ActionReport> approval = java.util.concurrent.Executors.newSingleThreadExecutor()
                .submit(() -> parked.actions().approve(approving.id(), "ana", null));
        assertThat(writing.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // while the approval writes: another job's run parks the same change, and that run is rolled back at once
        JobRun other = runs.start("race-b-" + parked.key(), "test", "test", "test");
        long parkedByOther = reviews.park(new ReviewItem(0, other.id(), other.job(), approving.connection(), approving.object(),
                approving.recordKey(), approving.action(), approving.before(), approving.after(), approving.rule(),
                ReviewItem.Status.PENDING, null, null, null, null, null), Duration.ofDays(1));
        runs.finish(other.id(), JobRun.Status.SUCCEEDED, null);
        parked.actions().rollback(other.id(), "ops");
        goOn.countDown();

        assertThat(approval.get(30, java.util.concurrent.TimeUnit.SECONDS).runId()).isPositive();
        assertThat(parkedByOther).as("parked anew, not taken over").isNotEqualTo(approving.id());
        assertThat(reviews.find(parkedByOther).orElseThrow().status()).isEqualTo(ReviewItem.Status.WITHDRAWN);
        assertThat(reviews.find(approving.id()).orElseThrow()).satisfies(item -> {
            assertThat(item.status()).isEqualTo(ReviewItem.Status.APPROVED);
            assertThat(item.decidedBy()).isEqualTo("ana");
            assertThat(item.job()).isEqualTo(approving.job());
        });
        assertThat(target.rows.get(parked.key())).containsEntry("country", "DE");
    }

    @Test
    void anApprovalWhoseProcessDiedMidWriteLeavesAnItemTheNextApprovalOrRejectionDecides() {
        CountryParked parked = countryParked("dead-approval");
        // an approval claimed it and its process died before it recorded anything: nobody holds the job's review lock now
        assertThat(reviews.claim(parked.item().id(), "ana", parked.item().job())).isTrue();

        ActionReport approved = parked.actions().approve(parked.item().id(), "ben", null);

        assertThat(approved.runId()).isPositive();
        assertThat(reviews.find(parked.item().id()).orElseThrow()).satisfies(decided -> {
            assertThat(decided.status()).isEqualTo(ReviewItem.Status.APPROVED);
            assertThat(decided.decidedBy()).isEqualTo("ben");
        });
        assertThat(target.rows.get(parked.key())).containsEntry("country", "DE");
    }

    /** A send parked for review by {@code run}, as an outreach step parks one. */
    private long parkedSend(JobRun run, String key) {
        return reviews.park(new ReviewItem(0, run.id(), run.job(), "instantly", "leads", key, "send", null,
                Map.of("send", "email", "to", key), "policy.default review", ReviewItem.Status.PENDING, null, null, null, null, null),
                Duration.ofDays(1));
    }

    @Test
    void aRollbackWithdrawsTheSendsAndLookupsOfItsRunApprovedButNotMadeYetSoNoRunMakesThem() {
        Governance governance = governance(COUNTRIES_TO_REVIEW);
        GovernedActions actions = new GovernedActions(governance, name -> target);
        String job = "clean-" + JOBS.incrementAndGet();
        contact("p-1", "lead", "Germany");
        JobRun run = cleanUp(governance, job, "p-1");
        ReviewItem country = parkedFor(run, "p-1");
        long approved = parkedSend(run, "p-2");
        long made = parkedSend(run, "p-3");
        actions.approve(approved, "ana", null);
        actions.approve(made, "ana", null);
        // a later run made the send of p-3: it is that run's to undo (a rollback reports what it cannot unsend)
        JobRun later = runs.start(job, "test", "test", "test");
        assertThat(reviews.carriedOut(made, later.id())).isTrue();

        assertThat(actions.rollbackWithdrawals(run.id())).as("the preview names the approved send no run made, not the one made")
                .extracting(ReviewItem::id).containsExactly(country.id(), approved);
        assertThat(WithdrawalPreview.of("run " + run.id(), actions.rollbackWithdrawals(run.id())).summary())
                .isEqualTo("It would withdraw 2 reviews (1 pending, 1 approved, not made yet) of run " + run.id() + " (nothing of them"
                        + " is made; approving one later is refused, and no run makes an approved one)");

        ActionReport rolledBack = actions.rollback(run.id(), "ops");

        assertThat(rolledBack.notes()).contains("2 reviews (1 pending, 1 approved, not made yet) of run " + run.id() + " withdrawn: #"
                + country.id() + ", #" + approved + " (not made; approving one is refused, and `middlemile review show ID` says how to"
                + " make its change after all)");
        assertThat(reviews.find(approved).orElseThrow()).satisfies(item -> {
            assertThat(item.status()).isEqualTo(ReviewItem.Status.WITHDRAWN);
            assertThat(item.decidedBy()).isEqualTo("rollback run " + rolledBack.runId());
            assertThat(item.note()).startsWith("withdrawn after its approval: run " + run.id() + " was rolled back by run "
                    + rolledBack.runId() + " (asked for by ops) after ana approved this item and before any run made it, so it is not"
                    + " made. If it is still wanted, run job " + job + " again");
        });
        // the next run meeting the send finds no approval to carry out: it parks the send for review anew
        assertThat(reviews.approvedNotCarriedOut("instantly", "leads", "p-2", "send")).isEmpty();
        assertThat(reviews.find(made).orElseThrow().status()).as("a send made stays as it was").isEqualTo(ReviewItem.Status.APPROVED);
        assertThatThrownBy(() -> actions.approve(approved, "ana", null)).isInstanceOf(AlreadyDecidedException.class)
                .hasMessageContaining("was withdrawn at ").hasMessageContaining(": run " + run.id() + ", which parked it, was rolled back"
                        + " after it was approved and before any run made it, so no run makes it: making it would make part of an"
                        + " undone change. Nothing was done now.");
    }

    @Test
    void aReviewALaterRunParkedAgainIsThatRunsSoOnlyItsRollbackWithdrawsIt() {
        Governance governance = governance(COUNTRIES_TO_REVIEW);
        GovernedActions actions = new GovernedActions(governance, name -> target);
        String job = "clean-" + JOBS.incrementAndGet();
        String nextJob = "other-" + job;
        contact("r-1", "lead", "Germany");
        JobRun first = cleanUp(governance, job, "r-1");
        ReviewItem parked = parkedFor(first, "r-1");
        // another run (of another job) meets the same country change: it finds the waiting item and takes it over
        JobRun second = cleanUp(governance, nextJob, "r-1");
        assertThat(reviews.list(ReviewItem.Status.PENDING).stream().filter(item -> item.recordKey().equals("r-1")))
                .as("not parked twice").singleElement().extracting(ReviewItem::id).isEqualTo(parked.id());
        assertThat(reviews.find(parked.id()).orElseThrow()).satisfies(item -> {
            assertThat(item.runId()).isEqualTo(second.id());
            assertThat(item.job()).isEqualTo(nextJob);
        });
        assertThat(actions.rollbackWithdrawals(first.id())).isEmpty();

        actions.rollback(first.id(), "ops");

        assertThat(target.rows.get("r-1")).as("the first run's stage undone").containsEntry("stage", "lead");
        assertThat(reviews.find(parked.id()).orElseThrow().status()).as("the later run still wants it")
                .isEqualTo(ReviewItem.Status.PENDING);

        ActionReport second2 = actions.rollback(second.id(), "ops");

        assertThat(second2.notes()).anyMatch(note -> note.startsWith("1 pending review of run " + second.id() + " withdrawn: #" + parked.id()));
        assertThat(reviews.find(parked.id()).orElseThrow()).satisfies(item -> {
            assertThat(item.status()).isEqualTo(ReviewItem.Status.WITHDRAWN);
            assertThat(item.note()).contains("run job " + nextJob + " again");
        });
    }
}

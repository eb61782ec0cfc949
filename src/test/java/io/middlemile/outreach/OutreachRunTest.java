package io.middlemile.outreach;

import io.middlemile.sandbox.MutableClock;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.instantly.InstantlyCallException;
import io.middlemile.connector.instantly.InstantlyConnector;
import io.middlemile.connector.instantly.InstantlySettings;
import io.middlemile.connector.unipile.UnipileConnector;
import io.middlemile.connector.unipile.UnipileSettings;
import io.middlemile.govern.Governance;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.govern.KillSwitch;
import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.WritesHaltedException;
import io.middlemile.sandbox.instantly.InstantlyEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulator;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.ControlStore;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.OutreachConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One job run's outreach against the Instantly and Unipile emulators, through the engine's store: every send a governed
 * SEND (journal, policy, kill switch), each record sent once per channel, suppression before any call, LinkedIn
 * invitations paced over the account's caps with the rest deferred in the ledger and sent by a later run once due.
 */
class OutreachRunTest {

    private static final String TOKEN = "outreach-test-key";
    private static final String CAMPAIGN = "3f0c3a1e-0000-4000-8000-000000000001";
    /** A Tuesday, 10:00 in Berlin: inside the account's working hours. */
    private static final Instant TUESDAY_10 = Instant.parse("2026-12-01T09:00:00Z");

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private InstantlyEmulator instantly;
    private UnipileEmulator unipile;
    private String outreachName;
    private String account;

    @BeforeEach
    void start() {
        // every test its own outreach and sending account: the ledger (and an account's usage in it) is the class's engine's
        String test = UUID.randomUUID().toString().substring(0, 8);
        outreachName = "q4-" + test;
        account = "acc-" + test;
        instantly = InstantlyEmulator.start(TOKEN, 0);
        instantly.addCampaign(CAMPAIGN, "Q4");
        unipile = UnipileEmulator.start(UnipileEmulatorSettings.defaults(TOKEN).withAccounts(List.of(
                UnipileEmulatorSettings.Account.premium(account, "Ann Sender", ZoneId.of("Europe/Berlin")))), 0);
        for (String person : List.of("ana", "bo", "cy", "dee", "eli")) {
            unipile.addProfile(person, person, "Test", "Buyer");
        }
    }

    @AfterEach
    void stop() {
        instantly.stop();
        unipile.stop();
    }

    @Test
    void theEnginesPoolHasALockAndAWorkingConnectionForEveryJobOfTheWorkspace() {
        // every route of a single engine may run at once, and a page of sends records its journal results and ledger rows
        // side by side: the pool below that made four jobs at once wait for connections
        int jobs = engine.bean(io.middlemile.workspace.Workspace.class).routes().size();
        assertThat(jobs).isGreaterThan(3);
        assertThat(((com.zaxxer.hikari.HikariDataSource) engine.bean(javax.sql.DataSource.class)).getMaximumPoolSize())
                .isGreaterThanOrEqualTo(2 * jobs + 4);
    }

    @Test
    void eachRecordGoesOutOnceOnEachChannelAsAJournaledSend() {
        OutreachRuns runs = runs(config(80, "1s-1s"), PolicyConfig.allowAll(), TUESDAY_10);
        JobRun first = jobRun();
        Map<String, OutreachRun.Result> results = runs.of(outreachName, first, providers(), null).enrol(List.of(person("ana")));

        assertThat(results.get(key("ana")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly("ana@example.com");
        assertThat(invitationsMade()).isEqualTo(1);
        List<JournalEntry> journal = engine.bean(JournalStore.class).ofRun(first.id());
        assertThat(journal).extracting(JournalEntry::action).containsOnly("send");
        assertThat(journal).extracting(JournalEntry::object).containsExactlyInAnyOrder(OutreachRun.LEADS, OutreachRun.INVITATIONS);
        assertThat(journal).allSatisfy(entry -> assertThat(entry.recordKey()).isEqualTo(key("ana")));

        // the same record read again by the next run: the ledger says it went, nothing is called again
        Map<String, OutreachRun.Result> again = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person("ana")));
        assertThat(again.get(key("ana")).outcome()).isEqualTo(OutreachRun.Result.Outcome.NOT_SENT);
        assertThat(instantly.leadsOf(CAMPAIGN)).hasSize(1);
        assertThat(invitationsMade()).isEqualTo(1);
    }

    @Test
    void aRecordReadAgainWhileItsEnrolmentIsStillBeingRecordedIsNotEnrolledTwice() {
        HeldLedger ledger = new HeldLedger();
        JobRun run = jobRun();
        OutreachRun outreach = runs(emailOnly(), ledger).of(outreachName, run, providers(), null);

        OutreachRun.Page first = outreach.enrolPage(List.of(person("ana"), person("bo")));
        assertThat(first.results()).as("its ledger rows are still being written, beside the next page").isNotDone();

        // the next page has ana again (changed while the run read): her row is not in the ledger yet, the run knows it went
        OutreachRun.Page second = outreach.enrolPage(List.of(person("ana"), person("cy")));
        assertThat(second.results()).isNotDone();

        ledger.released.complete(null);
        assertThat(first.results().join().get(key("ana")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        Map<String, OutreachRun.Result> again = second.results().join();
        assertThat(again.get(key("ana")).outcome()).isEqualTo(OutreachRun.Result.Outcome.NOT_SENT);
        assertThat(again.get(key("ana")).text()).startsWith("already enrolled in campaign:" + CAMPAIGN + " by run " + run.id());
        assertThat(again.get(key("cy")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactlyInAnyOrder("ana@example.com", "bo@example.com", "cy@example.com");
        assertThat(engine.bean(OutreachSendStore.class).ofRun(run.id())).as("one row per lead: ana was not sent (or skipped) twice")
                .extracting(OutreachSendStore.Entry::recordKey, OutreachSendStore.Entry::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(key("ana"), OutreachSendStore.Status.SENT),
                        org.assertj.core.groups.Tuple.tuple(key("bo"), OutreachSendStore.Status.SENT),
                        org.assertj.core.groups.Tuple.tuple(key("cy"), OutreachSendStore.Status.SENT));
    }

    @Test
    void aPageReturnsWithItsEnrolmentsJournaledAndInFlightAndALaterPageWithTheSameRecordWaitsForTheirAnswer() throws Exception {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        JobRun run = jobRun();
        OutreachRun outreach = runs(emailOnly(), engine.bean(OutreachSendStore.class)).of(outreachName, run, held(providers(), answer), null);

        // returns without the answer (a page that waited for it would time out here)
        OutreachRun.Page first = CompletableFuture.supplyAsync(() -> outreach.enrolPage(List.of(person("ana"), person("bo"))))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        OutreachRun.Page second = CompletableFuture.supplyAsync(() -> outreach.enrolPage(List.of(person("cy"))))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(first.results()).as("Instantly has not answered: the page's results wait").isNotDone();
        assertThat(second.results()).as("another page's records do not wait for the first page's call").isNotDone();
        assertThat(engine.bean(JournalStore.class).ofRun(run.id())).as("every send's intent is journaled before its call")
                .extracting(JournalEntry::recordKey).containsExactlyInAnyOrder(key("ana"), key("bo"), key("cy"));
        // ana again, while her enrolment is in flight: whether she is already enrolled is Instantly's answer
        CompletableFuture<OutreachRun.Page> third = CompletableFuture.supplyAsync(() -> outreach.enrolPage(List.of(person("ana"))));
        sleep(100);
        assertThat(third).as("the page with ana waits for the call carrying her").isNotDone();

        answer.complete(null);
        Map<String, OutreachRun.Result> again = third.join().results().join();
        assertThat(again.get(key("ana")).text()).startsWith("already enrolled in campaign:" + CAMPAIGN + " by run " + run.id());
        assertThat(first.results().join().values()).extracting(OutreachRun.Result::outcome).containsOnly(OutreachRun.Result.Outcome.SENT);
        assertThat(second.results().join().get(key("cy")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactlyInAnyOrder("ana@example.com", "bo@example.com", "cy@example.com");
        assertThat(engine.bean(OutreachSendStore.class).ofRun(run.id())).extracting(OutreachSendStore.Entry::status)
                .containsExactly(OutreachSendStore.Status.SENT, OutreachSendStore.Status.SENT, OutreachSendStore.Status.SENT);
    }

    @Test
    void aLeadEnrolledJustBeforeTheEngineStoppedCountsAsSentWhenTheResumedRunMeetsItAgain() throws Exception {
        JobRun run = jobRun();
        // the first process: Instantly takes ana, and the process dies before her answer is recorded
        Function<String, Outreach> dying = held(providers(), new CompletableFuture<>(), true);
        runs(emailOnly(), engine.bean(OutreachSendStore.class)).of(outreachName, run, dying, null).enrolPage(List.of(person("ana")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> instantly.leadsOf(CAMPAIGN).contains("ana@example.com"));

        // the run resumes in a new process and reads ana again: Instantly skips her, she was enrolled all the same
        Map<String, OutreachRun.Result> resumed = runs(emailOnly(), engine.bean(OutreachSendStore.class))
                .of(outreachName, run, providers(), null).enrol(List.of(person("ana"), person("bo")));

        assertThat(resumed.get(key("ana")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(resumed.get(key("ana")).text()).startsWith("enrolled by run " + run.id() + " before the engine stopped;");
        assertThat(engine.bean(OutreachSendStore.class).ofRun(run.id())).filteredOn(row -> row.recordKey().equals(key("ana")))
                .singleElement().extracting(OutreachSendStore.Entry::status).isEqualTo(OutreachSendStore.Status.SENT);
        assertThat(engine.bean(JournalStore.class).ofRun(run.id())).filteredOn(entry -> entry.recordKey().equals(key("ana")))
                .as("both of ana's intents are settled as made: the interrupted one and the resumed run's")
                .hasSize(2).allSatisfy(entry -> assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED));
        assertThat(resumed.get(key("bo")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
    }

    @Test
    void aCallThatFailedInFlightStopsTheNextPageBeforeItSendsAnything() {
        JobRun run = jobRun();
        Function<String, Outreach> failing = connection -> new Outreach() {
            @Override
            public int maxBatchSize(Outreach.Kind kind) {
                return 1_000;
            }

            @Override
            public List<Outreach.Outcome> send(List<Outreach.Send> sends, Map<String, Object> options) {
                throw new IllegalStateException("Instantly answered 500 to add leads");
            }
        };
        OutreachRun outreach = runs(emailOnly(), engine.bean(OutreachSendStore.class)).of(outreachName, run, failing, null);

        OutreachRun.Page first = outreach.enrolPage(List.of(person("ana")));
        assertThatThrownBy(() -> first.results().join()).hasRootCauseMessage("Instantly answered 500 to add leads");

        assertThatThrownBy(() -> outreach.enrolPage(List.of(person("bo")))).hasMessage("Instantly answered 500 to add leads");
        assertThat(engine.bean(JournalStore.class).ofRun(run.id())).as("bo's send was never intended")
                .extracting(JournalEntry::recordKey).containsExactly(key("ana"));
    }

    @Test
    void aPageWhoseEnrolmentsTheStoreCannotRecordFailsAndSaysWhatToDo() {
        HeldLedger ledger = new HeldLedger();
        ledger.failure = new org.springframework.dao.DataAccessResourceFailureException("connection to the state store refused");
        ledger.released.complete(null);
        JobRun run = jobRun();
        OutreachRun outreach = runs(emailOnly(), ledger).of(outreachName, run, providers(), null);

        assertThatThrownBy(() -> outreach.enrol(List.of(person("ana"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not record what Instantly answered for the 1 lead(s) of a page enrolled by outreach/"
                        + outreachName + ".yaml (run " + run.id() + "): connection to the state store refused")
                .hasMessageContaining("The page was not committed, so the job's next run reads its records again")
                .hasMessageContaining("`middlemile rollback " + run.id() + " --plan` lists them");
    }

    @Test
    void suppressedPeopleAreNeverCalledAndTheLedgerSaysWhy() {
        OutreachRuns runs = runs(config(80, "1s-1s"), PolicyConfig.allowAll(), TUESDAY_10);
        Map<String, Object> customer = new LinkedHashMap<>(person("bo").values());
        customer.put("lifecycleStage", "customer");
        JobRun run = jobRun();
        Map<String, OutreachRun.Result> results = runs.of(outreachName, run, providers(), null).enrol(List.of(
                new OutreachRun.Subject(key("bo"), customer, "test"),
                new OutreachRun.Subject(key("info"), Map.of("email", "info@example.com", "firstName", "Info"), "test")));

        assertThat(results.get(key("bo")).text()).isEqualTo("suppressed (customer): lifecycleStage is customer");
        assertThat(results.get(key("info")).text()).startsWith("suppressed (role address)");
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(engine.bean(OutreachSendStore.class).ofRun(run.id())).extracting(OutreachSendStore.Entry::status)
                .containsOnly(OutreachSendStore.Status.SUPPRESSED);
        assertThat(runs.summaries(run.id()).get(outreachName).suppressed())
                .containsEntry(Suppressed.Reason.CUSTOMER, 1).containsEntry(Suppressed.Reason.ROLE_ADDRESS, 1);
    }

    @Test
    void invitationsBeyondTheAccountsDayAreDeferredToItsNextWindowAndGoWhenDue() {
        OutreachConfig config = config(2, "1s-1s");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config, PolicyConfig.allowAll(), clock);
        List<OutreachRun.Subject> people = List.of(person("ana"), person("bo"), person("cy"), person("dee"));
        JobRun first = jobRun();
        runs.of(outreachName, first, providers(), null).enrol(people);

        // one invitation goes now; the next waits for the account's spacing, the others for its next day (2 a day)
        OutreachSummary summary = runs.summaries(first.id()).get(outreachName);
        assertThat(summary.invited()).isEqualTo(1);
        assertThat(summary.enrolled()).isEqualTo(4);
        assertThat(summary.deferred()).isEqualTo(3);
        List<OutreachSendStore.Entry> waiting = engine.bean(OutreachSendStore.class).ofRun(first.id()).stream()
                .filter(entry -> entry.status() == OutreachSendStore.Status.DEFERRED).toList();
        Instant wednesday9Berlin = Instant.parse("2026-12-02T08:00:00Z");
        assertThat(waiting).extracting(OutreachSendStore.Entry::dueAt).filteredOn(due -> !due.isBefore(wednesday9Berlin)).hasSize(2);

        // a later run the same day sends the one whose slot came; the two for Wednesday still wait
        clock.set(TUESDAY_10.plusSeconds(30));
        JobRun second = jobRun();
        runs.of(outreachName, second, providers(), null).enrol(List.of());
        assertThat(runs.summaries(second.id()).get(outreachName).invited()).isEqualTo(1);
        // the deferred row now names the account that sent it: its caps count it (a row without one escaped them)
        assertThat(engine.bean(OutreachSendStore.class).ofRun(second.id())).filteredOn(e -> e.status() == OutreachSendStore.Status.SENT)
                .extracting(OutreachSendStore.Entry::account).containsExactly(account);
        assertThat(engine.bean(OutreachSendStore.class).waiting(outreachName).count()).isEqualTo(2);

        // Wednesday morning in Berlin: the rest go; none of them was lost or sent twice
        clock.set(wednesday9Berlin.plus(Duration.ofMinutes(5)));
        JobRun third = jobRun();
        runs.of(outreachName, third, providers(), null).enrol(List.of());
        clock.set(wednesday9Berlin.plus(Duration.ofMinutes(10)));
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        assertThat(engine.bean(OutreachSendStore.class).waiting(outreachName).count()).isZero();
        assertThat(invitationsMade()).isEqualTo(4);
    }

    @Test
    void aPolicyThatReviewsSendsParksThemAndTheApprovedOneGoesOnTheNextRun() {
        PolicyConfig review = new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "send", null, null, null, "review")),
                List.of());
        OutreachConfig emailOnly = new OutreachConfig(outreachName, null, email(), null, suppressNothing());
        OutreachRuns runs = runs(emailOnly, review, TUESDAY_10);
        Map<String, OutreachRun.Result> results = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person("eli")));

        assertThat(results.get(key("eli")).text()).contains("waiting for review #");
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        ReviewItem parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.recordKey().equals(key("eli"))).findFirst().orElseThrow();
        assertThat(parked.action()).isEqualTo("send");
        assertThat(parked.after()).containsEntry("to", "eli@example.com").containsEntry("destination", "campaign:" + CAMPAIGN);

        engine.bean(ReviewStore.class).decide(parked.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person("eli")));
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly("eli@example.com");
    }

    @Test
    void aPlanListsTheSendsWithThePolicysDecisionAndSendsNothing() {
        OutreachRuns runs = runs(config(80, "1s-1s"), PolicyConfig.allowAll(), TUESDAY_10);
        JobRun plan = engine.bean(RunStore.class).start("outreach-test", "hubspot", "contacts", "test", "plan");
        GovernedWrites writes = governance(PolicyConfig.allowAll()).open(plan, connection -> null, GovernedWrites.Mode.PLAN, false);
        runs.of(outreachName, plan, providers(), writes).enrol(List.of(person("cy")));

        assertThat(writes.plan().writes()).extracting(PlannedWrite::action, PlannedWrite::object, PlannedWrite::key)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("send", OutreachRun.LEADS, key("cy")),
                        org.assertj.core.groups.Tuple.tuple("send", OutreachRun.INVITATIONS, key("cy")));
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(invitationsMade()).isZero();
        assertThat(engine.bean(OutreachSendStore.class).ofRun(plan.id())).isEmpty();
    }

    @Test
    void aPlanCountsARecordAsToSendWhenSomeChannelWouldGoAsTheRunWouldCountIt() {
        OutreachRuns runs = runs(config(80, "1s-1s"), PolicyConfig.allowAll(), TUESDAY_10);
        JobRun plan = engine.bean(RunStore.class).start("outreach-test", "hubspot", "contacts", "test", "plan");
        GovernedWrites writes = governance(PolicyConfig.allowAll()).open(plan, connection -> null, GovernedWrites.Mode.PLAN, false);
        // gil has no first name: the invitation note cannot be filled, the enrolment still goes (as a real run sends it)
        Map<String, Object> nameless = new LinkedHashMap<>(person("gil").values());
        nameless.remove("firstName");
        Map<String, OutreachRun.Result> results = runs.of(outreachName, plan, providers(), writes).enrol(List.of(person("cy"),
                new OutreachRun.Subject(key("gil"), nameless, "test")));

        assertThat(results.get(key("cy")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(results.get(key("cy")).notSent()).isEmpty();
        assertThat(results.get(key("gil")).outcome()).as("counted to send, not rejected").isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(results.get(key("gil")).notSent()).singleElement().asString().startsWith("LinkedIn invitation not sent:");

        // a send the policy would park is listed with its decision, and its record is not counted as sent
        PolicyConfig review = new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "send", null, null, null, "review")),
                List.of());
        JobRun parked = engine.bean(RunStore.class).start("outreach-test", "hubspot", "contacts", "test", "plan");
        GovernedWrites parkedWrites = governance(review).open(parked, connection -> null, GovernedWrites.Mode.PLAN, false);
        Map<String, OutreachRun.Result> reviewed = runs(config(80, "1s-1s"), review, TUESDAY_10)
                .of(outreachName, parked, providers(), parkedWrites).enrol(List.of(person("dee")));
        assertThat(reviewed.get(key("dee")).outcome()).isEqualTo(OutreachRun.Result.Outcome.NOT_SENT);
        assertThat(reviewed.get(key("dee")).text()).startsWith("policy review (");
    }

    @Test
    void aRetryAfterAFailedEnrolmentEnrolsThosePeopleTheFailedRunInvitedButAnotherFilesContactStillHoldsBack() {
        String ana = uniquePerson("ana");
        String bo = uniquePerson("bo");
        String cy = uniquePerson("cy");
        // another outreach file invited cy an hour ago
        engine.bean(OutreachSendStore.class).add(List.of(new OutreachSendStore.Entry(0, "other-" + outreachName, "outreach-test",
                jobRun().id(), "linkedin", "invite", "unipile", account, "hubspot/contacts/other-" + cy, cy, OutreachSendStore.Status.SENT,
                null, null, null, TUESDAY_10.minusSeconds(3600), null, Map.of())));
        List<OutreachRun.Subject> people = List.of(person(ana), person(bo), person(cy));

        // the file names a campaign Instantly does not have: the enrolment fails, ana's invitation went (bo's waits its pause)
        OutreachRuns wrong = runs(bothChannels("0199a1c2-5b7e-7d3a-9f10-3c5e8d2b4a61"), PolicyConfig.allowAll(), TUESDAY_10);
        JobRun failed = jobRun();
        assertThatThrownBy(() -> wrong.of(outreachName, failed, providers(), null).enrol(people))
                .isInstanceOf(io.middlemile.connector.instantly.InstantlyCallException.class)
                .hasMessageContaining("HTTP 404: Campaign not found")
                .hasMessageContaining("check email.campaign in outreach/" + outreachName + ".yaml")
                .hasMessageNotContaining("route or mapping");
        assertThat(invitationsMade()).isEqualTo(1);

        // the file fixed, the same records read again: the invitation of this file does not make ana "contacted recently"
        OutreachRuns fixed = runs(bothChannels(CAMPAIGN), PolicyConfig.allowAll(), TUESDAY_10);
        JobRun retry = jobRun();
        Map<String, OutreachRun.Result> results = fixed.of(outreachName, retry, providers(), null).enrol(people);

        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactlyInAnyOrder(ana + "@example.com", bo + "@example.com");
        assertThat(results.get(key(ana)).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(results.get(key(ana)).text()).contains("already invited on LinkedIn by run " + failed.id());
        assertThat(results.get(key(cy)).text()).isEqualTo("suppressed (contacted recently): contacted today by LinkedIn (30-day rule)");
        assertThat(invitationsMade()).isEqualTo(1);
        OutreachSummary summary = fixed.summaries(retry.id()).get(outreachName);
        assertThat(summary.enrolled()).isEqualTo(2);
        assertThat(summary.suppressed()).containsExactly(Map.entry(Suppressed.Reason.RECENTLY_CONTACTED, 1));
    }

    @Test
    void anApprovedSendGoesWithTheNextRunThoughTheJobDoesNotReadItsRecordAgain() {
        String fay = uniquePerson("fay");
        OutreachRuns runs = runs(config(80, "1s-1s"), reviewEverySend(), TUESDAY_10);
        Map<String, OutreachRun.Result> parked = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(fay)));
        assertThat(parked.get(key(fay)).text()).contains("waiting for review #");
        ReviewStore reviews = engine.bean(ReviewStore.class);
        reviews.decide(pending(key(fay), OutreachRun.LEADS).id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);
        reviews.decide(pending(key(fay), OutreachRun.INVITATIONS).id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);

        // the next run reads nothing (an incremental reader: the contact did not change)
        JobRun next = jobRun();
        runs.of(outreachName, next, providers(), null).enrol(List.of());

        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly(fay + "@example.com");
        assertThat(invitationsMade()).isEqualTo(1);
        OutreachSummary summary = runs.summaries(next.id()).get(outreachName);
        assertThat(summary.enrolled()).isEqualTo(1);
        assertThat(summary.invited()).isEqualTo(1);
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).as("each a governed send, journaled as approved")
                .hasSize(2).allSatisfy(entry -> {
                    assertThat(entry.recordKey()).isEqualTo(key(fay));
                    assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
                    assertThat(entry.rule()).startsWith("approved in review #");
                });

        // later runs, and the record read again, send nothing twice
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        Map<String, OutreachRun.Result> again = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(fay)));
        assertThat(again.get(key(fay)).outcome()).isEqualTo(OutreachRun.Result.Outcome.NOT_SENT);
        assertThat(instantly.leadsOf(CAMPAIGN)).hasSize(1);
        assertThat(invitationsMade()).isEqualTo(1);
        assertThat(reviews.list(ReviewItem.Status.PENDING)).noneMatch(item -> item.recordKey().equals(key(fay)));
    }

    @Test
    void aParkedSendRejectedInReviewIsClosedAndAnApprovedOneIsStillSuppressedWhenThePersonWasContactedSince() {
        String hal = uniquePerson("hal");
        String ivy = uniquePerson("ivy");
        OutreachConfig emailOnly = new OutreachConfig(outreachName, null, email(), null, suppressRecentlyContacted());
        OutreachRuns runs = runs(emailOnly, reviewEverySend(), TUESDAY_10);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(hal), person(ivy)));
        ReviewStore reviews = engine.bean(ReviewStore.class);
        reviews.decide(pending(key(hal), OutreachRun.LEADS).id(), ReviewItem.Status.REJECTED, "ops@example.com", null, null);
        reviews.decide(pending(key(ivy), OutreachRun.LEADS).id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);
        // before the next run, another outreach file enrols ivy
        engine.bean(OutreachSendStore.class).add(List.of(new OutreachSendStore.Entry(0, "other-" + outreachName, "outreach-test",
                jobRun().id(), "email", "enrol", "instantly", null, "hubspot/contacts/other-" + ivy, ivy + "@example.com",
                OutreachSendStore.Status.SENT, null, null, null, TUESDAY_10.minusSeconds(60), null, Map.of())));

        JobRun next = jobRun();
        runs.of(outreachName, next, providers(), null).enrol(List.of());

        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(engine.bean(OutreachSendStore.class).ofRun(next.id()))
                .extracting(OutreachSendStore.Entry::recordKey, OutreachSendStore.Entry::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(key(hal), OutreachSendStore.Status.REJECTED),
                        org.assertj.core.groups.Tuple.tuple(key(ivy), OutreachSendStore.Status.SUPPRESSED));
        assertThat(engine.bean(OutreachSendStore.class).ofRun(next.id())).filteredOn(row -> row.recordKey().equals(key(hal)))
                .singleElement().extracting(OutreachSendStore.Entry::reason).asString().contains("rejected by ops@example.com");
        assertThat(runs.summaries(next.id()).get(outreachName).suppressed()).containsEntry(Suppressed.Reason.RECENTLY_CONTACTED, 1);
    }

    @Test
    void anApprovalStoppedByTheKillSwitchOrADailyCapStaysValidAndALaterRunMakesTheSendWithIt() {
        String gus = uniquePerson("gus");
        runs(emailOnly(), reviewEverySend(), TUESDAY_10).of(outreachName, jobRun(), providers(), null).enrol(List.of(person(gus)));
        ReviewStore reviews = engine.bean(ReviewStore.class);
        ReviewItem approved = pending(key(gus), OutreachRun.LEADS);
        reviews.decide(approved.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);

        // the next run meets the kill switch, the one after the connection's daily cap for sends: neither sends anything
        engine.bean(ControlStore.class).set(KillSwitch.NAME, true, "outreach test", "test");
        try {
            assertThatThrownBy(() -> runs(emailOnly(), reviewEverySend(), TUESDAY_10).of(outreachName, jobRun(), providers(), null)
                    .enrol(List.of())).isInstanceOf(WritesHaltedException.class).hasMessageContaining("kill switch");
        } finally {
            engine.bean(ControlStore.class).set(KillSwitch.NAME, false, null, "test");
        }
        PolicyConfig capped = new PolicyConfig("auto", reviewEverySend().rules(), List.of(new PolicyConfig.Cap("send", null, 0)));
        assertThatThrownBy(() -> runs(emailOnly(), capped, TUESDAY_10).of(outreachName, jobRun(), providers(), null).enrol(List.of()))
                .isInstanceOf(WritesHaltedException.class).hasMessageContaining("Daily cap reached")
                .hasMessageContaining("The send approved in review #" + approved.id() + " (" + key(gus) + ") was stopped by this cap, not"
                        + " made: its approval still stands");
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(engine.bean(io.middlemile.store.EnrichHeldStore.class).carriedOutBy(approved.id()))
                .as("a halted run takes no approval").isNull();

        // the cap raised: the send goes with the approval already given, nobody is asked again
        JobRun next = jobRun();
        runs(emailOnly(), reviewEverySend(), TUESDAY_10).of(outreachName, next, providers(), null).enrol(List.of());

        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly(gus + "@example.com");
        assertThat(reviews.list(ReviewItem.Status.PENDING)).noneMatch(item -> item.recordKey().equals(key(gus)));
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).singleElement().satisfies(entry -> {
            assertThat(entry.rule()).isEqualTo("approved in review #" + approved.id() + " by ops@example.com");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
    }

    @Test
    void anApprovedEnrolmentInstantlyAnswers429ToKeepsItsApprovalAndTheNextRunMakesIt() {
        String hana = uniquePerson("hana");
        OutreachRuns runs = runs(emailOnly(), reviewEverySend(), TUESDAY_10);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(hana)));
        ReviewItem approved = pending(key(hana), OutreachRun.LEADS);
        engine.bean(ReviewStore.class).decide(approved.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);

        // Instantly is over its rate limit, still after the connection's retries: the call fails, nothing is enrolled
        RuntimeException tooMany = new InstantlyCallException(ConnectorException.Kind.RATE_LIMITED, "Instantly connection 'instantly',"
                + " add 1 leads to campaign " + CAMPAIGN + ": HTTP 429: Too Many Requests", 429, Duration.ofSeconds(2), null);
        JobRun failed = jobRun();
        assertThatThrownBy(() -> runs.of(outreachName, failed, failingOnce(providers(), "instantly", tooMany), null).enrol(List.of()))
                .isSameAs(tooMany);
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(engine.bean(JournalStore.class).ofRun(failed.id())).singleElement().extracting(JournalEntry::result)
                .isEqualTo(JournalEntry.Result.NOT_APPLIED);

        JobRun next = jobRun();
        runs.of(outreachName, next, providers(), null).enrol(List.of());

        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly(hana + "@example.com");
        assertThat(engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING)).noneMatch(item -> item.recordKey().equals(key(hana)));
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).singleElement().satisfies(entry -> {
            assertThat(entry.rule()).isEqualTo("approved in review #" + approved.id() + " by ops@example.com");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
        assertThat(runs.summaries(next.id()).get(outreachName).enrolled()).isEqualTo(1);
    }

    @Test
    void anApprovedInvitationUnipilePutsOffKeepsItsApprovalAndGoesWhenDue() {
        String ines = uniquePerson("ines");
        OutreachConfig linkedInOnly = new OutreachConfig(outreachName, null, null, config(80, "1s-1s").linkedin(), suppressNothing());
        runs(linkedInOnly, reviewEverySend(), TUESDAY_10).of(outreachName, jobRun(), providers(), null).enrol(List.of(person(ines)));
        ReviewItem approved = pending(key(ines), OutreachRun.INVITATIONS);
        engine.bean(ReviewStore.class).decide(approved.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);

        // Unipile answers 429 (the account's LinkedIn limit): its connector puts the invitation off, as it does for any
        Instant retryAt = TUESDAY_10.plus(Duration.ofMinutes(5));
        JobRun putOff = jobRun();
        runs(linkedInOnly, reviewEverySend(), TUESDAY_10).of(outreachName, putOff, deferringOnce(providers(), "unipile", retryAt), null)
                .enrol(List.of());
        assertThat(invitationsMade()).isZero();
        assertThat(engine.bean(OutreachSendStore.class).ofRun(putOff.id())).singleElement()
                .extracting(OutreachSendStore.Entry::status).isEqualTo(OutreachSendStore.Status.DEFERRED);

        JobRun due = jobRun();
        runs(linkedInOnly, reviewEverySend(), TUESDAY_10.plus(Duration.ofMinutes(10))).of(outreachName, due, providers(), null)
                .enrol(List.of());

        assertThat(invitationsMade()).isEqualTo(1);
        assertThat(engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING)).noneMatch(item -> item.recordKey().equals(key(ines)));
        assertThat(engine.bean(JournalStore.class).ofRun(due.id())).singleElement().satisfies(entry -> {
            assertThat(entry.rule()).isEqualTo("approved in review #" + approved.id() + " by ops@example.com");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
    }

    @Test
    void anApprovedEnrolmentInstantlyRefusesForGoodUsesUpItsApprovalAndTheLedgerSaysWhy() {
        String jon = uniquePerson("jon");
        OutreachRuns runs = runs(emailOnly(), reviewEverySend(), TUESDAY_10);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(jon)));
        ReviewItem approved = pending(key(jon), OutreachRun.LEADS);
        engine.bean(ReviewStore.class).decide(approved.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);

        // the campaign was deleted in Instantly since: the add answers 404, whatever the lead
        RuntimeException unknown = new InstantlyCallException(ConnectorException.Kind.NOT_FOUND, "Instantly connection 'instantly': add 1"
                + " leads to campaign " + CAMPAIGN + ": HTTP 404: Campaign not found", "Instantly connection 'instantly': add 1 leads to"
                + " campaign " + CAMPAIGN + ": HTTP 404: Campaign not found", 404, null, null);
        JobRun refused = jobRun();
        assertThatThrownBy(() -> runs.of(outreachName, refused, failingOnce(providers(), "instantly", unknown), null).enrol(List.of()))
                .hasMessageContaining("HTTP 404: Campaign not found").hasMessageContaining("check email.campaign");

        assertThat(engine.bean(OutreachSendStore.class).ofRun(refused.id())).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(OutreachSendStore.Status.REJECTED);
            assertThat(row.reason()).startsWith("refused by Instantly: ").contains("HTTP 404: Campaign not found")
                    .contains("the approval of review #" + approved.id() + " is used up");
        });
        // the next run neither sends it nor asks for a second review
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING)).noneMatch(item -> item.recordKey().equals(key(jon)));
    }

    @Test
    void theKillSwitchStopsSendsBeforeAnyCall() {
        engine.bean(ControlStore.class).set(KillSwitch.NAME, true, "outreach test", "test");
        try {
            OutreachRuns runs = runs(config(80, "1s-1s"), PolicyConfig.allowAll(), TUESDAY_10);
            assertThatThrownBy(() -> runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person("dee"))))
                    .isInstanceOf(WritesHaltedException.class).hasMessageContaining("kill switch");
            assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        } finally {
            engine.bean(ControlStore.class).set(KillSwitch.NAME, false, null, "test");
        }
    }

    // ---------------------------------------------------------------- an agent's single send (enroll)

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"deny", "review"})
    void anAgentsEnrolOfOneRecordLeavesAJobsDueDeferredInvitationToTheJobRuns(String agentDecision) {
        String ana = uniquePerson("ana");
        String bo = uniquePerson("bo");
        OutreachConfig linkedInOnly = new OutreachConfig(outreachName, null, null, config(80, "1s-1s").linkedin(), suppressNothing());
        PolicyConfig policy = agentsSend(agentDecision);
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(linkedInOnly, policy, clock);
        // the job's invitation of ana is put off by Unipile (429) for five minutes
        JobRun job = jobRun();
        runs.of(outreachName, job, deferringOnce(providers(), "unipile", TUESDAY_10.plus(Duration.ofMinutes(5))), null)
                .enrol(List.of(person(ana)));
        assertThat(ledgerRow(key(ana)).status()).isEqualTo(OutreachSendStore.Status.DEFERRED);

        // ten minutes later, while ana's invitation is due, an agent enrols bo, and only bo
        clock.set(TUESDAY_10.plus(Duration.ofMinutes(10)));
        GovernedActions.Spent<OutreachRun.Result> agent = agentEnrols(runs, policy, bo);

        assertThat(agent.result().text()).doesNotContain(key(ana));
        assertThat(ledgerRow(key(ana))).as("still the job's, still waiting").isNotNull().satisfies(row -> {
            assertThat(row.status()).isEqualTo(OutreachSendStore.Status.DEFERRED);
            assertThat(row.runId()).isEqualTo(job.id());
            assertThat(row.job()).isEqualTo("outreach-test");
        });
        assertThat(engine.bean(JournalStore.class).ofRun(agent.runId())).noneMatch(entry -> entry.recordKey().equals(key(ana)));
        assertThat(engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING)).noneMatch(item -> item.recordKey().equals(key(ana)));
        assertThat(engine.bean(OutreachSendStore.class).ofRun(agent.runId())).noneMatch(row -> row.recordKey().equals(key(ana)));
        assertThat(invitationsMade()).isZero();

        // the job's next run sends it, as the job's
        JobRun next = jobRun();
        runs.of(outreachName, next, providers(), null).enrol(List.of());
        assertThat(invitationsMade()).isEqualTo(1);
        assertThat(ledgerRow(key(ana))).isNotNull().satisfies(row -> {
            assertThat(row.status()).isEqualTo(OutreachSendStore.Status.SENT);
            assertThat(row.runId()).isEqualTo(next.id());
        });
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).singleElement().satisfies(entry -> {
            assertThat(entry.recordKey()).isEqualTo(key(ana));
            assertThat(entry.actor()).isEqualTo("job:outreach-test");
        });
    }

    @Test
    void anAgentAskingAgainForItsOwnDueDeferredInvitationSendsItAsItsOwnAndOnlyThatOne() {
        String ana = uniquePerson("ana");
        String bo = uniquePerson("bo");
        OutreachConfig linkedInOnly = new OutreachConfig(outreachName, null, null, config(80, "1s-1s").linkedin(), suppressNothing());
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(linkedInOnly, agentsSend("auto"), clock);
        Instant retryAt = TUESDAY_10.plus(Duration.ofMinutes(5));
        runs.of(outreachName, jobRun(), deferringOnce(providers(), "unipile", retryAt), null).enrol(List.of(person(ana)));
        // the agent's own invitation of bo, put off the same way
        GovernedActions actions = new GovernedActions(governance(agentsSend("auto")), connection -> null);
        actions.send(io.middlemile.govern.Actor.agent("outreach-bot"), "agent enrol test", (run, calls) -> runs.single(outreachName, run,
                deferringOnce(providers(), "unipile", retryAt), calls).enrol(List.of(person(bo))).get(key(bo)));
        assertThat(ledgerRow(key(bo)).status()).isEqualTo(OutreachSendStore.Status.DEFERRED);

        // due now, the agent asks for bo again: its own invitation goes, under its name; the job's ana still waits
        clock.set(TUESDAY_10.plus(Duration.ofMinutes(10)));
        GovernedActions.Spent<OutreachRun.Result> again = agentEnrols(runs, agentsSend("auto"), bo);

        assertThat(again.result().outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(invitationsMade()).isEqualTo(1);
        assertThat(ledgerRow(key(bo)).status()).isEqualTo(OutreachSendStore.Status.SENT);
        assertThat(engine.bean(JournalStore.class).ofRun(again.runId())).singleElement().satisfies(entry -> {
            assertThat(entry.recordKey()).isEqualTo(key(bo));
            assertThat(entry.actor()).isEqualTo("agent:outreach-bot");
        });
        assertThat(ledgerRow(key(ana)).status()).isEqualTo(OutreachSendStore.Status.DEFERRED);
    }

    @Test
    void anAgentsEnrolOfOneRecordLeavesTheJobsDueFollowUpMessagesToTheJobRuns() {
        String fay = uniquePerson("fay");
        String gus = uniquePerson("gus");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, null), agentsSend("auto"), clock);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(fay)));
        accepted(fay, TUESDAY_10.plus(Duration.ofHours(1)));

        // the job's message to fay is due; an agent enrols gus, and the policy lets agents send at once
        clock.set(TUESDAY_10.plus(Duration.ofHours(5)).plusSeconds(1));
        GovernedActions.Spent<OutreachRun.Result> agent = agentEnrols(runs, agentsSend("auto"), gus);

        assertThat(messagesMade()).isZero();
        assertThat(engine.bean(JournalStore.class).ofRun(agent.runId())).extracting(JournalEntry::object)
                .containsExactly(OutreachRun.INVITATIONS);
        JobRun next = jobRun();
        runs.of(outreachName, next, providers(), null).enrol(List.of());
        assertThat(messagesMade()).isEqualTo(1);
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).extracting(JournalEntry::recordKey).containsExactly(key(fay));
    }

    @Test
    void anInvitationTheCapDeferredForAnAgentIsLeftByTheJobRunsAndMadeByTheAgentsNextEnrolUnderItsOwnPolicy() {
        String ana = uniquePerson("ana");
        String bo = uniquePerson("bo");
        OutreachConfig linkedInOnly = new OutreachConfig(outreachName, null, null, config(1, "1s-1s").linkedin(), suppressNothing());
        // as the bundled connectors/unipile.yaml: a person approves each agent's send; the jobs send at once
        PolicyConfig policy = agentsSend("review");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(linkedInOnly, policy, clock);
        // the job takes the account's one invitation of the day; the agent's of ana is deferred by the cap, before any policy
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(bo)));
        GovernedActions.Spent<OutreachRun.Result> deferred = agentEnrols(runs, policy, ana);
        assertThat(deferred.result().text()).contains("LinkedIn invitation deferred until")
                .contains("it goes only with agent:outreach-bot's next enroll of this record once due");
        assertThat(ledgerRow(key(ana))).isNotNull().satisfies(row -> {
            assertThat(row.status()).isEqualTo(OutreachSendStore.Status.DEFERRED);
            assertThat(row.job()).isEqualTo("agent:outreach-bot");
        });

        // Wednesday morning in Berlin, the account's window open again: the job's run leaves the agent's invitation alone
        clock.set(Instant.parse("2026-12-02T08:05:00Z"));
        JobRun job = jobRun();
        runs.of(outreachName, job, providers(), null).enrol(List.of());
        assertThat(invitationsMade()).isEqualTo(1);
        assertThat(engine.bean(JournalStore.class).ofRun(job.id())).isEmpty();
        assertThat(ledgerRow(key(ana))).as("still the agent's, still waiting").isNotNull().satisfies(row -> {
            assertThat(row.status()).isEqualTo(OutreachSendStore.Status.DEFERRED);
            assertThat(row.runId()).isEqualTo(deferred.runId());
        });
        // a job run that reads ana itself says whose invitation waits, and sends no second one
        Map<String, OutreachRun.Result> read = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(ana)));
        assertThat(read.get(key(ana)).text()).contains("(deferred by agent:outreach-bot): it goes only with agent:outreach-bot's next enroll");
        assertThat(invitationsMade()).isEqualTo(1);

        // the agent asks again: the agent's policy decides it, as any of its sends, and parks it for a person under its name
        GovernedActions.Spent<OutreachRun.Result> again = agentEnrols(runs, policy, ana);
        assertThat(again.result().text()).contains("waiting for review #");
        assertThat(invitationsMade()).isEqualTo(1);
        ReviewItem parked = pending(key(ana), OutreachRun.INVITATIONS);
        assertThat(parked.actor()).isEqualTo("agent:outreach-bot");

        // approved, the agent's next enroll makes it, journaled under the agent
        engine.bean(ReviewStore.class).decide(parked.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);
        GovernedActions.Spent<OutreachRun.Result> sent = agentEnrols(runs, policy, ana);
        assertThat(sent.result().outcome()).as(sent.result().text()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(invitationsMade()).isEqualTo(2);
        assertThat(engine.bean(JournalStore.class).ofRun(sent.runId())).singleElement()
                .satisfies(entry -> assertThat(entry.actor()).isEqualTo("agent:outreach-bot"));
    }

    @Test
    void theMessageAfterAnAgentsInvitationIsLeftByTheJobRunsAndGoesWithTheAgentsNextEnrolAsItsOwn() {
        String fay = uniquePerson("fay");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, null), agentsSend("auto"), clock);
        GovernedActions.Spent<OutreachRun.Result> invited = agentEnrols(runs, agentsSend("auto"), fay);
        assertThat(invitationsMade()).isEqualTo(1);
        assertThat(invited.result().text()).contains("LinkedIn message waits for the invitation to be accepted;"
                + " it goes only with agent:outreach-bot's next enroll of this record once due");
        accepted(fay, TUESDAY_10.plus(Duration.ofHours(1)));

        // the message is due; the job's run does not send it as the job's
        clock.set(TUESDAY_10.plus(Duration.ofHours(5)).plusSeconds(1));
        JobRun job = jobRun();
        runs.of(outreachName, job, providers(), null).enrol(List.of());
        assertThat(messagesMade()).isZero();
        assertThat(engine.bean(JournalStore.class).ofRun(job.id())).isEmpty();

        // the agent's next enroll of fay sends it, journaled under the agent
        GovernedActions.Spent<OutreachRun.Result> again = agentEnrols(runs, agentsSend("auto"), fay);
        assertThat(messagesMade()).isEqualTo(1);
        assertThat(engine.bean(JournalStore.class).ofRun(again.runId())).singleElement().satisfies(entry -> {
            assertThat(entry.object()).isEqualTo(OutreachRun.MESSAGES);
            assertThat(entry.actor()).isEqualTo("agent:outreach-bot");
        });
    }

    @Test
    void aSendParkedForAnAgentSaysTheAgentsNextEnrolMakesItAndAJobsSaysTheNextRunDoes() {
        String eve = uniquePerson("eve");
        String dan = uniquePerson("dan");
        OutreachRuns runs = runs(emailOnly(), reviewEverySend(), TUESDAY_10);
        Map<String, OutreachRun.Result> byJob = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(eve)));
        assertThat(byJob.get(key(eve)).text()).contains("After `middlemile review approve " + pending(key(eve), OutreachRun.LEADS).id()
                + "` the next run makes this send");

        GovernedActions.Spent<OutreachRun.Result> byAgent = agentEnrols(runs, reviewEverySend(), dan);
        ReviewItem parked = pending(key(dan), OutreachRun.LEADS);
        assertThat(byAgent.result().text()).contains("After `middlemile review approve " + parked.id() + "` agent:outreach-bot's next"
                + " enroll of this record makes this send").doesNotContain("the next run");

        // and so it goes: once approved, no job run makes it; the agent's next enroll does, under its name
        engine.bean(ReviewStore.class).decide(parked.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        GovernedActions.Spent<OutreachRun.Result> sent = agentEnrols(runs, reviewEverySend(), dan);
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly(dan + "@example.com");
        assertThat(engine.bean(JournalStore.class).ofRun(sent.runId())).singleElement()
                .satisfies(entry -> assertThat(entry.actor()).isEqualTo("agent:outreach-bot"));
    }

    @Test
    void theJobsAcceptedWithinSweepLeavesAnAgentsMessageAndTheAgentsNextEnrolDropsItEvenAfterALateAcceptance() {
        String kim = uniquePerson("kim");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, null), agentsSend("auto"), clock);
        GovernedActions.Spent<OutreachRun.Result> invited = agentEnrols(runs, agentsSend("auto"), kim);
        assertThat(invitationsMade()).isEqualTo(1);

        // day 31, kim never accepted: the job's sweep leaves the agent's message to the agent
        clock.set(TUESDAY_10.plus(Duration.ofDays(31)));
        JobRun job = jobRun();
        runs.of(outreachName, job, providers(), null).enrol(List.of());
        assertThat(engine.bean(OutreachSendStore.class).ofRun(job.id())).isEmpty();
        assertThat(agentsMessage(invited.runId()).status()).isEqualTo(OutreachSendStore.Status.AWAITING);

        // kim accepts on day 32, long after the window; the agent comes back on day 33: no "thanks for connecting" out of the blue
        accepted(kim, TUESDAY_10.plus(Duration.ofDays(32)));
        clock.set(TUESDAY_10.plus(Duration.ofDays(33)));
        GovernedActions.Spent<OutreachRun.Result> again = agentEnrols(runs, agentsSend("auto"), kim);
        assertThat(messagesMade()).isZero();
        assertThat(again.result().text()).contains("LinkedIn message not sent: the invitation was not accepted within 30d"
                + " (linkedin.message.acceptedWithin in outreach/" + outreachName + ".yaml); not messaged");
        assertThat(engine.bean(OutreachSendStore.class).ofRun(again.runId())).filteredOn(row -> row.kind().equals("message"))
                .singleElement().satisfies(row -> {
                    assertThat(row.status()).isEqualTo(OutreachSendStore.Status.SKIPPED);
                    assertThat(row.job()).isEqualTo("agent:outreach-bot");
                });
    }

    /** An agent's invitation to {@code ana}, deferred by the account's cap of one a day that a job's invitation to bo took. */
    private record AgentDeferred(OutreachRuns runs, MutableClock clock, PolicyConfig policy, String ana, Instant due,
                                 GovernedActions.Spent<OutreachRun.Result> deferred) {
    }

    private AgentDeferred agentsInvitationDeferred(String releaseAgentSendsAfter) {
        String ana = uniquePerson("ana");
        OutreachConfig linkedInOnly = config(1, "1s-1s", THANKS, null);
        OutreachConfig.LinkedIn linkedIn = linkedInOnly.linkedin();
        OutreachConfig config = new OutreachConfig(linkedInOnly.id(), linkedInOnly.description(), linkedInOnly.email(),
                new OutreachConfig.LinkedIn(linkedIn.connection(), linkedIn.note(), linkedIn.message(), linkedIn.accounts(),
                        releaseAgentSendsAfter), linkedInOnly.suppress());
        PolicyConfig policy = agentsSend("review");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config, policy, clock);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(uniquePerson("bo"))));
        GovernedActions.Spent<OutreachRun.Result> deferred = agentEnrols(runs, policy, ana);
        return new AgentDeferred(runs, clock, policy, ana, ledgerRow(key(ana)).dueAt(), deferred);
    }

    @Test
    void anAgentsDeferredInvitationLeftDueForAWeekIsReleasedToAJobRunThatReadsTheRecordWhichInvitesAsItsOwn() {
        AgentDeferred agents = agentsInvitationDeferred(null);
        String ana = agents.ana();
        PolicyConfig policy = agents.policy();
        MutableClock clock = agents.clock();
        OutreachRuns runs = agents.runs();
        GovernedActions.Spent<OutreachRun.Result> deferred = agents.deferred();
        Instant due = agents.due();
        assertThat(deferred.result().text()).contains("left due for 7d (linkedin.releaseAgentSendsAfter in outreach/" + outreachName
                + ".yaml), it is released to a job run that reads the record");

        // six days after it fell due the agent may still come: a job run reading ana waits, and says from when it will not
        clock.set(due.plus(Duration.ofDays(6)).plusSeconds(60));
        Map<String, OutreachRun.Result> waits = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(ana)));
        assertThat(waits.get(key(ana)).text()).contains("(deferred by agent:outreach-bot)")
                .contains("(from " + OutreachRun.WHEN.format(due.plus(Duration.ofDays(7))) + " on)");
        assertThat(invitationsMade()).isEqualTo(1);

        // a week after: the agent never came back; the job run that reads ana invites her as the job's own send
        clock.set(due.plus(Duration.ofDays(7)).plusSeconds(60));
        JobRun job = jobRun();
        Map<String, OutreachRun.Result> read = runs.of(outreachName, job, providers(), null).enrol(List.of(person(ana)));
        assertThat(read.get(key(ana)).outcome()).as(read.get(key(ana)).text()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(read.get(key(ana)).text()).contains("LinkedIn invitation deferred by agent:outreach-bot was due since "
                + OutreachRun.WHEN.format(due) + " and agent:outreach-bot did not enroll this record again within 7d"
                + " (linkedin.releaseAgentSendsAfter in outreach/" + outreachName + ".yaml): released");
        assertThat(invitationsMade()).isEqualTo(2);
        assertThat(engine.bean(JournalStore.class).ofRun(job.id())).singleElement()
                .satisfies(entry -> assertThat(entry.actor()).isEqualTo("job:outreach-test"));
        assertThat(engine.bean(OutreachSendStore.class).ofRun(deferred.runId())).as("the agent's rows, closed saying by whom and why")
                .hasSize(2).allSatisfy(row -> {
                    assertThat(row.status()).isEqualTo(OutreachSendStore.Status.SKIPPED);
                    assertThat(row.reason()).contains("released to job outreach-test (run " + job.id() + ")");
                });
        assertThat(engine.bean(OutreachSendStore.class).ofRun(job.id())).extracting(OutreachSendStore.Entry::kind,
                OutreachSendStore.Entry::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("invite", OutreachSendStore.Status.SENT),
                org.assertj.core.groups.Tuple.tuple("message", OutreachSendStore.Status.AWAITING));

        // the agent asking after that finds ana invited, and sends nothing
        GovernedActions.Spent<OutreachRun.Result> late = agentEnrols(runs, policy, ana);
        assertThat(late.result().text()).contains("already invited on LinkedIn by run " + job.id());
        assertThat(invitationsMade()).isEqualTo(2);
    }

    @Test
    void theOutreachFileSetsHowLongAnAgentsDeferredInvitationWaitsForTheAgent() {
        AgentDeferred agents = agentsInvitationDeferred("2d");
        String ana = agents.ana();
        MutableClock clock = agents.clock();
        OutreachRuns runs = agents.runs();
        Instant due = agents.due();
        assertThat(agents.deferred().result().text()).contains("left due for 2d (linkedin.releaseAgentSendsAfter in outreach/" + outreachName
                + ".yaml), it is released");

        clock.set(due.plus(Duration.ofDays(2)).minusSeconds(60));
        assertThat(runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(ana))).get(key(ana)).text())
                .contains("(from " + OutreachRun.WHEN.format(due.plus(Duration.ofDays(2))) + " on)");
        assertThat(invitationsMade()).isEqualTo(1);

        clock.set(due.plus(Duration.ofDays(2)).plusSeconds(60));
        Map<String, OutreachRun.Result> read = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(ana)));
        assertThat(read.get(key(ana)).outcome()).as(read.get(key(ana)).text()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(read.get(key(ana)).text()).contains("did not enroll this record again within 2d");
        assertThat(invitationsMade()).isEqualTo(2);
    }

    @Test
    void anApprovalOfAnAgentsSendIsTheAgentsAJobRunReadingTheRecordDoesNotMakeItAsTheJobs() {
        String dan = uniquePerson("dan");
        OutreachRuns runs = runs(emailOnly(), reviewEverySend(), TUESDAY_10);
        agentEnrols(runs, reviewEverySend(), dan);
        ReviewItem parked = pending(key(dan), OutreachRun.LEADS);
        engine.bean(ReviewStore.class).decide(parked.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);

        // the job reads dan: the person approved the agent's send, not the job's; the job's own send asks for its own review
        Map<String, OutreachRun.Result> read = runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(dan)));
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(read.get(key(dan)).text()).contains("waiting for review #" + pending(key(dan), OutreachRun.LEADS).id());

        // the agent's next enroll makes it, journaled under the agent with the approver named
        GovernedActions.Spent<OutreachRun.Result> sent = agentEnrols(runs, reviewEverySend(), dan);
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly(dan + "@example.com");
        assertThat(engine.bean(JournalStore.class).ofRun(sent.runId())).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo("agent:outreach-bot");
            assertThat(entry.rule()).isEqualTo("approved in review #" + parked.id() + " by ops@example.com");
        });
    }

    /** The follow-up message an agent's invitation left in the ledger (kept under the agent's run until someone settles it). */
    private OutreachSendStore.Entry agentsMessage(long agentRun) {
        return engine.bean(OutreachSendStore.class).ofRun(agentRun).stream().filter(row -> row.kind().equals("message")).findFirst()
                .orElseThrow();
    }

    /** Jobs send as the file says; agents' sends are decided {@code decision}. */
    private static PolicyConfig agentsSend(String decision) {
        return new PolicyConfig("auto", List.of(new PolicyConfig.Rule("agent:*", null, null, "send", null, null, null, decision)), List.of());
    }

    /** The gateway's {@code enroll} of one record, as agent:outreach-bot: a single run of the outreach in the agent's session. */
    private GovernedActions.Spent<OutreachRun.Result> agentEnrols(OutreachRuns runs, PolicyConfig policy, String name) {
        GovernedActions actions = new GovernedActions(governance(policy), connection -> null);
        return actions.send(io.middlemile.govern.Actor.agent("outreach-bot"), "agent enrol test", (run, calls) ->
                runs.single(outreachName, run, providers(), calls).enrol(List.of(person(name))).get(key(name)));
    }

    /** The record's sent or deferred LinkedIn invitation in this test's outreach ledger; null when it has none (closed, or parked). */
    private OutreachSendStore.Entry ledgerRow(String key) {
        return engine.bean(OutreachSendStore.class).outstanding(outreachName, "linkedin", "invite", List.of(key)).get(key);
    }

    // ---------------------------------------------------------------- LinkedIn messages after an accepted invitation

    private static final OutreachConfig.Message THANKS = new OutreachConfig.Message("Thanks for connecting, {firstName}!", "4h", false, "30d");

    @Test
    void anAcceptedInvitationIsFollowedByTheMessageOnceAfterTheDelay() {
        String fay = uniquePerson("fay");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, null), PolicyConfig.allowAll(), clock);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(fay)));
        assertThat(invitationsMade()).isEqualTo(1);

        // Unipile reports the acceptance an hour later; the message waits 4 hours from then
        accepted(fay, TUESDAY_10.plus(Duration.ofHours(1)));
        clock.set(TUESDAY_10.plus(Duration.ofHours(3)));
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        assertThat(messagesMade()).isZero();

        clock.set(TUESDAY_10.plus(Duration.ofHours(5)).plusSeconds(1));
        JobRun due = jobRun();
        runs.of(outreachName, due, providers(), null).enrol(List.of());
        assertThat(messagesMade()).isEqualTo(1);
        assertThat(runs.summaries(due.id()).get(outreachName).messaged()).isEqualTo(1);
        assertThat(runs.summaries(due.id()).get(outreachName).lines().get(0)).contains("messaged 1 on LinkedIn");
        assertThat(engine.bean(JournalStore.class).ofRun(due.id())).extracting(JournalEntry::object).containsExactly(OutreachRun.MESSAGES);
        assertThat(unipile.chatWith(account, fay)).startsWith("Thanks for connecting, " + capitalized(fay) + "!");

        // later runs, and the record read again, never send it twice
        clock.set(TUESDAY_10.plus(Duration.ofHours(6)));
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(fay)));
        assertThat(messagesMade()).isEqualTo(1);
    }

    @Test
    void aMessageWhoseInvitationIsNotAcceptedWithinItsWindowIsDroppedAndOneAcceptedInTimeStillGoes() {
        String kim = uniquePerson("kim");
        String lou = uniquePerson("lou");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, null), PolicyConfig.allowAll(), clock);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(kim), person(lou)));
        clock.set(TUESDAY_10.plusSeconds(5)); // the second invitation waited for the account's pause
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        assertThat(invitationsMade()).isEqualTo(2);

        // lou accepts on day 10; the job does not run again before day 31 (THANKS waits 30d for an acceptance)
        accepted(lou, TUESDAY_10.plus(Duration.ofDays(10)));
        clock.set(TUESDAY_10.plus(Duration.ofDays(31)));
        JobRun late = jobRun();
        runs.of(outreachName, late, providers(), null).enrol(List.of());

        assertThat(messagesMade()).as("lou's message goes: accepted in time").isEqualTo(1);
        assertThat(unipile.chatWith(account, lou)).startsWith("Thanks for connecting, " + capitalized(lou) + "!");
        assertThat(engine.bean(OutreachSendStore.class).ofRun(late.id())).filteredOn(row -> row.recordKey().equals(key(kim)))
                .singleElement().satisfies(row -> {
                    assertThat(row.kind()).isEqualTo("message");
                    assertThat(row.status()).isEqualTo(OutreachSendStore.Status.SKIPPED);
                    assertThat(row.reason()).isEqualTo("the invitation was not accepted within 30d (linkedin.message.acceptedWithin in"
                            + " outreach/" + outreachName + ".yaml); not messaged");
                });

        // kim accepting after all brings no "thanks for connecting" weeks later
        accepted(kim, clock.instant());
        clock.set(clock.instant().plus(Duration.ofHours(5)));
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        assertThat(messagesMade()).isEqualTo(1);
    }

    @Test
    void aReplyBeforeTheMessageIsDueCancelsIt() {
        String gus = uniquePerson("gus");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, null), PolicyConfig.allowAll(), clock);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(gus)));
        accepted(gus, TUESDAY_10.plus(Duration.ofHours(1)));
        replied(gus, TUESDAY_10.plus(Duration.ofHours(2)));

        clock.set(TUESDAY_10.plus(Duration.ofHours(6)));
        JobRun later = jobRun();
        runs.of(outreachName, later, providers(), null).enrol(List.of());

        assertThat(messagesMade()).isZero();
        assertThat(runs.summaries(later.id()).get(outreachName).suppressed()).containsEntry(Suppressed.Reason.REPLIED, 1);
        assertThat(engine.bean(OutreachSendStore.class).ofRun(later.id())).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo("message");
            assertThat(row.status()).isEqualTo(OutreachSendStore.Status.SUPPRESSED);
            assertThat(row.reason()).startsWith("wrote on LinkedIn at");
        });
    }

    @Test
    void overTheAccountsMessagesPerDayTheRestIsDeferredToItsNextWindowNotDropped() {
        String hal = uniquePerson("hal");
        String ivy = uniquePerson("ivy");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, 1), PolicyConfig.allowAll(), clock);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(hal), person(ivy)));
        clock.set(TUESDAY_10.plusSeconds(5)); // the second invitation waited for the account's pause
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of());
        assertThat(invitationsMade()).isEqualTo(2);
        accepted(hal, TUESDAY_10.plus(Duration.ofHours(1)));
        accepted(ivy, TUESDAY_10.plus(Duration.ofHours(1)));

        clock.set(TUESDAY_10.plus(Duration.ofHours(5)).plusSeconds(10));
        JobRun first = jobRun();
        runs.of(outreachName, first, providers(), null).enrol(List.of());
        assertThat(messagesMade()).isEqualTo(1);
        OutreachSummary summary = runs.summaries(first.id()).get(outreachName);
        assertThat(summary.messaged()).isEqualTo(1);
        assertThat(summary.deferred()).isEqualTo(1);
        Instant wednesday9Berlin = Instant.parse("2026-12-02T08:00:00Z");
        assertThat(summary.deferredUntil()).isEqualTo(wednesday9Berlin);
        assertThat(summary.deferredWhy()).contains("reached 1 messages today");

        clock.set(wednesday9Berlin.plus(Duration.ofMinutes(5)));
        JobRun next = jobRun();
        runs.of(outreachName, next, providers(), null).enrol(List.of());
        assertThat(messagesMade()).isEqualTo(2);
        assertThat(runs.summaries(next.id()).get(outreachName).messaged()).isEqualTo(1);
    }

    @Test
    void aPlanListsTheMessagesItWouldSendAndSendsNothing() {
        String jo = uniquePerson("jo");
        MutableClock clock = new MutableClock(TUESDAY_10);
        OutreachRuns runs = runs(config(80, "1s-1s", THANKS, null), PolicyConfig.allowAll(), clock);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person(jo)));
        accepted(jo, TUESDAY_10.plus(Duration.ofHours(1)));

        clock.set(TUESDAY_10.plus(Duration.ofHours(6)));
        JobRun plan = engine.bean(RunStore.class).start("outreach-test", "hubspot", "contacts", "test", "plan");
        GovernedWrites writes = governance(PolicyConfig.allowAll()).open(plan, connection -> null, GovernedWrites.Mode.PLAN, false);
        runs.of(outreachName, plan, providers(), writes).enrol(List.of());

        assertThat(writes.plan().writes()).extracting(PlannedWrite::action, PlannedWrite::object, PlannedWrite::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("send", OutreachRun.MESSAGES, key(jo)));
        assertThat(messagesMade()).isZero();
        assertThat(engine.bean(OutreachSendStore.class).ofRun(plan.id())).isEmpty();
    }

    @Test
    void aPersonAlreadyConnectedIsMessagedInsteadOfInvitedWhenTheFileSaysSo() {
        String kim = uniquePerson("kim");
        unipile.connect(account, kim);
        OutreachRuns runs = runs(config(80, "1s-1s", new OutreachConfig.Message("Good to see you here, {firstName}.", "4h", true, null), null),
                PolicyConfig.allowAll(), TUESDAY_10);
        JobRun run = jobRun();
        Map<String, OutreachRun.Result> results = runs.of(outreachName, run, providers(), null).enrol(List.of(person(kim)));

        assertThat(invitationsMade()).isZero();
        assertThat(messagesMade()).isEqualTo(1);
        assertThat(results.get(key(kim)).text()).contains("already a LinkedIn connection of " + account);
        assertThat(runs.summaries(run.id()).get(outreachName).messaged()).isEqualTo(1);
    }

    /** A LinkedIn profile of this test only: stored events of one test never meet another's people. */
    private String uniquePerson(String name) {
        String person = name + "-" + outreachName.substring(3);
        unipile.addProfile(person, capitalized(person), "Test", "Buyer");
        return person;
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The person accepts the account's invitation, and Unipile's new_relation is stored as the webhook ingress keeps it. */
    private void accepted(String person, Instant at) {
        unipile.connect(account, person);
        store("new_relation", person, at, "{\"event\":\"new_relation\",\"account_id\":\"" + account + "\",\"user_public_identifier\":\""
                + person + "\"}");
    }

    /** The person writes on LinkedIn (message_received, sent by them). */
    private void replied(String person, Instant at) {
        store("message_received", person, at, "{\"event\":\"message_received\",\"account_id\":\"" + account
                + "\",\"message\":\"Hi! Happy to talk.\",\"timestamp\":\"" + at + "\"}");
    }

    private void store(String event, String person, Instant at, String payload) {
        engine.bean(io.middlemile.store.WebhookEventStore.class).record("unipile", List.of(new io.middlemile.store.WebhookEventStore.Event(
                UUID.randomUUID().toString(), event, person, at, 0, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private int messagesMade() {
        return unipile.usage().values().stream().flatMap(days -> days.values().stream()).mapToInt(UnipileEmulator.Usage::messages).sum();
    }

    // ---------------------------------------------------------------- interest (hub-interest) and removal (rollback)

    private static final String SET_INTEREST = "POST /api/v2/leads/update-interest-status";
    private static final String DELETE_LEAD = "DELETE /api/v2/leads/{id}";

    @Test
    void theCrmsValueSetsTheInterestOfEnrolledLeadsOnlyAndOnlyWhenItChanged() {
        OutreachRuns runs = runs(emailWithInterest(), PolicyConfig.allowAll(), TUESDAY_10);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person("ana"), person("cy")));
        JobRun run = jobRun();
        Map<String, OutreachRun.Result> results = runs.interest(outreachName, run, providers(), null)
                .update(List.of(stage("ana", "customer"), stage("bo", "customer"), stage("cy", "lead")));

        assertThat(results.get(key("ana")).outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(instantly.interestOf("ana@example.com")).isEqualTo(4);
        assertThat(results.get(key("bo")).text()).contains("never enrolled in campaign:" + CAMPAIGN);
        assertThat(results.get(key("cy")).text()).contains("lifecycleStage is \"lead\"").contains("does not list");
        assertThat(instantly.interestOf("cy@example.com")).isNull();
        List<JournalEntry> journal = engine.bean(JournalStore.class).ofRun(run.id());
        assertThat(journal).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("send");
            assertThat(entry.object()).isEqualTo(InterestUpdates.INTEREST);
            assertThat(entry.recordKey()).isEqualTo(key("ana"));
            assertThat(entry.after()).containsEntry("interest", "won").containsEntry("destination", "campaign:" + CAMPAIGN);
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });

        // read again unchanged: not sent again; the deal lost afterwards: sent
        long calls = instantly.requestCount(SET_INTEREST);
        JobRun next = jobRun();
        Map<String, OutreachRun.Result> again = runs.interest(outreachName, next, providers(), null).update(List.of(stage("ana", "customer")));
        assertThat(again.get(key("ana")).text()).startsWith("interest already won");
        assertThat(instantly.requestCount(SET_INTEREST)).isEqualTo(calls);
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).isEmpty();
        runs.interest(outreachName, jobRun(), providers(), null).update(List.of(stage("ana", "closedlost")));
        assertThat(instantly.interestOf("ana@example.com")).isEqualTo(-3);
    }

    @Test
    void aPlanListsTheInterestUpdatesAndCallsNothing() {
        OutreachRuns runs = runs(emailWithInterest(), PolicyConfig.allowAll(), TUESDAY_10);
        runs.of(outreachName, jobRun(), providers(), null).enrol(List.of(person("dee")));
        JobRun plan = engine.bean(RunStore.class).start("outreach-test", "hubspot", "contacts", "test", "plan");
        GovernedWrites writes = governance(PolicyConfig.allowAll()).open(plan, connection -> null, GovernedWrites.Mode.PLAN, false);

        Map<String, OutreachRun.Result> results = runs.interest(outreachName, plan, providers(), writes).update(List.of(stage("dee", "customer")));

        assertThat(results.get(key("dee")).text()).isEqualTo("would set the interest to won in campaign:" + CAMPAIGN);
        assertThat(results.get(key("dee")).outcome()).as("counted as one to set, as the run would count it").isEqualTo(OutreachRun.Result.Outcome.SENT);
        assertThat(writes.plan().writes()).extracting(PlannedWrite::action, PlannedWrite::object, PlannedWrite::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("send", InterestUpdates.INTEREST, key("dee")));
        assertThat(instantly.requestCount(SET_INTEREST)).isZero();
        assertThat(instantly.interestOf("dee@example.com")).isNull();
    }

    @Test
    void aPolicyThatReviewsSendsParksTheInterestUpdate() {
        OutreachRuns enrol = runs(emailWithInterest(), PolicyConfig.allowAll(), TUESDAY_10);
        enrol.of(outreachName, jobRun(), providers(), null).enrol(List.of(person("eli")));
        PolicyConfig review = new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "send", null, null, null, "review")),
                List.of());
        OutreachRuns runs = runs(emailWithInterest(), review, TUESDAY_10);

        Map<String, OutreachRun.Result> results = runs.interest(outreachName, jobRun(), providers(), null).update(List.of(stage("eli", "customer")));

        assertThat(results.get(key("eli")).text()).contains("waiting for review #");
        assertThat(instantly.requestCount(SET_INTEREST)).isZero();
        ReviewItem parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.recordKey().equals(key("eli")) && InterestUpdates.INTEREST.equals(item.object())).findFirst().orElseThrow();
        assertThat(parked.after()).containsEntry("interest", "won").containsEntry("to", "eli@example.com");
    }

    @Test
    void anApprovedInterestUpdateIsSetOnceByTheNextRunThatReachesInstantlyThoughItsRecordIsNotReadAgain() {
        String kim = uniquePerson("kim");
        runs(emailWithInterest(), PolicyConfig.allowAll(), TUESDAY_10).of(outreachName, jobRun(), providers(), null)
                .enrol(List.of(person(kim)));
        OutreachRuns runs = runs(emailWithInterest(), reviewEverySend(), TUESDAY_10);
        runs.interest(outreachName, jobRun(), providers(), null).update(List.of(stage(kim, "customer")));
        ReviewItem approved = pending(key(kim), InterestUpdates.INTEREST);
        engine.bean(ReviewStore.class).decide(approved.id(), ReviewItem.Status.APPROVED, "ops@example.com", null, null);

        // the next run reads nothing (the contact did not change) and Instantly answers 429: nothing set, the approval kept
        RuntimeException tooMany = new InstantlyCallException(ConnectorException.Kind.RATE_LIMITED, "Instantly connection 'instantly',"
                + " update interest status: HTTP 429: Too Many Requests", 429, Duration.ofSeconds(2), null);
        assertThatThrownBy(() -> runs.interest(outreachName, jobRun(), failingOnce(providers(), "instantly", tooMany), null)
                .update(List.of())).isSameAs(tooMany);
        assertThat(instantly.interestOf(kim + "@example.com")).isNull();

        JobRun next = jobRun();
        Map<String, OutreachRun.Result> page = runs.interest(outreachName, next, providers(), null).update(List.of());

        assertThat(page).isEmpty();
        assertThat(instantly.interestOf(kim + "@example.com")).isEqualTo(4);
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).singleElement().satisfies(entry -> {
            assertThat(entry.object()).isEqualTo(InterestUpdates.INTEREST);
            assertThat(entry.recordKey()).isEqualTo(key(kim));
            assertThat(entry.rule()).isEqualTo("approved in review #" + approved.id() + " by ops@example.com");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
        assertThat(runs.summaries(next.id()).get(outreachName).lines()).containsExactly(
                "outreach " + outreachName + ": interest updates decided in review: 1 set in Instantly, 0 not set",
                "  set won for " + kim + "@example.com in campaign:" + CAMPAIGN + " (" + key(kim) + "), approved in review #" + approved.id()
                        + " by ops@example.com");

        // later runs, and the record read again, set nothing twice and ask nobody again
        long calls = instantly.requestCount(SET_INTEREST);
        JobRun later = jobRun();
        runs.interest(outreachName, later, providers(), null).update(List.of());
        Map<String, OutreachRun.Result> again = runs.interest(outreachName, jobRun(), providers(), null).update(List.of(stage(kim, "customer")));
        assertThat(again.get(key(kim)).text()).isEqualTo("interest already won in campaign:" + CAMPAIGN + " (set by run " + next.id() + ")");
        assertThat(instantly.requestCount(SET_INTEREST)).isEqualTo(calls);
        assertThat(runs.summaries(later.id())).isEmpty();
        assertThat(engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING)).noneMatch(item -> item.recordKey().equals(key(kim)));
    }

    @Test
    void anInterestUpdateRejectedInReviewIsDroppedByTheNextRunWhichSaysSoAndNeverSetsIt() {
        String lou = uniquePerson("lou");
        runs(emailWithInterest(), PolicyConfig.allowAll(), TUESDAY_10).of(outreachName, jobRun(), providers(), null)
                .enrol(List.of(person(lou)));
        OutreachRuns runs = runs(emailWithInterest(), reviewEverySend(), TUESDAY_10);
        runs.interest(outreachName, jobRun(), providers(), null).update(List.of(stage(lou, "customer")));
        ReviewItem rejected = pending(key(lou), InterestUpdates.INTEREST);
        engine.bean(ReviewStore.class).decide(rejected.id(), ReviewItem.Status.REJECTED, "ops@example.com", null, null);

        JobRun next = jobRun();
        runs.interest(outreachName, next, providers(), null).update(List.of());

        assertThat(instantly.requestCount(SET_INTEREST)).isZero();
        assertThat(runs.summaries(next.id()).get(outreachName).lines()).containsExactly(
                "outreach " + outreachName + ": interest updates decided in review: 0 set in Instantly, 1 not set",
                "  not set: won for " + lou + "@example.com in campaign:" + CAMPAIGN + " (" + key(lou) + "): review #" + rejected.id()
                        + " was rejected by ops@example.com; Instantly was not asked");
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).isEmpty();

        // dropped once: the run after says nothing of it and sends nothing
        JobRun after = jobRun();
        runs.interest(outreachName, after, providers(), null).update(List.of());
        assertThat(runs.summaries(after.id())).isEmpty();
        assertThat(instantly.requestCount(SET_INTEREST)).isZero();
    }

    @Test
    void aRemovalParkedForReviewSaysToRunTheRollbackAgainAndThatRunTakesTheLeadOutOnceApproved() {
        OutreachRuns runs = runs(emailOnly(), PolicyConfig.allowAll(), TUESDAY_10);
        JobRun sent = jobRun();
        runs.of(outreachName, sent, providers(), null).enrol(List.of(person("ana")));
        CampaignRemoval removal = new CampaignRemoval(engine.bean(OutreachSendStore.class), new GovernedActions(governance(reviewEverySend()),
                connection -> (io.middlemile.connector.Connector) providers().apply(connection)), Clock.fixed(TUESDAY_10, ZoneOffset.UTC));

        CampaignRemoval.Removed parked = removal.remove(sent.id(), io.middlemile.govern.Actor.person("ops@example.com"));
        ReviewItem item = pending(key("ana"), OutreachRun.LEADS);
        assertThat(parked.notRemoved()).singleElement().asString().contains("waiting for review #" + item.id())
                .contains("After `middlemile review approve " + item.id() + "`, run `middlemile rollback " + sent.id()
                        + " --remove-from-campaign` again: that run takes the lead out of campaign:" + CAMPAIGN)
                .doesNotContain("the next run makes");
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactly("ana@example.com");

        // what the message says is what happens: approved, the same rollback run again takes the lead out, once
        io.middlemile.govern.ActionReport approval = new GovernedActions(governance(reviewEverySend()), connection -> null)
                .approve(item.id(), "lead@example.com", null);
        assertThat(approval.notes()).singleElement().asString().startsWith("running `middlemile rollback " + sent.id()
                + " --remove-from-campaign` again (no job run makes it) makes this send").doesNotContain("next run");
        CampaignRemoval.Removed again = removal.remove(sent.id(), io.middlemile.govern.Actor.person("ops@example.com"));
        assertThat(again.removed()).as(String.valueOf(again.notRemoved())).isEqualTo(1);
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
    }

    @Test
    void aRollbackListsTheSendsAndTakesTheLeadsOutOfTheCampaignOnlyWhenAsked() {
        OutreachRuns runs = runs(emailWithInterest(), PolicyConfig.allowAll(), TUESDAY_10);
        JobRun sent = jobRun();
        runs.of(outreachName, sent, providers(), null).enrol(List.of(person("ana"), person("bo")));
        Governance governance = governance(PolicyConfig.allowAll());
        CampaignRemoval removal = new CampaignRemoval(engine.bean(OutreachSendStore.class), new GovernedActions(governance,
                connection -> (io.middlemile.connector.Connector) providers().apply(connection)), Clock.fixed(TUESDAY_10, ZoneOffset.UTC));

        List<CampaignRemoval.Sent> sends = removal.sends(sent.id());
        assertThat(sends).extracting(CampaignRemoval.Sent::channel, CampaignRemoval.Sent::where, CampaignRemoval.Sent::recordKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email", "campaign:" + CAMPAIGN, key("ana")),
                        org.assertj.core.groups.Tuple.tuple("email", "campaign:" + CAMPAIGN, key("bo")));
        assertThat(sends).allSatisfy(line -> {
            assertThat(line.removable()).isTrue();
            assertThat(line.sentAt()).isNotNull();
            assertThat(line.note()).contains("cannot be unsent").contains("--remove-from-campaign");
        });
        // listing (and a rollback plan) calls nothing
        assertThat(instantly.requestCount(DELETE_LEAD)).isZero();
        assertThat(instantly.leadsOf(CAMPAIGN)).containsExactlyInAnyOrder("ana@example.com", "bo@example.com");

        CampaignRemoval.Removed removed = removal.remove(sent.id(), io.middlemile.govern.Actor.person("ops@example.com"));

        assertThat(removed.removed()).isEqualTo(2);
        assertThat(removed.notRemoved()).isEmpty();
        assertThat(instantly.leadsOf(CAMPAIGN)).isEmpty();
        assertThat(engine.bean(JournalStore.class).ofRun(removed.runId())).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("send");
            assertThat(entry.object()).isEqualTo(OutreachRun.LEADS);
            assertThat(entry.after()).containsEntry("send", "remove").containsEntry("from", "campaign:" + CAMPAIGN);
            assertThat(entry.actor()).isEqualTo("person:ops@example.com");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
        assertThat(removal.sends(sent.id())).allSatisfy(line -> assertThat(line.note()).startsWith("removed from campaign:"));
        // asked again: nothing is left to remove, nothing is called; a removed lead's interest is not set any more
        assertThat(removal.remove(sent.id(), io.middlemile.govern.Actor.person("ops@example.com")).removed()).isZero();
        assertThat(instantly.requestCount(DELETE_LEAD)).isEqualTo(2);
        assertThat(runs.interest(outreachName, jobRun(), providers(), null).update(List.of(stage("ana", "customer")))
                .get(key("ana")).text()).contains("never enrolled");
    }

    private OutreachConfig emailWithInterest() {
        OutreachConfig.Email plain = email();
        OutreachConfig.Email email = new OutreachConfig.Email(plain.connection(), plain.campaign(), null, true, true, null, plain.fields(),
                plain.variables(), new OutreachConfig.Interest("lifecycleStage", Map.of("customer", "won", "CLOSEDLOST", "lost")));
        return new OutreachConfig(outreachName, null, email, null, suppressNothing());
    }

    private static OutreachRun.Subject stage(String name, String lifecycleStage) {
        Map<String, Object> values = new LinkedHashMap<>(person(name).values());
        values.put("lifecycleStage", lifecycleStage);
        return new OutreachRun.Subject(key(name), values, "test");
    }

    // ---------------------------------------------------------------- set-up

    private OutreachConfig config(int perDay, String spacing) {
        return config(perDay, spacing, null, null);
    }

    /** LinkedIn only, with a follow-up message 4 hours after an acceptance. */
    private OutreachConfig config(int perDay, String spacing, OutreachConfig.Message message, Integer messagesPerDay) {
        OutreachConfig.Account sender = new OutreachConfig.Account(account, "Europe/Berlin", true, perDay, Math.max(perDay, 10), 80,
                "09:00-18:00", List.of("MON", "TUE", "WED", "THU", "FRI"), spacing, messagesPerDay);
        return new OutreachConfig(outreachName, null, message == null ? email() : null, new OutreachConfig.LinkedIn("unipile",
                "Hi {firstName}, let's connect.", message, List.of(sender)), suppressNothing());
    }

    /** Email to {@code campaign} and LinkedIn from the test's account, with a 30-day "contacted recently" rule. */
    private OutreachConfig bothChannels(String campaign) {
        OutreachConfig.Account sender = new OutreachConfig.Account(account, "Europe/Berlin", true, 80, 200, 80, "09:00-18:00",
                List.of("MON", "TUE", "WED", "THU", "FRI"), "1s-1s", null);
        return new OutreachConfig(outreachName, null, new OutreachConfig.Email("instantly", campaign, null, true, true, null,
                Map.of("first_name", "firstName"), Map.of()), new OutreachConfig.LinkedIn("unipile", "Hi {firstName}, let's connect.", null,
                List.of(sender)), suppressRecentlyContacted());
    }

    private static OutreachConfig.Suppress suppressRecentlyContacted() {
        return new OutreachConfig.Suppress(new OutreachConfig.FieldValues("lifecycleStage", List.of("customer")), null, List.of(), null,
                30, true, false);
    }

    private static PolicyConfig reviewEverySend() {
        return new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "send", null, null, null, "review")), List.of());
    }

    /** The pending review item of a record's send of {@code object} (leads, invitations). */
    private static ReviewItem pending(String key, String object) {
        return engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.recordKey().equals(key) && item.object().equals(object)).reduce((first, later) -> later).orElseThrow();
    }

    private static OutreachConfig.Email email() {
        return new OutreachConfig.Email("instantly", CAMPAIGN, null, true, true, null, Map.of("first_name", "firstName"), Map.of());
    }

    private static OutreachConfig.Suppress suppressNothing() {
        return new OutreachConfig.Suppress(new OutreachConfig.FieldValues("lifecycleStage", List.of("customer")), null, List.of(), null,
                null, true, false);
    }

    private OutreachRuns runs(OutreachConfig config, PolicyConfig policy, Instant now) {
        return runs(config, policy, Clock.fixed(now, ZoneOffset.UTC));
    }

    private OutreachRuns runs(OutreachConfig config, PolicyConfig policy, Clock clock) {
        return runs(config, policy, clock, engine.bean(OutreachSendStore.class));
    }

    private OutreachRuns runs(OutreachConfig config, OutreachSendStore ledger) {
        return runs(config, PolicyConfig.allowAll(), Clock.fixed(TUESDAY_10, ZoneOffset.UTC), ledger);
    }

    private OutreachRuns runs(OutreachConfig config, PolicyConfig policy, Clock clock, OutreachSendStore ledger) {
        OutreachConfig named = new OutreachConfig(outreachName, config.description(), config.email(), config.linkedin(), config.suppress());
        return new OutreachRuns(Map.of(outreachName, named), ledger, governance(policy), null, clock, new Random(7));
    }

    private OutreachConfig emailOnly() {
        return new OutreachConfig(outreachName, null, email(), null, suppressNothing());
    }

    /** The engine's send ledger, whose sent enrolments wait for {@code released} before they are written, then fail with {@code failure}. */
    /** The providers, each call held until {@code answer} completes (a call in flight, as across the internet). */
    private static Function<String, Outreach> held(Function<String, Outreach> providers, CompletableFuture<Void> answer) {
        return held(providers, answer, false);
    }

    /**
     * As {@link #held(Function, CompletableFuture)}; with {@code takenFirst} the provider takes each call at once and only
     * its answer is held (with an answer that never comes: a process that dies before it records what was sent).
     */
    private static Function<String, Outreach> held(Function<String, Outreach> providers, CompletableFuture<Void> answer, boolean takenFirst) {
        return connection -> {
            Outreach provider = providers.apply(connection);
            return new Outreach() {
                @Override
                public int maxBatchSize(Outreach.Kind kind) {
                    return provider.maxBatchSize(kind);
                }

                @Override
                public List<Outreach.Outcome> send(List<Outreach.Send> sends, Map<String, Object> options) {
                    if (takenFirst) {
                        List<Outreach.Outcome> taken = provider.send(sends, options);
                        answer.join();
                        return taken;
                    }
                    answer.join();
                    return provider.send(sends, options);
                }
            };
        };
    }

    /** The providers, the first call to {@code connection} failing with {@code failure} (Instantly over its limit, or down). */
    private static Function<String, Outreach> failingOnce(Function<String, Outreach> providers, String connection, RuntimeException failure) {
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        return answering(providers, connection, (provider, sends, options) -> {
            if (failed.compareAndSet(false, true)) {
                throw failure;
            }
            return provider.send(sends, options);
        });
    }

    /** The providers, the first call to {@code connection} answered as Unipile's connector answers a 429: deferred, nothing sent. */
    private static Function<String, Outreach> deferringOnce(Function<String, Outreach> providers, String connection, Instant retryAt) {
        java.util.concurrent.atomic.AtomicBoolean deferred = new java.util.concurrent.atomic.AtomicBoolean();
        return answering(providers, connection, (provider, sends, options) -> deferred.compareAndSet(false, true)
                ? sends.stream().map(send -> new Outreach.Outcome(send.key(), Outreach.Outcome.Status.DEFERRED, null,
                        "Unipile connection 'unipile': HTTP 429: the account reached LinkedIn's limit", retryAt)).toList()
                : provider.send(sends, options));
    }

    /** How a test double answers a call in the provider's place. */
    private interface Answer {
        List<Outreach.Outcome> send(Outreach provider, List<Outreach.Send> sends, Map<String, Object> options);
    }

    /** The providers, calls to {@code connection} answered by {@code answer}. */
    private static Function<String, Outreach> answering(Function<String, Outreach> providers, String connection, Answer answer) {
        return name -> {
            Outreach provider = providers.apply(name);
            return !name.equals(connection) ? provider : new Outreach() {
                @Override
                public int maxBatchSize(Outreach.Kind kind) {
                    return provider.maxBatchSize(kind);
                }

                @Override
                public List<Outreach.Outcome> send(List<Outreach.Send> sends, Map<String, Object> options) {
                    return answer.send(provider, sends, options);
                }
            };
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class HeldLedger extends OutreachSendStore {
        final java.util.concurrent.CompletableFuture<Void> released = new java.util.concurrent.CompletableFuture<>();
        RuntimeException failure;

        HeldLedger() {
            super(engine.bean(org.springframework.jdbc.core.JdbcTemplate.class));
        }

        @Override
        public int add(List<Entry> entries) {
            if (entries.stream().anyMatch(entry -> entry.channel().equals("email") && entry.status() == Status.SENT)) {
                released.join();
                if (failure != null) {
                    throw failure;
                }
            }
            return super.add(entries);
        }
    }

    private Governance governance(PolicyConfig policy) {
        Map<String, ConnectorConfig> connectors = new LinkedHashMap<>();
        connectors.put("instantly", new ConnectorConfig("instantly", "instantly", null, null, instantly.apiBaseUrl(),
                new AuthConfig("bearer-token", "${INSTANTLY_API_KEY}", null, null, null, null, null, null, null), Map.of(), policy));
        connectors.put("unipile", new ConnectorConfig("unipile", "unipile", null, null, unipile.apiBaseUrl(),
                new AuthConfig("api-key", null, "${UNIPILE_API_KEY}", null, null, null, null, null, null), Map.of(), policy));
        return new Governance(connectors, engine.bean(JournalStore.class), engine.bean(ReviewStore.class), engine.bean(RunStore.class),
                engine.bean(RecordLocks.class), engine.bean(CrosswalkStore.class), engine.bean(AssignmentStore.class),
                new KillSwitch(engine.bean(ControlStore.class), Map.of()), "test", Duration.ofDays(1));
    }

    private Function<String, Outreach> providers() {
        Map<String, String> env = Map.of("INSTANTLY_API_KEY", TOKEN, "UNIPILE_API_KEY", TOKEN);
        ConnectorConfig email = new ConnectorConfig("instantly", "instantly", null, null, instantly.apiBaseUrl(),
                new AuthConfig("bearer-token", "${INSTANTLY_API_KEY}", null, null, null, null, null, null, null), Map.of(), PolicyConfig.allowAll());
        ConnectorConfig linkedin = new ConnectorConfig("unipile", "unipile", null, null, unipile.apiBaseUrl(),
                new AuthConfig("api-key", null, "${UNIPILE_API_KEY}", null, null, null, null, null, null), Map.of(), PolicyConfig.allowAll());
        InstantlyConnector instantlyConnector = new InstantlyConnector(email, env, InstantlySettings.from(email));
        UnipileConnector unipileConnector = new UnipileConnector(linkedin, env, UnipileSettings.defaults(unipile.apiBaseUrl()));
        return connection -> connection.equals("instantly") ? instantlyConnector : unipileConnector;
    }

    /** Invitations the emulated Unipile took, over every account and day. */
    private int invitationsMade() {
        return unipile.usage().values().stream().flatMap(days -> days.values().stream()).mapToInt(UnipileEmulator.Usage::invitations).sum();
    }

    private static JobRun jobRun() {
        return engine.bean(RunStore.class).start("outreach-test", "hubspot", "contacts", "test");
    }

    private static String key(String name) {
        return "hubspot/contacts/" + name;
    }

    private static OutreachRun.Subject person(String name) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("email", name + "@example.com");
        values.put("firstName", Character.toUpperCase(name.charAt(0)) + name.substring(1));
        values.put("linkedinUrl", "https://www.linkedin.com/in/" + name);
        values.put("lifecycleStage", "lead");
        return new OutreachRun.Subject(key(name), values, "test");
    }
}

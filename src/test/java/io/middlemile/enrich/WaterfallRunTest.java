package io.middlemile.enrich;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Enricher;
import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.Governance;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.govern.RunStoppedException;
import io.middlemile.govern.Actor;
import io.middlemile.govern.KillSwitch;
import io.middlemile.govern.WritesHaltedException;
import io.middlemile.model.Entity;
import io.middlemile.model.SourceRef;
import io.middlemile.store.ControlStore;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichHeldStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.Condition;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The waterfall against the real store (cache, tickets, ledger, journal) with scripted providers: stop rules,
 * inputs, budgets, the cache across runs and jobs, asynchronous answers by polling and by webhook, a restart
 * that never resubmits, outages and spent credits, and the governed pipeline (policy, caps, kill switch).
 */
class WaterfallRunTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Clock CLOCK = Clock.systemUTC();

    /** Connection names of their own per test: the cache and ledger are shared by the whole database. */
    private String alpha;
    private String beta;
    private final Map<String, ScriptedEnricher> providers = new HashMap<>();
    private final Map<String, PolicyConfig> policies = new HashMap<>();

    @BeforeEach
    void names() {
        int id = IDS.incrementAndGet();
        alpha = "alpha" + id;
        beta = "beta" + id;
        providers.put(alpha, new ScriptedEnricher(1, CLOCK));
        providers.put(beta, new ScriptedEnricher(2, CLOCK));
    }

    private ScriptedEnricher alpha() {
        return providers.get(alpha);
    }

    private ScriptedEnricher beta() {
        return providers.get(beta);
    }

    private static EnrichConfig.Group group(String name, List<String> fields, EnrichConfig.StopWhen stop, String... connections) {
        return new EnrichConfig.Group(name, fields, stop, java.util.Arrays.stream(connections)
                .map(c -> new EnrichConfig.Step(c, List.of())).toList());
    }

    private Waterfall waterfall(List<EnrichConfig.Group> groups, EnrichConfig.Budgets budgets, int waitSeconds) {
        Map<String, Double> prices = new LinkedHashMap<>();
        prices.put(alpha, 0.10);
        prices.put(beta, 0.05);
        return Waterfall.of(new EnrichConfig("w" + IDS.incrementAndGet(), null, "person", groups, null, null, prices, budgets, null,
                new EnrichConfig.Pending(waitSeconds)));
    }

    private Waterfall emailWaterfall() {
        return waterfall(List.of(group("work-email", List.of("email"), new EnrichConfig.StopWhen(List.of("DELIVERABLE"), null),
                alpha, beta)), null, 5);
    }

    private Governance governance() {
        return governance(Map.of());
    }

    private Governance governance(Map<String, String> environment) {
        Map<String, ConnectorConfig> connectors = new HashMap<>();
        for (String connection : List.of(alpha, beta)) {
            connectors.put(connection, new ConnectorConfig(connection, "fullenrich", null, null, "http://unused", null,
                    Map.of("people", new ObjectConfig(null, null, List.of("email", "title"))), policies.get(connection)));
        }
        return new Governance(connectors, engine.bean(JournalStore.class), engine.bean(ReviewStore.class), engine.bean(RunStore.class),
                engine.bean(RecordLocks.class), engine.bean(CrosswalkStore.class),
                engine.bean(io.middlemile.store.AssignmentStore.class), new KillSwitch(engine.bean(ControlStore.class), environment),
                "test", Duration.ofDays(1));
    }

    private JobRun jobRun(String job) {
        return engine.bean(RunStore.class).start(job + "-" + IDS.incrementAndGet(), "test", "contacts", "test");
    }

    private WaterfallRun run(Waterfall waterfall, JobRun run) {
        return new WaterfallRun(waterfall, connection -> (Enricher) providers.get(connection), stores(),
                new GovernedCalls(governance(), run), run.id(), run.job(), CLOCK, duration -> { });
    }

    private static EnrichStores stores() {
        return new EnrichStores(engine.bean(EnrichCacheStore.class), engine.bean(EnrichTicketStore.class),
                engine.bean(EnrichSpendStore.class), engine.bean(RetryQueue.class), engine.bean(EnrichHeldStore.class));
    }

    private static Subject person(String key, String last, Map<String, Object> more) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("firstName", "Jo", "lastName", last, "companyDomain", "acme.com"));
        values.putAll(more);
        return new Subject(key, values);
    }

    private static Subject person(String key, String last) {
        return person(key, last, Map.of());
    }

    // ------------------------------------------------------------------ stop rules and inputs

    @Test
    void aValueBelowTheStopRuleIsKeptButTheNextProviderIsAskedAndItsBetterValueWins() {
        alpha().knows("Lee", "email", "jo.lee@acme.com", "HIGH_PROBABILITY");
        beta().knows("Lee", "email", "jo@acme.com", "DELIVERABLE");
        alpha().knows("Kim", "email", "jo.kim@acme.com", "DELIVERABLE");
        beta().knows("Kim", "email", "never@acme.com", "DELIVERABLE");
        WaterfallRun run = run(emailWaterfall(), jobRun("stop"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "Lee"), person("2", "Kim"), person("3", "Nobody")));

        assertThat(found.get("1").values().get("email").found().value()).isEqualTo("jo@acme.com");
        assertThat(found.get("1").values().get("email").connection()).isEqualTo(beta);
        assertThat(found.get("2").values().get("email").found().value()).isEqualTo("jo.kim@acme.com");
        // Kim was good enough at alpha: beta was asked only for Lee and the one nobody knows
        assertThat(beta().submissions.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrder("1", "3");
        assertThat(run.tally().of(alpha).hits).isEqualTo(2);
        assertThat(run.tally().of(alpha).misses).isEqualTo(1);
        assertThat(run.tally().of(beta).credits).isEqualTo(2.0);
        assertThat(found.get("3").values()).isEmpty();
    }

    @Test
    void aFieldTheRecordHasIsNeverLookedUpAndAProviderWithoutItsInputsIsNeverCalled() {
        alpha().needsLinkedin = true;
        beta().knows("Lee", "email", "jo@acme.com", "DELIVERABLE");
        WaterfallRun run = run(emailWaterfall(), jobRun("inputs"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "Lee"), person("2", "Has", Map.of("email", "has@acme.com"))));

        assertThat(alpha().submissions).isEmpty();
        assertThat(run.tally().of(alpha).skipped).containsEntry("missing inputs", 1L);
        assertThat(beta().submissions).containsExactly(List.of("1"));
        assertThat(found.get("1").values().get("email").found().value()).isEqualTo("jo@acme.com");
        assertThat(found.get("2").values()).isEmpty();
    }

    @Test
    void onlyIfConditionsChooseTheProvidersPerRecord() {
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE").knows("Ray", "email", "r@acme.com", "DELIVERABLE");
        beta().knows("Ray", "email", "ray@acme.com", "DELIVERABLE");
        EnrichConfig.Group group = new EnrichConfig.Group("work-email", List.of("email"), null, List.of(
                new EnrichConfig.Step(alpha, List.of(new Condition("country", null, List.of("US", "CA"), null, null))),
                new EnrichConfig.Step(beta, List.of())));
        WaterfallRun run = run(waterfall(List.of(group), null, 5), jobRun("onlyif"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "Lee", Map.of("country", "US")),
                person("2", "Ray", Map.of("country", "DE"))));

        assertThat(alpha().submissions).containsExactly(List.of("1"));
        assertThat(found.get("2").values().get("email").connection()).isEqualTo(beta);
        assertThat(run.tally().of(alpha).skipped).containsEntry("onlyIf country is not one of [US, CA]", 1L);
    }

    @Test
    void aProviderThatGroupsAskAtTheSameTimeIsAskedOnceForAllTheirFieldsAndPaysOneBaseFee() {
        alpha().missCost = 1; // a vendor's base fee for a match without the values asked
        alpha().knows("Lee", "email", "lee@acme.com", "DELIVERABLE").knows("Lee", "title", "CTO", null);
        alpha().knows("Kim", "title", "VP Sales", null);
        beta().knows("Kim", "email", "kim@acme.com", "DELIVERABLE");
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha, beta),
                group("job", List.of("title"), null, alpha)), null, 5);
        WaterfallRun run = run(waterfall, jobRun("shared"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "Lee"), person("2", "Kim"),
                person("3", "Has", Map.of("email", "has@acme.com"))));

        // one lookup per record at alpha, for the fields of both groups (the record with an email only for its title)
        assertThat(alpha().asked).containsOnly(Map.entry("1", List.of(Set.of("email", "title"))),
                Map.entry("2", List.of(Set.of("email", "title"))), Map.entry("3", List.of(Set.of("title"))));
        assertThat(run.tally().of(alpha).lookups).isEqualTo(3);
        assertThat(found.get("1").values().get("email").connection()).isEqualTo(alpha);
        assertThat(found.get("1").values().get("title").found().value()).isEqualTo("CTO");
        // Kim's email was not at alpha: the work-email group went on to beta, the job group was done
        assertThat(beta().asked).containsOnly(Map.entry("2", List.of(Set.of("email"))));
        assertThat(found.get("2").values().get("email").found().value()).isEqualTo("kim@acme.com");
        // the ledger keeps a row per group, the lookup's credits shared by what each group's fields may cost
        String leeKey = LookupKey.of(Entity.PERSON, person("1", "Lee").inputs(Entity.PERSON));
        List<EnrichSpendStore.Spend> lee = engine.bean(EnrichSpendStore.class).since(waterfall.id(), java.time.Instant.EPOCH).stream()
                .filter(row -> row.connection().equals(alpha) && row.lookupKey().equals(leeKey)).toList();
        assertThat(lee).extracting(EnrichSpendStore.Spend::group).containsExactlyInAnyOrder("work-email", "job");
        assertThat(lee).allSatisfy(row -> assertThat(row.credits()).isEqualTo(1.0));
        assertThat(run.tally().of(alpha).credits).isEqualTo(2 + 1 + 1);
        assertThat(found.get("1").cost()).isCloseTo(0.20, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** work-email asks alpha; job asks beta, and alpha when beta has no good title. */
    private Waterfall emailAtAlphaJobAtBetaThenAlpha() {
        return waterfall(List.of(group("work-email", List.of("email"), null, alpha),
                group("job", List.of("title"), null, beta, alpha)), null, 5);
    }

    @Test
    void aGroupThatReachesAProviderOnlyAfterAnotherProviderMissedJoinsTheRecordsLookupThereInsteadOfASecondCall() {
        // two records fill a call of alpha (it takes 2), so alpha could call at once for their emails, before beta's misses
        // send their job group on to alpha: that would be a second lookup of each record at alpha, a second base fee
        alpha().missCost = 1; // a vendor's base fee for a match without the values asked
        alpha().knows("Lee", "email", "lee@acme.com", "DELIVERABLE").knows("Lee", "title", "CTO", null);
        alpha().knows("Kim", "email", "kim@acme.com", "DELIVERABLE");
        alpha().knows("Ray", "email", "ray@acme.com", "DELIVERABLE");
        beta().knows("Ray", "title", "CFO", null);
        WaterfallRun run = run(emailAtAlphaJobAtBetaThenAlpha(), jobRun("joined"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "Lee"), person("2", "Kim"), person("3", "Ray")));

        // each record waited at alpha for beta's answer: one lookup per record at alpha, for what both groups still need
        assertThat(beta().asked).containsOnlyKeys("1", "2", "3");
        assertThat(alpha().asked).containsOnly(Map.entry("1", List.of(Set.of("email", "title"))),
                Map.entry("2", List.of(Set.of("email", "title"))), Map.entry("3", List.of(Set.of("email"))));
        assertThat(found.get("1").values().get("title").found().value()).isEqualTo("CTO");
        assertThat(found.get("1").values().get("title").connection()).isEqualTo(alpha);
        assertThat(found.get("3").values().get("title").connection()).isEqualTo(beta);
        // Kim's title is nowhere: her one lookup found her email, and no second, empty lookup paid a base fee
        assertThat(run.tally().of(alpha).lookups).isEqualTo(3);
        assertThat(run.tally().of(alpha).credits).isEqualTo(2 + 1 + 1);
    }

    // ------------------------------------------------------------------ budgets

    @Test
    void aRunBudgetStopsTheWaterfallCleanlyAndSaysWhatWasSkipped() {
        for (String last : List.of("A", "B", "C", "D", "E")) {
            alpha().knows(last, "email", last + "@acme.com", "DELIVERABLE");
        }
        // alpha: 1 credit a value at 0.10 each: 0.25 pays for two lookups, not a third
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)),
                new EnrichConfig.Budgets(null, 0.25, null, null, null), 5);
        WaterfallRun run = run(waterfall, jobRun("budget"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "A"), person("2", "B")));
        Map<String, Enrichment> later = run.enrich(List.of(person("3", "C"), person("4", "D"), person("5", "E")));

        assertThat(found.values()).allSatisfy(e -> assertThat(e.values()).containsKey("email"));
        assertThat(later.values()).allSatisfy(e -> assertThat(e.values()).isEmpty());
        assertThat(alpha().lookupsSubmitted()).isEqualTo(2);
        assertThat(run.tally().of(alpha).skipped).containsEntry("run budget 0.25 reached (spent 0.20)", 3L);
        assertThat(later.get("3").notes()).singleElement().asString().contains("run budget 0.25 reached");
    }

    @Test
    void aBudgetStopSaysWhatWasSpentApartFromWhatIsHeldForLookupsUnderWay() {
        alpha().knows("A", "email", "a@acme.com", "DELIVERABLE").knows("B", "email", "b@acme.com", "DELIVERABLE");
        // one call of two: A is held at the most it may cost (0.10) before anything is spent, so B does not fit in 0.15; A's
        // answer is still pending at the vendor when the run stops waiting (it waits 0 s), so its hold stays for the run
        alpha().async(Integer.MAX_VALUE);
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)),
                new EnrichConfig.Budgets(null, 0.15, null, null, null), 0);
        WaterfallRun run = run(waterfall, jobRun("held"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "A"), person("2", "B")));

        assertThat(alpha().lookupsSubmitted()).isEqualTo(1);
        assertThat(run.tally().of(alpha).skipped)
                .containsOnlyKeys("run budget 0.15 reached (spent 0.00, and 0.10 held for lookups under way)");
        assertThat(found.get("2").notes()).singleElement().asString()
                .isEqualTo("work-email: " + alpha + " not asked: run budget 0.15 reached (spent 0.00, and 0.10 held for lookups under way)");
    }

    @Test
    void aLookupRefusedOnlyForWhatLookupsUnderWayHoldIsAskedOnceTheyAreAnsweredForLess() {
        // alpha may charge 1 credit (0.10) a lookup and charges nothing for a miss: Nobody and Lee go in one call, and
        // Nobody's hold of 0.10 leaves no room in 0.15 for Lee's, though Nobody's lookup is answered for nothing
        alpha().knows("Lee", "email", "lee@acme.com", "DELIVERABLE");
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)),
                new EnrichConfig.Budgets(null, 0.15, null, null, null), 5);
        WaterfallRun run = run(waterfall, jobRun("released"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "Nobody"), person("2", "Lee")));

        // Lee waited for Nobody's hold to be released, then was asked: nothing was skipped, and the run stayed in its budget
        assertThat(found.get("2").values().get("email").found().value()).isEqualTo("lee@acme.com");
        assertThat(found.get("2").notes()).isEmpty();
        assertThat(alpha().submissions).containsExactly(List.of("1"), List.of("2"));
        assertThat(run.tally().of(alpha).skipped).isEmpty();
        assertThat(run.tally().cost()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aLookupThatStillDoesNotFitOnceTheHoldsAreReleasedIsRefusedWithWhatWasSpent() {
        alpha().knows("A", "email", "a@acme.com", "DELIVERABLE").knows("B", "email", "b@acme.com", "DELIVERABLE");
        // A's hold is released at what it did cost, 0.10: B's 0.10 more does not fit in 0.15 either, and nothing more is held
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha, beta)),
                new EnrichConfig.Budgets(null, 0.15, null, null, null), 5);
        WaterfallRun run = run(waterfall, jobRun("spent"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "A"), person("2", "B")));

        assertThat(alpha().submissions).containsExactly(List.of("1"));
        assertThat(found.get("2").values()).isEmpty();
        assertThat(found.get("2").notes()).containsExactly("work-email: " + alpha + " not asked: run budget 0.15 reached (spent 0.10)",
                "work-email: " + beta + " not asked: run budget 0.15 reached (spent 0.10)");
        assertThat(run.tally().cost()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void thePerRecordCeilingLeavesExpensiveLookupsOut() {
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE").knows("Lee", "mobilePhone", "+15550100", null);
        // asking alpha for both values may cost 2 credits = 0.20, over the ceiling of 0.15; email alone fits
        Waterfall waterfall = waterfall(List.of(group("email", List.of("email"), null, alpha),
                group("phone", List.of("mobilePhone"), null, alpha, beta)), new EnrichConfig.Budgets(0.15, null, null, null, null), 5);
        WaterfallRun run = run(waterfall, jobRun("ceiling"));

        Enrichment found = run.enrich(List.of(person("1", "Lee"))).get("1");

        assertThat(found.values()).containsOnlyKeys("email");
        assertThat(found.cost()).isEqualTo(0.10);
        assertThat(run.tally().of(alpha).skipped).containsEntry("per-record ceiling", 1L);
        assertThat(run.tally().of(beta).skipped).containsEntry("per-record ceiling", 1L);
    }

    // ------------------------------------------------------------------ never pay twice

    @Test
    void aSecondRunAndAnotherJobReuseTheCacheInsteadOfPaying() {
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waterfall = emailWaterfall();
        run(waterfall, jobRun("first")).enrich(List.of(person("1", "Lee"), person("2", "Nobody")));
        int paidLookups = alpha().lookupsSubmitted() + beta().lookupsSubmitted();

        WaterfallRun again = run(waterfall, jobRun("another-job"));
        Map<String, Enrichment> found = again.enrich(List.of(person("9", "Lee"), person("8", "Nobody")));

        assertThat(alpha().lookupsSubmitted() + beta().lookupsSubmitted()).isEqualTo(paidLookups);
        assertThat(found.get("9").values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(found.get("9").values().get("email").cached()).isTrue();
        assertThat(again.tally().of(alpha).cached).isEqualTo(2);
        assertThat(again.tally().credits()).isZero();
    }

    @Test
    void aValueFromTheCacheKeepsTheProvenanceOfTheLookupThatBoughtItWhileTheRunPaysNothing() {
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waterfall = emailWaterfall();
        Enrichment.Value bought = run(waterfall, jobRun("paid")).enrich(List.of(person("1", "Lee"))).get("1").values().get("email");

        WaterfallRun again = run(waterfall, jobRun("cached"));
        Enrichment fromCache = again.enrich(List.of(person("1", "Lee"))).get("1");

        // the value says what it cost when it was bought (1 credit at 0.10), so a record written with it is unchanged
        Enrichment.Value cached = fromCache.values().get("email");
        assertThat(bought.cost()).isEqualTo(0.10);
        assertThat(cached.cached()).isTrue();
        assertThat(cached.connection()).isEqualTo(alpha);
        assertThat(cached.cost()).isEqualTo(bought.cost());
        assertThat(cached.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .isEqualTo(bought.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        // this run paid nothing: neither its tally nor the record's cost counts the value
        assertThat(fromCache.cost()).isZero();
        assertThat(again.tally().cost()).isZero();
        assertThat(again.tally().of(alpha).cached).isEqualTo(1);
    }

    // ------------------------------------------------------------------ asynchronous providers

    @Test
    void anAsynchronousAnswerIsStoredFirstThenPolledUntilItComes() {
        alpha().async(2).knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waterfall = emailWaterfall();
        WaterfallRun run = run(waterfall, jobRun("async"));

        Enrichment found = run.enrich(List.of(person("1", "Lee"))).get("1");

        assertThat(found.values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(alpha().polls).isEqualTo(3);
        assertThat(engine.bean(EnrichTicketStore.class).pending(waterfall.id())).isEmpty();
        assertThat(beta().submissions).isEmpty();
    }

    @Test
    void aWebhookDeliveryIsReadInsteadOfPolling() {
        alpha().async(1_000_000).knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        alpha().pollDelay = Duration.ofSeconds(2); // not due before the delivery comes
        Waterfall waterfall = emailWaterfall();
        EnrichTicketStore tickets = engine.bean(EnrichTicketStore.class);
        // the delivery arrives while the run waits: as the webhook ingress would store it
        WaterfallRun run = new WaterfallRun(waterfall, connection -> (Enricher) providers.get(connection), stores(),
                new GovernedCalls(governance(), jobRun("webhook")), null, "webhook", CLOCK,
                duration -> tickets.pending(waterfall.id()).forEach(t -> tickets.deliver(t.connection(), t.ticket(),
                        t.ticket().getBytes(StandardCharsets.UTF_8))));

        Enrichment found = run.enrich(List.of(person("1", "Lee"))).get("1");

        assertThat(found.values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(alpha().polls).isZero();
        assertThat(tickets.pending(waterfall.id())).isEmpty();
    }

    @Test
    void aSubmissionLeftPendingByACrashIsPolledByTheNextRunAndNeverSubmittedAgain() {
        alpha().async(0).knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waitsNot = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 0);
        ScriptedEnricher neverAnswers = alpha();
        // the first run submits, then stops waiting at once (as a crash would leave it): the record is pending
        neverAnswers.pollsBeforeAnswer = Integer.MAX_VALUE;
        JobRun crashed = jobRun("crash");
        WaterfallRun first = run(waitsNot, crashed);
        Subject lee = person("1", "Lee");
        Enrichment pending = first.enrich(List.of(new Subject("1", lee.values(), new SourceRef("legacy", "contacts", "1001"),
                "contacts.csv:2"))).get("1");
        assertThat(pending.pending()).isTrue();
        assertThat(pending.notes()).singleElement().asString().contains("pending at " + alpha).contains("nothing is submitted again");
        assertThat(first.tally().pending()).isEqualTo(1);
        assertThat(engine.bean(EnrichTicketStore.class).pending(waitsNot.id())).hasSize(1);

        // after the restart the vendor has the answer: the next run collects it before its first lookup
        neverAnswers.pollsBeforeAnswer = 0;
        neverAnswers.polls = 0;
        WaterfallRun next = run(waitsNot, jobRun("crash"));
        assertThat(next.collectEarlier()).isEqualTo(1);
        Enrichment found = next.enrich(List.of(person("1", "Lee"))).get("1");

        assertThat(found.values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(neverAnswers.submissions).hasSize(1);
        // the record the crashed run wrote without the email is queued to be read again by its job
        assertThat(engine.bean(RetryQueue.class).pending(crashed.job())).singleElement().satisfies(entry -> {
            assertThat(entry.ref()).isEqualTo(new SourceRef("legacy", "contacts", "1001"));
            assertThat(entry.location()).isEqualTo("contacts.csv:2");
            assertThat(entry.lastReason()).isEqualTo(alpha + " answered after run " + crashed.id()
                    + " (found email); read again to write it, at no cost");
        });
        assertThat(engine.bean(EnrichTicketStore.class).pending(waitsNot.id())).isEmpty();
        // the collected answer counts in the record's segment, as if it had come in the submitting run
        assertThat(engine.bean(EnrichSpendStore.class).since(waitsNot.id(), java.time.Instant.EPOCH)).singleElement()
                .satisfies(row -> assertThat(row.segment()).isEqualTo(Segment.of(Entity.PERSON, lee.values())));
    }

    @Test
    void anAdaptiveWaterfallAsksTheProviderWithTheLowestExpectedCostFirst() {
        // alpha costs 0.10 a value found and finds half; beta costs 0.04 (2 credits at 0.02) and finds the rest:
        // alpha first is expected to cost 0.05 + 0.5 × 0.04 = 0.07 a record, beta first 0.04
        for (String last : List.of("A", "B", "C", "D")) {
            beta().knows(last, "email", last + "@acme.com", "DELIVERABLE");
        }
        alpha().knows("A", "email", "a@acme.com", "DELIVERABLE").knows("B", "email", "b@acme.com", "DELIVERABLE");
        String id = "adaptive" + IDS.incrementAndGet();
        Map<String, Double> prices = Map.of(alpha, 0.10, beta, 0.02);
        List<EnrichConfig.Group> groups = List.of(group("work-email", List.of("email"), null, alpha, beta));
        Waterfall listed = Waterfall.of(new EnrichConfig(id, null, "person", groups, "listed", null, prices, null, null, null));
        run(listed, jobRun("learn")).enrich(List.of(person("1", "A"), person("2", "B"), person("3", "C"), person("4", "D")));
        assertThat(alpha().lookupsSubmitted()).isEqualTo(4);

        Waterfall adaptive = Waterfall.of(new EnrichConfig(id, null, "person", groups, "adaptive", null, prices, null, null, null));
        alpha().submissions.clear();
        beta().submissions.clear();
        beta().knows("E", "email", "e@acme.com", "DELIVERABLE");
        run(adaptive, jobRun("adapted")).enrich(List.of(person("5", "E")));

        assertThat(beta().submissions).containsExactly(List.of("5"));
        assertThat(alpha().submissions).isEmpty();
    }

    @Test
    void anAdaptiveWaterfallLearnsTheCheapestOrderOfEachSegment() {
        // alpha knows the US people, beta the German ones; a miss costs each a base fee of 1 credit
        alpha().missCost = 1;
        beta().missCost = 1;
        List<Subject> learning = new ArrayList<>();
        for (int i = 0; i < WaterfallRun.MIN_SEGMENT_LOOKUPS; i++) {
            alpha().knows("Us" + i, "email", "us" + i + "@acme.com", "DELIVERABLE");
            beta().knows("De" + i, "email", "de" + i + "@acme.de", "DELIVERABLE");
            learning.add(person("u" + i, "Us" + i, Map.of("country", "US")));
            learning.add(person("d" + i, "De" + i, Map.of("country", "DE")));
        }
        String id = "segments" + IDS.incrementAndGet();
        Map<String, Double> prices = Map.of(alpha, 0.10, beta, 0.05);
        List<EnrichConfig.Group> groups = List.of(group("work-email", List.of("email"), null, alpha, beta));
        run(Waterfall.of(new EnrichConfig(id, null, "person", groups, "listed", null, prices, null, null, null)), jobRun("learn"))
                .enrich(learning);
        alpha().knows("Usnew", "email", "usnew@acme.com", "DELIVERABLE");
        beta().knows("Denew", "email", "denew@acme.de", "DELIVERABLE");
        alpha().submissions.clear();
        beta().submissions.clear();

        Waterfall adaptive = Waterfall.of(new EnrichConfig(id, null, "person", groups, "adaptive", null, prices, null, null, null));
        Map<String, Enrichment> found = run(adaptive, jobRun("adapted")).enrich(List.of(person("u", "Usnew", Map.of("country", "US")),
                person("d", "Denew", Map.of("country", "DE"))));

        // a US record still asks alpha first; a German one asks beta first, and alpha is never paid a base fee for it
        assertThat(alpha().submissions).containsExactly(List.of("u"));
        assertThat(beta().submissions).containsExactly(List.of("d"));
        assertThat(found.get("d").values().get("email").connection()).isEqualTo(beta);
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aProviderOutageSendsItsRecordsToTheNextProviderAndItIsNotAskedAgainThisRun() {
        alpha().failure = new ConnectorException(ConnectorException.Kind.RETRIABLE, "circuit open after 10 failures");
        beta().knows("Lee", "email", "b@acme.com", "DELIVERABLE").knows("Ray", "email", "r@acme.com", "DELIVERABLE");
        WaterfallRun run = run(emailWaterfall(), jobRun("outage"));

        Map<String, Enrichment> found = run.enrich(List.of(person("1", "Lee")));
        Map<String, Enrichment> second = run.enrich(List.of(person("2", "Ray")));

        assertThat(found.get("1").values().get("email").connection()).isEqualTo(beta);
        assertThat(second.get("2").values().get("email").connection()).isEqualTo(beta);
        assertThat(run.tally().of(alpha).skipped.keySet()).allSatisfy(reason -> assertThat(reason).contains("unavailable"));
        assertThat(run.tally().of(alpha).skippedTotal()).isEqualTo(2);
    }

    @Test
    void spentCreditsAtOneProviderMoveOnToTheNext() {
        alpha().failure = new ConnectorException(ConnectorException.Kind.QUOTA_EXHAUSTED, "402 insufficient_credits");
        beta().knows("Lee", "email", "b@acme.com", "DELIVERABLE");
        WaterfallRun run = run(emailWaterfall(), jobRun("credits"));

        Enrichment found = run.enrich(List.of(person("1", "Lee"))).get("1");

        assertThat(found.values().get("email").connection()).isEqualTo(beta);
        assertThat(found.notes()).anySatisfy(note -> assertThat(note).contains(alpha + " is out of credits"));
    }

    // ------------------------------------------------------------------ the governed pipeline

    @Test
    void everyPaidLookupIsJournaledAsSpendWithItsResult() {
        beta().knows("Lee", "email", "b@acme.com", "DELIVERABLE");
        JobRun job = jobRun("journal");
        run(emailWaterfall(), job).enrich(List.of(person("1", "Lee")));

        List<JournalEntry> entries = engine.bean(JournalStore.class).ofRun(job.id());
        assertThat(entries).extracting(JournalEntry::connection).containsExactly(alpha, beta);
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("spend");
            assertThat(entry.recordKey()).isEqualTo("name:jo|lee|acme.com");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
            assertThat(entry.after()).containsEntry("fields", List.of("email"));
        });
    }

    @Test
    void aPolicyThatDeniesSpendingKeepsTheProviderUnpaid() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "deny")),
                List.of()));
        beta().knows("Lee", "email", "b@acme.com", "DELIVERABLE");
        WaterfallRun run = run(emailWaterfall(), jobRun("deny"));

        Enrichment found = run.enrich(List.of(person("1", "Lee"))).get("1");

        assertThat(alpha().submissions).isEmpty();
        assertThat(found.notes()).anySatisfy(note -> assertThat(note).contains("policy denies spending"));
        assertThat(found.values().get("email").connection()).isEqualTo(beta);
    }

    @Test
    void aPolicyThatSendsSpendingToReviewParksTheLookupAndTheFirstRunAfterTheApprovalMakesItOnce() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "review")),
                List.of()));
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 5);
        ReviewStore reviews = engine.bean(ReviewStore.class);

        Enrichment waiting = run(waterfall, jobRun("review")).enrich(List.of(person("1", "Lee"))).get("1");

        assertThat(alpha().submissions).isEmpty();
        ReviewItem parked = reviews.list(ReviewItem.Status.PENDING).stream().filter(item -> item.connection().equals(alpha))
                .findFirst().orElseThrow();
        assertThat(parked.action()).isEqualTo("spend");
        assertThat(parked.after()).containsEntry("fields", List.of("email")).containsEntry("maxCredits", 1.0);
        assertThat(waiting.notes()).singleElement().asString().contains("waiting for review #" + parked.id())
                .contains("middlemile review approve " + parked.id());
        // met again before anyone decided: still the one item, still nothing spent
        run(waterfall, jobRun("review")).enrich(List.of(person("1", "Lee")));
        assertThat(reviews.list(ReviewItem.Status.PENDING)).filteredOn(item -> item.connection().equals(alpha)).hasSize(1);
        assertThat(alpha().submissions).isEmpty();

        ActionReport approval = new GovernedActions(governance(), connection -> {
            throw new AssertionError("approving a lookup opens no connector; the next run makes it");
        }).approve(parked.id(), "ops", null);
        // the item is the run's that parked it last, of another job here (jobRun names a job of its own each time)
        String lastJob = reviews.find(parked.id()).orElseThrow().job();
        assertThat(lastJob).isNotEqualTo(parked.job());
        assertThat(approval.notes()).singleElement().asString().contains("the next run of job " + lastJob + " makes this lookup");
        assertThat(reviews.find(parked.id()).orElseThrow().status()).isEqualTo(ReviewItem.Status.APPROVED);
        JobRun approvedRun = jobRun("review");
        Map<String, Enrichment> after = run(waterfall, approvedRun).enrich(List.of(person("1", "Lee"), person("2", "Kim")));

        assertThat(after.get("1").values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(alpha().submissions).containsExactly(List.of("1"));
        assertThat(engine.bean(JournalStore.class).ofRun(approvedRun.id())).singleElement()
                .satisfies(entry -> assertThat(entry.rule()).isEqualTo("approved in review #" + parked.id() + " by ops"));
        // the approval was for Lee's lookup, carried out once: Kim's waits in an item of its own
        assertThat(reviews.carriedOut(parked.id(), approvedRun.id())).isFalse();
        assertThat(after.get("2").notes()).singleElement().asString().contains("waiting for review #")
                .doesNotContain("#" + parked.id() + ";");
    }

    @Test
    void everyRunNamesTheReviewItemsItsLookupsWaitOnOrWereRejectedIn() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "review")),
                List.of()));
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 5);
        ReviewStore reviews = engine.bean(ReviewStore.class);
        run(waterfall, jobRun("named")).enrich(List.of(person("1", "Lee"), person("2", "Kim")));
        List<ReviewItem> parked = reviews.list(ReviewItem.Status.PENDING).stream().filter(item -> item.connection().equals(alpha))
                .toList();
        assertThat(parked).hasSize(2);
        new GovernedActions(governance(), connection -> {
            throw new AssertionError("rejecting a lookup opens no connector");
        }).reject(parked.get(0).id(), "ops", null);

        WaterfallRun later = run(waterfall, jobRun("named"));
        Map<String, Enrichment> found = later.enrich(List.of(person("1", "Lee"), person("2", "Kim")));

        // a later run meets both again: it names the item still waiting and the one rejected, in its tally for the summary
        assertThat(later.tally().of(alpha).waitingForReview).containsExactly(parked.get(1).id());
        assertThat(later.tally().of(alpha).rejectedInReview).containsExactly(parked.get(0).id());
        assertThat(later.tally().of(alpha).skipped).containsEntry("policy", 2L);
        List<String> notes = found.values().stream().flatMap(e -> e.notes().stream()).toList();
        assertThat(notes).anySatisfy(note -> assertThat(note)
                .isEqualTo("work-email: " + alpha + " not asked: spending was rejected in review #" + parked.get(0).id() + " by ops"));
        assertThat(notes).anySatisfy(note -> assertThat(note).contains("waiting for review #" + parked.get(1).id()));
        assertThat(alpha().submissions).isEmpty();
    }

    @Test
    void anApprovedLookupHeldBackForReviewIsMadeByTheJobsNextRunThoughItsRecordIsNotReadAgainAndOnlyOnce() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "review")),
                List.of()));
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 5);
        String job = "incremental-" + IDS.incrementAndGet();
        // Lee as an incremental reader (HubSpot's) reads her: only in the run after she changed
        Subject lee = new Subject("101@contacts", person("101", "Lee").values(), new SourceRef("hubspot", "contacts", "101"),
                "contacts 101");
        run(waterfall, sameJob(job)).enrich(List.of(lee));
        ReviewItem parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals(alpha)).findFirst().orElseThrow();
        approve(parked.id());

        // the next run reads nothing (Lee did not change): it makes the approved lookup before its first page all the same
        JobRun next = sameJob(job);
        WaterfallRun run = run(waterfall, next);
        assertThat(run.lookUpApproved()).isEqualTo(1);

        assertThat(alpha().submissions).containsExactly(List.of("101@contacts"));
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).singleElement()
                .satisfies(entry -> assertThat(entry.rule()).isEqualTo("approved in review #" + parked.id() + " by ops"));
        assertThat(run.tally().of(alpha).madeAfterReview).containsExactly(parked.id());
        // what it found is written by reading Lee again (the job's retry right after the run), from the cache
        assertThat(run.queuedToReadAgain(job)).isEqualTo(1);
        assertThat(engine.bean(RetryQueue.class).pending(job)).singleElement().satisfies(entry -> {
            assertThat(entry.ref()).isEqualTo(new SourceRef("hubspot", "contacts", "101"));
            assertThat(entry.lastReason()).isEqualTo("enrich/" + waterfall.id() + ".yaml found email when run " + next.id()
                    + " took up the " + alpha + " lookup approved in review #" + parked.id() + "; read again to write it, at no cost");
        });
        // read again in the same run: the cache answers, nothing is paid twice
        Enrichment again = run.enrich(List.of(lee)).get("101@contacts");
        assertThat(again.values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(again.values().get("email").cached()).isTrue();
        // and the run after has nothing left to make
        assertThat(run(waterfall, sameJob(job)).lookUpApproved()).isZero();
        assertThat(alpha().submissions).hasSize(1);
    }

    @Test
    void aLookupHeldBackForReviewThatIsRejectedIsDroppedAndSaidSoWhileOneStillWaitingIsNamedEveryRun() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "review")),
                List.of()));
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 5);
        String job = "incremental-" + IDS.incrementAndGet();
        run(waterfall, sameJob(job)).enrich(List.of(
                new Subject("101@contacts", person("101", "Lee").values(), new SourceRef("hubspot", "contacts", "101"), null),
                new Subject("102@contacts", person("102", "Kim").values(), new SourceRef("hubspot", "contacts", "102"), null)));
        List<ReviewItem> parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals(alpha)).toList();
        assertThat(parked).hasSize(2);
        new GovernedActions(governance(), connection -> {
            throw new AssertionError("rejecting a lookup opens no connector");
        }).reject(parked.get(0).id(), "ops", null);

        WaterfallRun next = run(waterfall, sameJob(job));
        assertThat(next.lookUpApproved()).isZero();

        assertThat(next.tally().of(alpha).rejectedInReview).containsExactly(parked.get(0).id());
        assertThat(next.tally().of(alpha).waitingForReview).containsExactly(parked.get(1).id());
        assertThat(alpha().submissions).isEmpty();
        // dropped: the run after says it no more, and still names the one waiting
        WaterfallRun after = run(waterfall, sameJob(job));
        after.lookUpApproved();
        assertThat(after.tally().of(alpha).rejectedInReview).isEmpty();
        assertThat(after.tally().of(alpha).waitingForReview).containsExactly(parked.get(1).id());
    }

    @Test
    void anApprovedLookupARollbackWithdrewIsNotMadeAndTheRunSaysTheRollbackWithdrewIt() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "review")),
                List.of()));
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 5);
        String job = "incremental-" + IDS.incrementAndGet();
        run(waterfall, sameJob(job)).enrich(List.of(
                new Subject("103@contacts", person("103", "Ode").values(), new SourceRef("hubspot", "contacts", "103"), null)));
        ReviewItem parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals(alpha)).findFirst().orElseThrow();
        approve(parked.id());
        // what a rollback of the run that held it back does to an approved lookup no run made yet
        ReviewItem approved = engine.bean(ReviewStore.class).find(parked.id()).orElseThrow();
        assertThat(engine.bean(ReviewStore.class).withdraw(approved, "rollback of run " + approved.runId(), "withdrawn")).isTrue();

        WaterfallRun next = run(waterfall, sameJob(job));

        assertThat(next.lookUpApproved()).isZero();
        assertThat(alpha().submissions).isEmpty();
        assertThat(next.tally().of(alpha).droppedAfterReview.get(parked.id())).isEqualTo("review #" + parked.id() + " withdrawn by"
                + " rollback of run " + approved.runId() + ": the run that held the lookup back was rolled back; the lookup is held"
                + " back for review again when the job reads the record next");
    }

    @Test
    void anApprovedLookupABudgetPutsOffIsKeptAndMadeByALaterRunWithRoomForIt() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "review")),
                List.of()));
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        String id = "held" + IDS.incrementAndGet();
        List<EnrichConfig.Group> groups = List.of(group("work-email", List.of("email"), null, alpha));
        Map<String, Double> prices = Map.of(alpha, 0.10, beta, 0.05);
        Waterfall roomy = Waterfall.of(new EnrichConfig(id, null, "person", groups, null, null, prices, null, null, null));
        // alpha may cost 0.10 a lookup: a run budget of 0.05 has no room for it
        Waterfall tight = Waterfall.of(new EnrichConfig(id, null, "person", groups, null, null, prices,
                new EnrichConfig.Budgets(null, 0.05, null, null, null), null, null));
        String job = "incremental-" + IDS.incrementAndGet();
        run(roomy, sameJob(job)).enrich(List.of(new Subject("101@contacts", person("101", "Lee").values(),
                new SourceRef("hubspot", "contacts", "101"), null)));
        ReviewItem parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals(alpha)).findFirst().orElseThrow();
        approve(parked.id());

        WaterfallRun poor = run(tight, sameJob(job));
        assertThat(poor.lookUpApproved()).isZero();
        assertThat(poor.tally().of(alpha).skipped).containsOnlyKeys("run budget 0.05 reached (spent 0.00)");
        assertThat(alpha().submissions).isEmpty();

        WaterfallRun later = run(roomy, sameJob(job));
        assertThat(later.lookUpApproved()).isEqualTo(1);
        assertThat(alpha().submissions).containsExactly(List.of("101@contacts"));
        assertThat(later.tally().of(alpha).madeAfterReview).containsExactly(parked.id());
    }

    private static PolicyConfig reviewSpending(List<PolicyConfig.Cap> caps) {
        return new PolicyConfig("auto", List.of(new PolicyConfig.Rule("people", null, "spend", null, null, null, "review")), caps);
    }

    private static Long carriedOutBy(long review) {
        return engine.bean(EnrichHeldStore.class).carriedOutBy(review);
    }

    private List<ReviewItem> pendingAt(String connection) {
        return engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals(connection)).toList();
    }

    /** A lookup of Lee at alpha that its policy parked and a person approved, with the waterfall and job that asked for it. */
    private record Approved(Waterfall waterfall, String job, ReviewItem review) {
    }

    private Approved anApprovedLookupOfLee() {
        policies.put(alpha, reviewSpending(List.of()));
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 5);
        String job = "incremental-" + IDS.incrementAndGet();
        run(waterfall, sameJob(job)).enrich(List.of(new Subject("101@contacts", person("101", "Lee").values(),
                new SourceRef("hubspot", "contacts", "101"), null)));
        ReviewItem parked = pendingAt(alpha).get(0);
        approve(parked.id());
        return new Approved(waterfall, job, parked);
    }

    @Test
    void anApprovedLookupASpendCapStopsKeepsItsApprovalAndALaterRunWithRoomMakesItWithoutASecondReview() {
        Approved approved = anApprovedLookupOfLee();
        Waterfall waterfall = approved.waterfall();
        String job = approved.job();
        ReviewItem parked = approved.review();

        // the next run meets alpha's daily cap for spends: the run halts, nothing is bought, and it says the approval stands
        policies.put(alpha, reviewSpending(List.of(new PolicyConfig.Cap("spend", null, 0))));
        WaterfallRun capped = run(waterfall, sameJob(job));
        assertThatThrownBy(capped::lookUpApproved).isInstanceOf(WritesHaltedException.class)
                .hasMessageContaining("Daily cap reached at " + alpha)
                .hasMessageContaining("The lookup approved in review #" + parked.id() + " (name:jo|lee|acme.com) was stopped by this cap,"
                        + " not made: its approval still stands");
        assertThat(alpha().submissions).isEmpty();
        assertThat(carriedOutBy(parked.id())).isNull();

        // the cap raised (or the next day): the lookup is made on the approval already given, nobody is asked again
        policies.put(alpha, reviewSpending(List.of(new PolicyConfig.Cap("spend", null, 100))));
        JobRun next = sameJob(job);
        WaterfallRun later = run(waterfall, next);
        assertThat(later.lookUpApproved()).isEqualTo(1);

        assertThat(alpha().submissions).containsExactly(List.of("101@contacts"));
        assertThat(pendingAt(alpha)).isEmpty();
        assertThat(later.tally().of(alpha).madeAfterReview).containsExactly(parked.id());
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).singleElement().satisfies(entry -> {
            assertThat(entry.rule()).isEqualTo("approved in review #" + parked.id() + " by ops");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
    }

    @Test
    void anApprovedLookupTheProviderCouldNotTakeKeepsItsApprovalForTheNextRun() {
        Approved approved = anApprovedLookupOfLee();
        Waterfall waterfall = approved.waterfall();
        String job = approved.job();
        ReviewItem parked = approved.review();

        alpha().failure = new ConnectorException(ConnectorException.Kind.RETRIABLE, "circuit open after 10 failures");
        assertThat(run(waterfall, sameJob(job)).lookUpApproved()).isZero();
        assertThat(carriedOutBy(parked.id())).isNull();

        alpha().failure = null;
        WaterfallRun later = run(waterfall, sameJob(job));
        assertThat(later.lookUpApproved()).isEqualTo(1);
        assertThat(alpha().submissions).containsExactly(List.of("101@contacts"));
        assertThat(later.tally().of(alpha).madeAfterReview).containsExactly(parked.id());
        assertThat(pendingAt(alpha)).isEmpty();
    }

    @Test
    void anApprovedLookupReplannedToAskLessFindsItsApprovalWhileABiggerOneGoesToReview() {
        policies.put(alpha, reviewSpending(List.of()));
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE").knows("Lee", "title", "CTO", null);
        alpha().knows("Kim", "email", "k@acme.com", "DELIVERABLE").knows("Kim", "title", "VP Sales", null);
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha),
                group("job", List.of("title"), null, alpha)), null, 5);
        run(waterfall, jobRun("replan")).enrich(List.of(person("1", "Lee"), person("2", "Kim", Map.of("title", "VP Sales"))));
        ReviewItem lees = pendingAt(alpha).stream().filter(item -> item.recordKey().equals("name:jo|lee|acme.com")).findFirst().orElseThrow();
        ReviewItem kims = pendingAt(alpha).stream().filter(item -> item.recordKey().equals("name:jo|kim|acme.com")).findFirst().orElseThrow();
        assertThat(lees.after()).containsEntry("fields", List.of("email", "title")).containsEntry("maxCredits", 2.0);
        assertThat(kims.after()).containsEntry("fields", List.of("email")).containsEntry("maxCredits", 1.0);
        approve(lees.id());
        approve(kims.id());

        // by the time the lookups are made, Lee has a title (typed in by hand) and Kim's was cleared: Lee's lookup asks less
        // than was approved and goes; Kim's asks more than was approved and waits for a review of its own
        JobRun next = jobRun("replan");
        Map<String, Enrichment> found = run(waterfall, next).enrich(List.of(person("1", "Lee", Map.of("title", "CTO")), person("2", "Kim")));

        assertThat(alpha().asked).containsOnlyKeys("1");
        assertThat(alpha().asked.get("1")).containsExactly(Set.of("email"));
        assertThat(found.get("1").values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).singleElement()
                .satisfies(entry -> assertThat(entry.rule()).isEqualTo("approved in review #" + lees.id() + " by ops"));
        assertThat(found.get("2").notes()).anySatisfy(note -> assertThat(note).contains("waiting for review #")
                .doesNotContain("#" + kims.id() + ";"));
        assertThat(carriedOutBy(kims.id())).isNull();
        assertThat(pendingAt(alpha)).singleElement().satisfies(item -> {
            assertThat(item.recordKey()).isEqualTo("name:jo|kim|acme.com");
            assertThat(item.after()).containsEntry("fields", List.of("email", "title"));
        });
    }

    @Test
    void aRecordsLookupAtAProviderUnderReviewIsOneItemAndOneApprovalThoughAGroupReachesItOnlyAfterAnotherProviderMissed() {
        policies.put(alpha, reviewSpending(List.of()));
        alpha().knows("Lee", "email", "lee@acme.com", "DELIVERABLE").knows("Lee", "title", "CTO", null);
        Waterfall waterfall = emailAtAlphaJobAtBetaThenAlpha();
        run(waterfall, jobRun("one-review")).enrich(List.of(person("1", "Lee"), person("2", "Kim")));

        // one item for Lee at alpha, asking what both groups want there: not one per group
        List<ReviewItem> lees = pendingAt(alpha).stream().filter(item -> item.recordKey().equals("name:jo|lee|acme.com")).toList();
        assertThat(lees).singleElement().satisfies(item -> assertThat(item.after())
                .containsEntry("groups", List.of("work-email", "job")).containsEntry("fields", List.of("email", "title"))
                .containsEntry("maxCredits", 2.0));
        approve(lees.get(0).id());

        // the next run makes Lee's lookup on that one approval, in one call; nothing about Lee is parked for a second review
        JobRun next = jobRun("one-review");
        Map<String, Enrichment> found = run(waterfall, next).enrich(List.of(person("1", "Lee"), person("2", "Kim")));

        assertThat(alpha().asked).containsOnly(Map.entry("1", List.of(Set.of("email", "title"))));
        assertThat(found.get("1").values()).containsKeys("email", "title");
        assertThat(pendingAt(alpha)).noneMatch(item -> item.recordKey().equals("name:jo|lee|acme.com"));
        assertThat(engine.bean(JournalStore.class).ofRun(next.id())).filteredOn(entry -> entry.connection().equals(alpha))
                .singleElement().satisfies(entry -> assertThat(entry.rule())
                        .isEqualTo("approved in review #" + lees.get(0).id() + " by ops"));
    }

    private JobRun sameJob(String job) {
        return engine.bean(RunStore.class).start(job, "hubspot", "contacts", "test");
    }

    private void approve(long review) {
        new GovernedActions(governance(), connection -> {
            throw new AssertionError("approving a lookup opens no connector; the next run makes it");
        }).approve(review, "ops", null);
    }

    @Test
    void aSpendCapHaltsTheRunBeforeTheCall() {
        policies.put(alpha, new PolicyConfig("auto", List.of(), List.of(new PolicyConfig.Cap("spend", 1, null))));
        WaterfallRun run = run(emailWaterfall(), jobRun("cap"));

        assertThatThrownBy(() -> run.enrich(List.of(person("1", "Lee"), person("2", "Ray"))))
                .isInstanceOf(WritesHaltedException.class).hasMessageContaining("perRun 1");
        assertThat(alpha().submissions).isEmpty();
    }

    @Test
    void theKillSwitchStopsSpendingBeforeAnyCall() {
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        JobRun job = jobRun("killed");
        WaterfallRun run = new WaterfallRun(emailWaterfall(), connection -> (Enricher) providers.get(connection), stores(),
                new GovernedCalls(governance(Map.of("MIDDLEMILE_KILL_SWITCH", "on")), job), job.id(), job.job(), CLOCK, duration -> { });

        assertThatThrownBy(() -> run.enrich(List.of(person("1", "Lee"))))
                .isInstanceOf(WritesHaltedException.class).hasMessageContaining("kill switch");
        assertThat(alpha().submissions).isEmpty();
        assertThat(engine.bean(JournalStore.class).ofRun(job.id())).isEmpty();
    }

    @Test
    void anAgentSpendsUnderItsOwnNameWithinTheRulesAndCapsForAgentsAndTheAgentsSwitchStopsOnlyAgents() {
        // agents may not spend at alpha; at beta an agent may make one lookup a day, whatever the jobs spent there
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("agent:*", "people", null, "spend", null, null, null,
                "deny")), List.of()));
        policies.put(beta, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("agent:*", null, null, "spend", null, null, null, "auto")),
                List.of(new PolicyConfig.Cap("agent:*", "spend", null, 1))));
        beta().knows("Ray", "email", "r@acme.com", "DELIVERABLE");
        beta().knows("Lee", "email", "b@acme.com", "DELIVERABLE");
        run(emailWaterfall(), jobRun("before-the-agent")).enrich(List.of(person("2", "Ray")));
        Actor agent = Actor.agent("hygiene-bot");
        GovernedActions actions = new GovernedActions(governance(), connection -> {
            throw new AssertionError("spending opens no target connection");
        });

        GovernedActions.Spent<Enrichment> spent = actions.spend(agent, "for the account plan",
                (run, spend) -> agentRun(run, spend).enrich(List.of(person("1", "Lee"))).get("1"));

        assertThat(alpha().submissions).as("only the job's lookup").containsExactly(List.of("2"));
        assertThat(spent.result().notes()).anySatisfy(note -> assertThat(note).contains(alpha + " not asked")
                .contains("policy denies spending").contains("actor=agent:*"));
        assertThat(spent.result().values().get("email").connection()).isEqualTo(beta);
        assertThat(engine.bean(JournalStore.class).ofRun(spent.runId())).singleElement().satisfies(entry -> {
            assertThat(entry.connection()).isEqualTo(beta);
            assertThat(entry.action()).isEqualTo("spend");
            assertThat(entry.actor()).isEqualTo("agent:hygiene-bot");
            assertThat(entry.reason()).isEqualTo("for the account plan");
        });

        // its second lookup today is over the agents' daily cap (the job's lookup there does not count): halted before the call
        assertThatThrownBy(() -> actions.spend(agent, "again", (run, spend) -> agentRun(run, spend).enrich(List.of(person("3", "Kim")))))
                .isInstanceOf(RunStoppedException.class).hasMessageContaining("perDay 1").hasMessageContaining("the cap for actor agent:*");
        assertThat(beta().submissions).hasSize(2);

        // the agents' own kill switch stops the agent and leaves the jobs spending
        Governance agentsStopped = governance(Map.of("MIDDLEMILE_AGENT_KILL_SWITCH", "on"));
        assertThatThrownBy(() -> new GovernedActions(agentsStopped, connection -> null).spend(Actor.agent("other-bot"), "x",
                (run, spend) -> agentRun(run, spend).enrich(List.of(person("4", "Ann")))))
                .isInstanceOf(RunStoppedException.class).hasMessageContaining("agents' kill switch");
        JobRun job = jobRun("agents-stopped");
        new WaterfallRun(emailWaterfall(), connection -> (Enricher) providers.get(connection), stores(), new GovernedCalls(agentsStopped, job),
                job.id(), job.job(), CLOCK, duration -> { }).enrich(List.of(person("5", "Lee")));
        assertThat(engine.bean(JournalStore.class).ofRun(job.id())).isNotEmpty();
    }

    @Test
    void aLookupParkedForAnAgentSaysTheAgentsNextEnrichRecordMakesItAndThatIsWhatMakesIt() {
        policies.put(alpha, new PolicyConfig("auto", List.of(new PolicyConfig.Rule("agent:*", "people", null, "spend", null, null, null,
                "review")), List.of()));
        alpha().knows("Lee", "email", "a@acme.com", "DELIVERABLE");
        Waterfall waterfall = waterfall(List.of(group("work-email", List.of("email"), null, alpha)), null, 5);
        Actor agent = Actor.agent("hygiene-bot");
        GovernedActions actions = new GovernedActions(governance(), connection -> {
            throw new AssertionError("spending opens no target connection");
        });
        GovernedActions.SpendWork<Enrichment> lookUpLee = (run, spend) -> new WaterfallRun(waterfall,
                connection -> (Enricher) providers.get(connection), stores(), spend, run.id(), run.job(), CLOCK, duration -> { })
                .enrich(List.of(person("1", "Lee"))).get("1");

        GovernedActions.Spent<Enrichment> waiting = actions.spend(agent, "for the account plan", lookUpLee);

        ReviewItem parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals(alpha)).findFirst().orElseThrow();
        assertThat(waiting.result().notes()).singleElement().asString().contains("After `middlemile review approve " + parked.id()
                + "` agent:hygiene-bot's next enrich_record of this record makes this lookup").doesNotContain("the next run");
        assertThat(alpha().submissions).isEmpty();

        // approved: no run of a job keeps or makes it; the agent's next call for the record does, under its name
        engine.bean(ReviewStore.class).decide(parked.id(), ReviewItem.Status.APPROVED, "ops", null, null);
        GovernedActions.Spent<Enrichment> made = actions.spend(agent, "for the account plan", lookUpLee);
        assertThat(made.result().values().get("email").found().value()).isEqualTo("a@acme.com");
        assertThat(engine.bean(JournalStore.class).ofRun(made.runId())).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo("agent:hygiene-bot");
            assertThat(entry.rule()).isEqualTo("approved in review #" + parked.id() + " by ops");
        });
    }

    private WaterfallRun agentRun(JobRun run, GovernedCalls spend) {
        return new WaterfallRun(emailWaterfall(), connection -> (Enricher) providers.get(connection), stores(), spend, run.id(), run.job(),
                CLOCK, duration -> { });
    }

    @Test
    void aPlanCountsTheCreditsItWouldSpendAndCallsNobody() {
        WaterfallRun plan = new WaterfallRun(emailWaterfall(), connection -> (Enricher) providers.get(connection), stores(), null,
                null, "plan", CLOCK, duration -> { });

        plan.enrich(List.of(person("1", "Lee"), person("2", "Ray")));

        assertThat(alpha().submissions).isEmpty();
        assertThat(plan.tally().of(alpha).lookups).isEqualTo(2);
        assertThat(plan.tally().of(alpha).credits).isEqualTo(2.0);
        assertThat(plan.tally().of(beta).lookups).isZero();
    }
}

package io.middlemile.govern;

import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Approvals given in review for spends and sends ({@link GovernedCalls}): a cap that stops an approved call leaves its
 * approval standing and says so; an approval is matched to its call by connection, object, record, action and what is
 * spent or sent; what a run gives back is only what it took.
 */
class GovernedCallsApprovalsTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger IDS = new AtomicInteger();

    private String connection;

    @BeforeEach
    void name() {
        // a connection of its own per test: daily caps and review items are shared by the whole database
        connection = "approved-" + IDS.incrementAndGet();
    }

    private static final PolicyConfig.Rule REVIEW_SPENDS = new PolicyConfig.Rule("people", null, "spend", null, null, null, "review");
    private static final PolicyConfig.Rule REVIEW_SENDS = new PolicyConfig.Rule("leads", null, "send", null, null, null, "review");

    private GovernedCalls calls(WriteAction action, List<PolicyConfig.Cap> caps) {
        PolicyConfig policy = new PolicyConfig("auto", List.of(REVIEW_SPENDS, REVIEW_SENDS), caps);
        ConnectorConfig config = new ConnectorConfig(connection, "memory", null, null, "http://unused", null,
                Map.of("people", new ObjectConfig(null, null, List.of("email")), "leads", new ObjectConfig(null, null, List.of("email"))),
                policy);
        JobRun run = engine.bean(RunStore.class).start("job-" + connection, "test", "test", "test");
        return new GovernedCalls(TestGovernance.over(engine, config), run, action);
    }

    private static Map<String, Object> spend(String waterfall, List<String> fields, double maxCredits) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("waterfall", waterfall);
        intent.put(GovernedCalls.Lookup.GROUPS, fields.stream().map(field -> field + "-group").toList());
        intent.put(GovernedCalls.Lookup.FIELDS, fields);
        intent.put(GovernedCalls.Lookup.MAX_CREDITS, maxCredits);
        return intent;
    }

    private static Map<String, Object> send(String text) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("send", "enrol");
        intent.put("to", "lee@acme.com");
        intent.put("destination", "campaign:c1");
        intent.put("text", text);
        return intent;
    }

    /** Parks the call through a run of its own and approves it as a person would. */
    private long approved(WriteAction action, String object, String key, Map<String, Object> intent) {
        GovernedCalls.Permit parked = calls(action, List.of()).intend(connection, object, List.of(new GovernedCalls.Lookup(key, intent)));
        long review = parked.review(key);
        assertThat(engine.bean(ReviewStore.class).decide(review, ReviewItem.Status.APPROVED, "ops", null, null)).isTrue();
        return review;
    }

    private Long carriedOutBy(long review) {
        return new JdbcTemplate(engine.bean(javax.sql.DataSource.class))
                .queryForObject("select applied_run_id from reviews where id = ?", Long.class, review);
    }

    private List<ReviewItem> pending() {
        return engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals(connection)).toList();
    }

    @Test
    void anApprovedSpendACapStopsKeepsItsApprovalSaysSoAndGoesWhenTheCapHasRoom() {
        Map<String, Object> intent = spend("w1", List.of("email"), 1.0);
        long review = approved(WriteAction.SPEND, "people", "email:lee@acme.com", intent);

        GovernedCalls capped = calls(WriteAction.SPEND, List.of(new PolicyConfig.Cap("spend", null, 0)));
        assertThatThrownBy(() -> capped.intend(connection, "people", List.of(new GovernedCalls.Lookup("email:lee@acme.com", intent))))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageContaining("Daily cap reached at " + connection)
                .hasMessageContaining("The lookup approved in review #" + review + " (email:lee@acme.com) was stopped by this cap, not made:"
                        + " its approval still stands");
        assertThat(carriedOutBy(review)).isNull();

        GovernedCalls roomy = calls(WriteAction.SPEND, List.of(new PolicyConfig.Cap("spend", null, 10)));
        GovernedCalls.Permit permit = roomy.intend(connection, "people", List.of(new GovernedCalls.Lookup("email:lee@acme.com", intent)));

        assertThat(permit.allowed("email:lee@acme.com")).isTrue();
        assertThat(permit.approvals()).containsEntry("email:lee@acme.com", review);
        assertThat(carriedOutBy(review)).isNotNull();
        assertThat(pending()).isEmpty();
        assertThat(engine.bean(JournalStore.class).ofRun(carriedOutBy(review))).singleElement()
                .extracting(JournalEntry::rule).isEqualTo("approved in review #" + review + " by ops");
    }

    @Test
    void anApprovedSendACapStopsKeepsItsApprovalLikewise() {
        long review = approved(WriteAction.SEND, "leads", "lee", send("hello"));

        GovernedCalls capped = calls(WriteAction.SEND, List.of(new PolicyConfig.Cap("send", 0, null)));
        assertThatThrownBy(() -> capped.intend(connection, "leads", List.of(new GovernedCalls.Lookup("lee", send("hello")))))
                .isInstanceOf(WritesHaltedException.class).hasMessageContaining("perRun 0")
                .hasMessageContaining("The send approved in review #" + review + " (lee) was stopped by this cap");
        assertThat(carriedOutBy(review)).isNull();

        GovernedCalls.Permit permit = calls(WriteAction.SEND, List.of()).intend(connection, "leads",
                List.of(new GovernedCalls.Lookup("lee", send("hello"))));
        assertThat(permit.approvals()).containsEntry("lee", review);
    }

    @Test
    void aSpendReplannedToAskLessFindsItsApprovalAndNoOtherSpendTakesIt() {
        long review = approved(WriteAction.SPEND, "people", "email:lee@acme.com", spend("w1", List.of("email", "title"), 2.0));

        // another record, another waterfall, or a bigger spend of the same record: each is a call of its own, for review
        GovernedCalls.Permit others = calls(WriteAction.SPEND, List.of()).intend(connection, "people", List.of(
                new GovernedCalls.Lookup("email:kim@acme.com", spend("w1", List.of("email", "title"), 2.0)),
                new GovernedCalls.Lookup("email:lee@acme.com", spend("w2", List.of("email"), 1.0))));
        GovernedCalls.Permit bigger = calls(WriteAction.SPEND, List.of()).intend(connection, "people", List.of(
                new GovernedCalls.Lookup("email:lee@acme.com", spend("w1", List.of("email", "title", "phone"), 3.0))));
        GovernedCalls.Permit dearer = calls(WriteAction.SPEND, List.of()).intend(connection, "people", List.of(
                new GovernedCalls.Lookup("email:lee@acme.com", spend("w1", List.of("email"), 5.0))));
        assertThat(others.entries()).isEmpty();
        assertThat(bigger.entries()).isEmpty();
        assertThat(dearer.entries()).isEmpty();
        assertThat(carriedOutBy(review)).isNull();
        assertThat(pending()).hasSize(4);

        // the same lookup made when the record lacks only its email: it asks less, within what the person approved
        GovernedCalls.Permit replanned = calls(WriteAction.SPEND, List.of()).intend(connection, "people", List.of(
                new GovernedCalls.Lookup("email:lee@acme.com", spend("w1", List.of("email"), 1.0))));
        assertThat(replanned.approvals()).containsEntry("email:lee@acme.com", review);
        assertThat(pending()).hasSize(4);
    }

    @Test
    void aSendIsCoveredOnlyByTheApprovalOfExactlyThatSend() {
        long review = approved(WriteAction.SEND, "leads", "lee", send("hello"));

        GovernedCalls.Permit other = calls(WriteAction.SEND, List.of()).intend(connection, "leads",
                List.of(new GovernedCalls.Lookup("lee", send("hello again"))));

        assertThat(other.entries()).isEmpty();
        assertThat(other.review("lee")).isNotEqualTo(review);
        assertThat(carriedOutBy(review)).isNull();
    }

    @Test
    void aRunGivesBackOnlyTheApprovalItTookForTheCallNotMade() {
        // the same send approved twice (two jobs met it, a person approved both)
        long first = approved(WriteAction.SEND, "leads", "lee", send("hello"));
        ReviewStore reviews = engine.bean(ReviewStore.class);
        JobRun other = engine.bean(RunStore.class).start("other-" + connection, "test", "test", "test");
        long second = reviews.park(new ReviewItem(0, other.id(), other.job(), connection, "leads", "lee", "send", null, send("hello"),
                "review", ReviewItem.Status.PENDING, null, null, null, null, null), java.time.Duration.ofDays(1));
        assertThat(reviews.decide(second, ReviewItem.Status.APPROVED, "ops", null, null)).isTrue();

        // one run takes both: the first for a send it makes, the second for one the provider puts off
        GovernedCalls run = calls(WriteAction.SEND, List.of());
        GovernedCalls.Permit sent = run.intend(connection, "leads", List.of(new GovernedCalls.Lookup("lee", send("hello"))));
        GovernedCalls.Permit putOff = run.intend(connection, "leads", List.of(new GovernedCalls.Lookup("lee", send("hello"))));
        assertThat(sent.approvals()).containsEntry("lee", first);
        assertThat(putOff.approvals()).containsEntry("lee", second);

        assertThat(run.giveBack(putOff, List.of("lee"))).isEqualTo(1);

        assertThat(carriedOutBy(second)).isNull();
        assertThat(carriedOutBy(first)).as("the send made keeps its approval used up").isNotNull();
    }
}

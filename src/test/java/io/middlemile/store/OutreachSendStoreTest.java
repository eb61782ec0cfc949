package io.middlemile.store;

import io.middlemile.store.OutreachSendStore.Entry;
import io.middlemile.store.OutreachSendStore.Status;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutreachSendStoreTest {

    @Test
    void aReplayedPageAddsNoSecondSentOrDeferredRowOfARecordButKeepsEveryOtherRow() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        long run = jdbc.queryForObject("insert into job_runs (job, source_connection, source_object, status, workspace_version, host,"
                + " kind) values ('enrol', 'hubspot', 'contacts', 'running', 'v1', 'laptop', 'run') returning id", Long.class);
        OutreachSendStore store = new OutreachSendStore(jdbc);

        assertThat(store.add(List.of(entry(run, "hubspot/contacts/1", Status.SENT), entry(run, "hubspot/contacts/2", Status.DEFERRED),
                entry(run, "hubspot/contacts/3", Status.SKIPPED)))).isEqualTo(3);
        // the same page again, after a crash before its commit was known, and a record sent once more on another channel
        Entry otherChannel = new Entry(0, "outbound", "enrol", run, "linkedin", "enrol", "unipile", "acct", "hubspot/contacts/1",
                "ann@acme.example", Status.SENT, null, null, null, Instant.parse("2026-12-04T10:00:00Z"), null, Map.of());
        assertThat(store.add(List.of(entry(run, "hubspot/contacts/1", Status.SENT), entry(run, "hubspot/contacts/2", Status.SENT),
                entry(run, "hubspot/contacts/3", Status.SKIPPED), otherChannel))).isEqualTo(2);

        assertThat(jdbc.queryForList("select record_key || ' ' || channel || ' ' || status from outreach_sends order by id", String.class))
                .containsExactly("hubspot/contacts/1 email sent", "hubspot/contacts/2 email deferred", "hubspot/contacts/3 email skipped",
                        "hubspot/contacts/3 email skipped", "hubspot/contacts/1 linkedin sent");
    }

    @Test
    void aParkedSendIsKeptOncePerRecordAndFoundOnceItsReviewIsDecided() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        long run = jdbc.queryForObject("insert into job_runs (job, source_connection, source_object, status, workspace_version, host,"
                + " kind) values ('enrol', 'hubspot', 'contacts', 'running', 'v1', 'laptop', 'run') returning id", Long.class);
        OutreachSendStore store = new OutreachSendStore(jdbc);
        ReviewStore reviews = new ReviewStore(jdbc);
        long first = reviews.park(review("ann@acme.example"), java.time.Duration.ofDays(1));
        long second = reviews.park(review("ann.new@acme.example"), java.time.Duration.ofDays(1));

        // the record read again while its first send waits, with a changed address: one parked row, the latest
        store.park(parked(run, first));
        store.park(parked(run, second));
        assertThat(jdbc.queryForList("select (send ->> 'review')::bigint from outreach_sends where status = 'awaiting'", Long.class))
                .containsExactly(second);
        assertThat(store.reviewed("outbound", 10)).as("nothing decided yet").isEmpty();

        reviews.decide(second, ReviewItem.Status.APPROVED, "ops@example.com", null, null);
        assertThat(store.reviewed("outbound", 10)).singleElement().satisfies(reviewed -> {
            assertThat(reviewed.review()).isEqualTo(second);
            assertThat(reviewed.decision()).isEqualTo(ReviewItem.Status.APPROVED);
            assertThat(reviewed.decidedBy()).isEqualTo("ops@example.com");
            assertThat(reviewed.carriedOutBy()).isNull();
            assertThat(reviewed.entry().recordKey()).isEqualTo("hubspot/contacts/1");
        });

        // the record read again and its send made there: the sent row takes the parked one's place, and a send the ledger
        // already has keeps its row (nothing is parked over it)
        assertThat(store.add(List.of(entry(run, "hubspot/contacts/1", Status.SENT), entry(run, "hubspot/contacts/1", Status.SENT))))
                .isEqualTo(1);
        store.park(parked(run, first));
        assertThat(jdbc.queryForList("select status from outreach_sends", String.class)).containsExactly("sent");
        assertThat(store.reviewed("outbound", 10)).isEmpty();
    }

    private static ReviewItem review(String to) {
        return new ReviewItem(0, 1, "enrol", "instantly", "leads", "hubspot/contacts/1", "send", null, Map.of("send", "enrol", "to", to),
                "review sends", ReviewItem.Status.PENDING, null, null, null, null, null);
    }

    private static Entry parked(long run, long review) {
        return new Entry(0, "outbound", "enrol", run, "email", "enrol", "instantly", null, "hubspot/contacts/1", "ann@acme.example",
                Status.AWAITING, null, null, null, null, null, Map.of("key", "hubspot/contacts/1", "kind", "ENROL", "review", review));
    }

    private static Entry entry(long run, String key, Status status) {
        return new Entry(0, "outbound", "enrol", run, "email", "enrol", "instantly", null, key, "ann@acme.example", status, null, null,
                status == Status.DEFERRED ? Instant.parse("2026-12-05T09:00:00Z") : null, Instant.parse("2026-12-04T10:00:00Z"), null,
                Map.of("email", "ann@acme.example"));
    }
}

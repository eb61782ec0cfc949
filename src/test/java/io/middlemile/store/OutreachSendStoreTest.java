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

    private static Entry entry(long run, String key, Status status) {
        return new Entry(0, "outbound", "enrol", run, "email", "enrol", "instantly", null, key, "ann@acme.example", status, null, null,
                status == Status.DEFERRED ? Instant.parse("2026-12-05T09:00:00Z") : null, Instant.parse("2026-12-04T10:00:00Z"), null,
                Map.of("email", "ann@acme.example"));
    }
}

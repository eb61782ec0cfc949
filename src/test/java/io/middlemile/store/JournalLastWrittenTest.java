package io.middlemile.store;

import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hub last wrote to a field, as the write path asks when a target holds another value than it expected: the newest
 * applied write that carried the field, whatever job made it, a created record found by the id the provider gave it.
 */
class JournalLastWrittenTest {

    @Test
    void theNewestAppliedWriteOfTheFieldAnswersNotAFailedOneOrAnEmptyingOne() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        long run = jdbc.queryForObject("insert into job_runs (job, source_connection, source_object, status, workspace_version, host,"
                + " kind) values ('import', 'crm', 'contacts', 'running', 'v1', 'laptop', 'run') returning id", Long.class);
        JournalStore journal = new JournalStore(jdbc.getDataSource(), jdbc);

        List<Long> ids = journal.intend(List.of(
                entry(run, "1", "update", Map.of("owner_email", "sue@example.com")),
                entry(run, "1", "update", Map.of("owner_email", "emil@example.com")),          // failed: not in the target
                entry(run, "2", "update", Map.of("owner_email", "sue@example.com")),
                entry(run, "2", "update", Map.of("lifecycle", "lead")),                     // another field only
                entry(run, "new:7f0c", "create", Map.of("owner_email", "raj@example.com")),  // became record 9
                entry(run, "3", "update", Map.of("owner_email", "sam@example.com")),
                entry(run, "3", "update", owner(null)),                                     // a rollback emptied it
                entry(run, "4", "update", Map.of("owner_email", "dora@example.com")),
                entry("other-crm", run, "5", Map.of("owner_email", "tom@example.com"))));
        journal.results(List.of(
                new JournalStore.EntryResult(ids.get(0), JournalEntry.Result.APPLIED, null),
                new JournalStore.EntryResult(ids.get(1), JournalEntry.Result.FAILED, "422"),
                new JournalStore.EntryResult(ids.get(2), JournalEntry.Result.APPLIED, null),
                new JournalStore.EntryResult(ids.get(3), JournalEntry.Result.APPLIED, null),
                new JournalStore.EntryResult(ids.get(4), JournalEntry.Result.APPLIED, null, "9"),
                new JournalStore.EntryResult(ids.get(5), JournalEntry.Result.APPLIED, null),
                new JournalStore.EntryResult(ids.get(6), JournalEntry.Result.APPLIED, null),
                // 4's write was intended only (the process died): nothing says it reached the target
                new JournalStore.EntryResult(ids.get(8), JournalEntry.Result.APPLIED, null)));

        assertThat(journal.lastWritten("crm", "contacts", "owner_email", List.of("1", "2", "9", "3", "4", "5", "6")))
                .containsOnly(Map.entry("1", "sue@example.com"), Map.entry("2", "sue@example.com"), Map.entry("9", "raj@example.com"));
        assertThat(journal.lastWritten("crm", "contacts", "owner_email", List.of())).isEmpty();
    }

    private static Map<String, Object> owner(String value) {
        Map<String, Object> after = new HashMap<>();
        after.put("owner_email", value);
        return after;
    }

    private static JournalEntry entry(long run, String key, String action, Map<String, Object> after) {
        return new JournalEntry(0, run, "import", "crm", "contacts", key, action, null, after, "allow", "policy.default allow", "v1",
                JournalEntry.Result.INTENT, null);
    }

    private static JournalEntry entry(String connection, long run, String key, Map<String, Object> after) {
        return new JournalEntry(0, run, "import", connection, "contacts", key, "update", null, after, "allow", "policy.default allow",
                "v1", JournalEntry.Result.INTENT, null);
    }
}

package io.middlemile.match;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.middlemile.connector.Providers;
import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.middlemile.match.IndexPeople.BOB_HUBSPOT;
import static io.middlemile.match.IndexPeople.BOB_LEGACY;
import static io.middlemile.match.IndexPeople.MARY;
import static io.middlemile.match.IndexPeople.RAJ;
import static io.middlemile.match.IndexPeople.candidates;
import static io.middlemile.match.IndexPeople.person;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engines over one state store, as two processes (or two nodes of a cluster): A serves lookups of the bundled rule
 * {@code contacts}; B runs a sync job that reports records seen and gone. A's background check brings B's changes into
 * the index A serves, without a restart or a new dedupe run.
 */
class MatchIndexesOtherProcessesTest {

    private static final CanonicalRecord ZELDA = person("hubspot-export", "77001", "Zelda", "Quartermaine", "zelda@quartzlabs.io");

    private Workspace workspace;
    private JdbcTemplate jdbc;
    private MatchIndexStore store;
    private DedupeRules rules;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    @BeforeEach
    void saveAnIndexOfFourRecords() {
        jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        store = new MatchIndexStore(jdbc.getDataSource(), jdbc);
        workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(TestWorkspaces.BUNDLED).orThrow();
        rules = DedupeRules.from(workspace.dedupe().get("contacts"));
        saveIndex(List.of(BOB_HUBSPOT, BOB_LEGACY, RAJ, MARY));
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(MatchIndexes.class);
        level = logger.getLevel();
        logger.setLevel(Level.INFO); // an engine started by another test in this JVM may have set it otherwise
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        Logger logger = (Logger) LoggerFactory.getLogger(MatchIndexes.class);
        logger.detachAppender(logged);
        logger.setLevel(level);
    }

    @Test
    void aRecordAnotherProcessSawOrSawGoneReachesTheServingIndexAtItsNextCheck() {
        MatchIndexes a = new MatchIndexes(workspace, store);
        assertThat(a.load("contacts")).isEqualTo(4);
        assertThat(candidates(a, "raj.kumar@globex.io", "Kumar")).containsExactly("51003");
        MatchIndexes b = new MatchIndexes(workspace, new MatchIndexStore(jdbc.getDataSource(), jdbc)); // `middlemile job run`

        b.seen(List.of(ZELDA));
        b.gone(List.of(RAJ.source()));

        assertThat(a.refresh("contacts")).isFalse(); // what A's background check does: no newer saved index, B's rows
        assertThat(candidates(a, "zelda@quartzlabs.io", "Quartermaine")).containsExactly("77001");
        assertThat(candidates(a, "raj.kumar@globex.io", "Kumar")).isEmpty();
        assertThat(candidates(a, "bob.mcdonald@acme.com", "McDonald")).containsExactlyInAnyOrder("51001", "1001");
        assertThat(a.load("contacts")).isEqualTo(4);

        // read again within the safety window at every check: nothing changes
        a.refresh("contacts");
        a.refresh("contacts");
        assertThat(a.load("contacts")).isEqualTo(4);
        assertThat(candidates(a, "zelda@quartzlabs.io", "Quartermaine")).containsExactly("77001");
        assertThat(candidates(a, "raj.kumar@globex.io", "Kumar")).isEmpty();

        // B reads Raj live again (restored from the recycle bin), and Zelda with her new address
        CanonicalRecord moved = person("hubspot-export", "77001", "Zelda", "Quartermaine", "zelda.q@quartzlabs.io");
        b.seen(List.of(RAJ, moved));
        a.refresh("contacts");
        assertThat(candidates(a, "raj.kumar@globex.io", "Kumar")).containsExactly("51003");
        assertThat(candidates(a, "zelda.q@quartzlabs.io", "Quartermaine")).containsExactly("77001");
        assertThat(candidates(a, "zelda@quartzlabs.io", "Quartermaine")).isEmpty(); // replaced, not beside her old copy
        assertThat(a.load("contacts")).isEqualTo(5);
    }

    @Test
    void aLookupsOwnBackgroundCheckBringsThemInAndNeverFailsTheLookup() throws Exception {
        MatchIndexes a = new MatchIndexes(workspace, store, Duration.ZERO); // every lookup checks (in the background)
        a.load("contacts");
        MatchIndexes b = new MatchIndexes(workspace, new MatchIndexStore(jdbc.getDataSource(), jdbc));

        b.seen(List.of(ZELDA));
        b.gone(List.of(RAJ.source()));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(candidates(a, "zelda@quartzlabs.io", "Quartermaine").contains("77001")
                && candidates(a, "raj.kumar@globex.io", "Kumar").isEmpty())) {
            assertThat(System.nanoTime()).as("A's background check did not bring B's records in within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        a.close();
    }

    @Test
    void ownUpdatesReadBackAreHarmless() {
        MatchIndexes a = new MatchIndexes(workspace, store);
        a.load("contacts");

        a.seen(List.of(ZELDA));
        a.gone(List.of(RAJ.source()));
        a.refresh("contacts");
        a.refresh("contacts");

        assertThat(a.load("contacts")).isEqualTo(4);
        assertThat(candidates(a, "zelda@quartzlabs.io", "Quartermaine")).containsExactly("77001");
        assertThat(candidates(a, "raj.kumar@globex.io", "Kumar")).isEmpty();
    }

    @Test
    void aRowCommittedLateWithAnEarlierClockIsPickedUpInsideTheWindow() {
        MatchIndexes a = new MatchIndexes(workspace, store);
        a.load("contacts");
        MatchIndexes b = new MatchIndexes(workspace, new MatchIndexStore(jdbc.getDataSource(), jdbc));
        b.seen(List.of(ZELDA));
        a.refresh("contacts"); // A has read up to Zelda's row

        // a long transaction that began 20 s ago commits now: its row's updated_at is behind what A has read
        jdbc.update("insert into match_index_record (rule, connection, object, source_id, fields, updated_at)"
                + " values ('contacts', 'legacy-crm-export', 'contacts', '1002', 'null'::jsonb, now() - interval '20 seconds')"
                + " on conflict (rule, connection, object, source_id) do update set fields = excluded.fields,"
                + " updated_at = excluded.updated_at");
        assertThat(candidates(a, "mary.major@initech.com", "Major")).containsExactly("1002");

        a.refresh("contacts");

        assertThat(candidates(a, "mary.major@initech.com", "Major")).isEmpty();
        assertThat(candidates(a, "zelda@quartzlabs.io", "Quartermaine")).containsExactly("77001");
    }

    @Test
    void aSwapToANewerIndexKeepsWhatWasWrittenWhileItLoaded() {
        MatchIndexes b = new MatchIndexes(workspace, new MatchIndexStore(jdbc.getDataSource(), jdbc));
        CanonicalRecord wilhelmina = person("hubspot-export", "77002", "Wilhelmina", "Oduya", "wilhelmina@ferrisworks.io");
        MatchIndexes[] a = new MatchIndexes[1];
        boolean[] armed = {false};
        // after the newer index has been read, before it is swapped in: B's job and A's own job write
        MatchIndexStore hooked = new MatchIndexStore(jdbc.getDataSource(), jdbc) {
            @Override
            public void forEach(String rule, boolean standardized, Consumer<IndexRecord> sink) {
                super.forEach(rule, standardized, sink);
                if (armed[0]) {
                    armed[0] = false;
                    b.seen(List.of(ZELDA));
                    b.gone(List.of(RAJ.source()));
                    a[0].seen(List.of(wilhelmina));
                }
            }
        };
        a[0] = new MatchIndexes(workspace, hooked);
        a[0].load("contacts");
        saveIndex(List.of(BOB_HUBSPOT, BOB_LEGACY, RAJ, MARY, person("legacy-crm-export", "2001", "Ulrike", "Nakamura-Voss",
                "ulrike@tidewater.io")));
        armed[0] = true;

        assertThat(a[0].refresh("contacts")).isTrue();
        a[0].refresh("contacts"); // the next check, had the swap not caught up yet

        assertThat(candidates(a[0], "ulrike@tidewater.io", "Nakamura-Voss")).containsExactly("2001");
        assertThat(candidates(a[0], "zelda@quartzlabs.io", "Quartermaine")).containsExactly("77001");
        assertThat(candidates(a[0], "wilhelmina@ferrisworks.io", "Oduya")).containsExactly("77002");
        assertThat(candidates(a[0], "raj.kumar@globex.io", "Kumar")).isEmpty();
        assertThat(a[0].load("contacts")).isEqualTo(6);
    }

    @Test
    void aFailedReadIsLoggedOnceForOpsAndLookupsKeepAnswering() {
        boolean[] failing = {true};
        MatchIndexStore flaky = new MatchIndexStore(jdbc.getDataSource(), jdbc) {
            @Override
            public void forEachSyncedSince(String rule, Instant since, Consumer<SyncedRecord> sink) {
                if (failing[0]) {
                    throw new IllegalStateException("Connection to localhost:5432 refused");
                }
                super.forEachSyncedSince(rule, since, sink);
            }
        };
        MatchIndexes a = new MatchIndexes(workspace, flaky);
        a.load("contacts");
        new MatchIndexes(workspace, new MatchIndexStore(jdbc.getDataSource(), jdbc)).seen(List.of(ZELDA));

        a.refresh("contacts");
        a.refresh("contacts");

        assertThat(candidates(a, "bob.mcdonald@acme.com", "McDonald")).containsExactlyInAnyOrder("51001", "1001");
        assertThat(candidates(a, "zelda@quartzlabs.io", "Quartermaine")).isEmpty();
        List<String> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("rule contacts").contains("Connection to localhost:5432 refused")
                .contains("other processes").contains("answers from the index as it is");

        failing[0] = false;
        a.refresh("contacts");
        assertThat(candidates(a, "zelda@quartzlabs.io", "Quartermaine")).containsExactly("77001");
        assertThat(logged.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage))
                .anyMatch(m -> m.contains("rule contacts") && m.contains("again"));
    }

    @Test
    void readingWhatChangedSinceCostsTheRowsChangedNotTheRulesSize() {
        // a large rule: 50,000 rows synced over the last day, one a second until now
        Instant now = store.now();
        jdbc.update("insert into match_index_record (rule, connection, object, source_id, fields, updated_at)"
                + " select 'contacts', 'hubspot-export', 'contacts', 'h' || n, '{}'::jsonb, ?::timestamptz - n * interval '1 second'"
                + " from generate_series(1, 50000) n", java.sql.Timestamp.from(now));
        jdbc.execute("analyze match_index_record");

        String plan = String.join("\n", jdbc.queryForList("explain select connection, object, source_id, fields::text"
                + " from match_index_record where rule = 'contacts' and updated_at > now() - interval '70 seconds'"
                + " order by updated_at", String.class));

        assertThat(plan).contains("match_index_record_changed_idx").doesNotContain("Seq Scan").doesNotContain("Sort");
        List<String> read = new java.util.ArrayList<>();
        store.forEachSyncedSince("contacts", now.minusMillis(69_500), row -> read.add(row.record().ref().sourceId()));
        assertThat(read).hasSize(69).startsWith("h69").endsWith("h1");
    }

    private void saveIndex(List<CanonicalRecord> records) {
        // as `middlemile dedupe contacts` saves it: parts with standardized values
        try (IndexBuild build = new IndexBuild(store, "contacts", rules)) {
            DedupeResult result = new DedupeEngine(rules).run(records.iterator(), build);
            build.commit(result);
        }
    }
}

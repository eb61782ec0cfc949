package io.middlemile.store;

import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupeRunStoreTest {

    private static final int KEEP = io.middlemile.workspace.DedupeConfig.DEFAULT_KEEP_RUNS;

    @Test
    void itemsAreKeptPackedAndReadBackAsWrittenPageByPageBesideRunsSavedAsText() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        DedupeRunStore store = migratedStore(jdbc);
        List<String> clusters = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // what COPY's text format escapes, and what UTF-8 takes more than a byte for
            clusters.add("{\"clusterId\":\"" + i + "\",\"master\":{\"connection\":\"hubspot-export\",\"sourceId\":\"hu-" + i
                    + "\"},\"fields\":[{\"field\":\"lastName\",\"values\":[\"Müller-Łukasz 李\"]},{\"field\":\"note\",\"values\":"
                    + "[\"a\\\\b\\tc\\nd\"]}]}");
        }
        List<String> reviews = List.of("{\"left\":\"a\",\"right\":\"b\"}", "{}");

        long run = store.save("contacts", "v1", 600, "{\"records\":600}", utf8(clusters), utf8(reviews), KEEP);

        assertThat(store.items(run, DedupeRunStore.CLUSTER, 0, 1000)).containsExactlyElementsOf(clusters);
        assertThat(store.items(run, DedupeRunStore.CLUSTER, 120, 3)).containsExactly(clusters.get(120), clusters.get(121), clusters.get(122));
        assertThat(store.items(run, DedupeRunStore.REVIEW, 0, 10)).containsExactlyElementsOf(reviews);
        Map<String, Object> stored = jdbc.queryForMap("select count(*) filter (where item is null) as packed_rows,"
                + " sum(octet_length(packed)) as packed_bytes from dedupe_run_items where run_id = ? and kind = 'cluster'", run);
        assertThat(stored.get("packed_rows")).isEqualTo(300L);
        long textBytes = clusters.stream().mapToLong(c -> c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        assertThat(((Number) stored.get("packed_bytes")).longValue()).isLessThan(textBytes);

        // a run saved before items were packed keeps its text and reads as before
        long old = jdbc.queryForObject("insert into dedupe_runs (rule, records, clusters, reviews, stats) values ('contacts', 2, 1, 0,"
                + " '{}'::jsonb) returning id", Long.class);
        jdbc.update("insert into dedupe_run_items (run_id, kind, position, item) values (?, 'cluster', 0, '{\"clusterId\":\"1\"}')", old);
        assertThat(store.items(old, DedupeRunStore.CLUSTER, 0, 10)).containsExactly("{\"clusterId\":\"1\"}");
        // a row has one form or the other
        assertThatThrownBy(() -> jdbc.update("insert into dedupe_run_items (run_id, kind, position) values (?, 'cluster', 1)", old))
                .hasMessageContaining("dedupe_run_items_one_form");
    }

    @Test
    void aRuleKeepsItsNewestRunsAndTheOlderOnesGoWithTheirItems() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        DedupeRunStore store = migratedStore(jdbc);
        long companies = store.save("companies", "v1", 2, "{}", utf8(List.of("{\"clusterId\":\"c\"}")), List.of(), KEEP);
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < KEEP + 2; i++) {
            runs.add(store.save("contacts", "v" + i, 2, "{}", utf8(List.of("{\"clusterId\":\"" + i + "\"}")), utf8(List.of("{}")), KEEP));
        }

        List<Long> kept = new ArrayList<>(runs.subList(2, runs.size()));
        java.util.Collections.reverse(kept);
        assertThat(store.runs("contacts", 100)).extracting(DedupeRunStore.DedupeRun::id).containsExactlyElementsOf(kept);
        assertThat(store.run(runs.get(0))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from dedupe_run_items where run_id in (?, ?)", Long.class,
                runs.get(0), runs.get(1))).as("the dropped runs' items went with them").isZero();
        assertThat(store.items(runs.get(2), DedupeRunStore.CLUSTER, 0, 10)).containsExactly("{\"clusterId\":\"2\"}");
        assertThat(store.items(companies, DedupeRunStore.CLUSTER, 0, 10)).as("another rule's runs stay")
                .containsExactly("{\"clusterId\":\"c\"}");

        // the rule's file lowers keepRuns to 3: the next run leaves the newest 3, itself among them
        long latest = store.save("contacts", "v-last", 2, "{}", utf8(List.of("{}")), List.of(), 3);
        assertThat(store.runs("contacts", 100)).extracting(DedupeRunStore.DedupeRun::id)
                .containsExactly(latest, runs.get(runs.size() - 1), runs.get(runs.size() - 2));
        assertThat(jdbc.queryForObject("select count(distinct run_id) from dedupe_run_items where run_id <> ?", Long.class, companies))
                .isEqualTo(3L);
        assertThat(store.runs("companies", 100)).hasSize(1);
    }

    @Test
    void theRunsARuleDropsGiveTheirSpaceToTheRunsAfterThem() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        DedupeRunStore store = migratedStore(jdbc);
        java.util.Random random = new java.util.Random(7);
        long[] sizes = new long[2 * KEEP + 1];
        for (int i = 0; i < sizes.length; i++) {
            List<String> clusters = new ArrayList<>();
            for (int c = 0; c < 500; c++) {
                // items that do not pack small, so that a run takes a few hundred kilobytes
                StringBuilder item = new StringBuilder("{\"clusterId\":\"" + c + "\",\"master\":\"");
                for (int k = 0; k < 20; k++) {
                    item.append(Long.toHexString(random.nextLong()));
                }
                clusters.add(item.append("\"}").toString());
            }
            store.save("contacts", "v" + i, 1000, "{}", utf8(clusters), List.of(), KEEP);
            sizes[i] = jdbc.queryForObject("select pg_total_relation_size('dedupe_run_items')", Long.class);
        }

        assertThat(store.runs("contacts", 100)).hasSize(KEEP);
        // once the first run is dropped, each run takes the place of the one it drops instead of growing the table
        long full = sizes[KEEP];
        assertThat(full).isGreaterThan(KEEP * 100_000L);
        assertThat(sizes[sizes.length - 1]).as("sizes after each save: %s", java.util.Arrays.toString(sizes))
                .isLessThan(full + full / 5);
    }

    @Test
    void aRunOfManyMegabytesOfItemsIsCopiedWhole() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        DedupeRunStore store = migratedStore(jdbc);
        // random text packs to about its own size: 6,000 items of 1 KB are several chunks of the COPY
        java.util.Random random = new java.util.Random(7);
        List<String> clusters = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            StringBuilder text = new StringBuilder("{\"clusterId\":\"" + i + "\",\"noise\":\"");
            for (int c = 0; c < 1000; c++) {
                text.append((char) ('!' + random.nextInt(90)));
            }
            clusters.add(text.append("\"}").toString());
        }
        List<String> reviews = clusters.subList(0, 3);

        long run = store.save("contacts", "v1", 6_000, "{}", utf8(clusters), utf8(reviews), KEEP);

        assertThat(jdbc.queryForObject("select sum(octet_length(packed)) from dedupe_run_items where run_id = ?", Long.class, run))
                .isGreaterThan(4L << 20);
        assertThat(store.items(run, DedupeRunStore.CLUSTER, 0, 10_000)).containsExactlyElementsOf(clusters);
        assertThat(store.items(run, DedupeRunStore.REVIEW, 0, 10)).containsExactlyElementsOf(reviews);
        assertThat(store.items(run, DedupeRunStore.CLUSTER, 5_998, 10)).containsExactly(clusters.get(5_998), clusters.get(5_999));
    }

    /** The items as {@code DedupeRunStore.save} takes them: JSON texts in UTF-8. */
    private static List<byte[]> utf8(List<String> texts) {
        return texts.stream().map(text -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    /** The store on {@code jdbc}'s database, migrated. */
    private static DedupeRunStore migratedStore(JdbcTemplate jdbc) {
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        return new DedupeRunStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())));
    }
}

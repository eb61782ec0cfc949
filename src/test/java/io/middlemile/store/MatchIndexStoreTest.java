package io.middlemile.store;

import io.middlemile.model.SourceRef;
import io.middlemile.store.MatchIndexStore.IndexRecord;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchIndexStoreTest {

    @Test
    void aPartLineGivesBackEveryFieldAndStandardizedValueWhateverTheyHold() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", "bob@acme.com");
        fields.put("title", "VP\tSales\nEMEA");
        fields.put("note", "a\\b \\N");
        fields.put("empty", "");
        String[] standardized = {"bob@acme.com", null, "", "say \"hi\"", "a\\b", "{x,y}", "\\N", "line\r\nbreak"};
        IndexRecord record = new IndexRecord(new SourceRef("hub\tspot", "contacts", "1\\2"), fields, standardized);

        String line = line(record);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");

        IndexRecord asStandardized = MatchIndexStore.Part.read(line, true);
        assertThat(asStandardized.ref()).isEqualTo(record.ref());
        assertThat(asStandardized.standardized()).containsExactly(standardized);
        assertThat(asStandardized.fields()).isNull();

        IndexRecord asFields = MatchIndexStore.Part.read(line, false);
        assertThat(asFields.fields()).containsExactlyEntriesOf(fields);
        assertThat(asFields.standardized()).isNull();
    }

    @Test
    void aRecordWithoutStandardizedValuesComesWithItsFields() {
        IndexRecord record = new IndexRecord(new SourceRef("hubspot", "contacts", "7"), Map.of("email", "ann@acme.com"));

        IndexRecord read = MatchIndexStore.Part.read(line(record), true);

        assertThat(read.fields()).containsExactlyEntriesOf(Map.of("email", "ann@acme.com"));
        assertThat(read.standardized()).isNull();
    }

    @Test
    void aRebuildStartedBeforeItsStoreKeepsWhatItWasGivenUntilAttachedAndReplacesTheIndexOnlyWhenCommitted() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        MatchIndexStore store = storeIndexingRecordZero(jdbc);

        // 20,000 records make several parts of a megabyte: most are made before the store is there
        try (MatchIndexStore.Rebuild later = MatchIndexStore.rebuild("contacts", "person")) {
            for (int i = 1; i <= 12_000; i++) {
                add(later, record(i));
            }
            assertThat(ids(store)).as("the index in use until the commit").containsExactly("0");
            later.attach(store);
            for (int i = 12_001; i <= 20_000; i++) {
                add(later, record(i));
            }
            assertThat(ids(store)).containsExactly("0");
            later.commit("email/email", "{}", Map.of(), "1;email;");
        }
        List<String> ids = ids(store);
        assertThat(ids).hasSize(20_000).doesNotContain("0");
        assertThat(ids.get(0)).isEqualTo("1");
        assertThat(ids.get(19_999)).isEqualTo("20000");
        assertThat(jdbc.queryForObject("select count(*) from match_index_part where rule = 'contacts'", Integer.class))
                .isGreaterThan(2);
        List<IndexRecord> fields = new ArrayList<>();
        store.forEach("contacts", false, record -> {
            if (record.ref().sourceId().equals("7000")) {
                fields.add(record);
            }
        });
        assertThat(fields).singleElement().satisfies(r -> assertThat(r.fields()).isEqualTo(record(7000).fields()));

        // parts are saved packed; a part an earlier version saved as text is read as it is
        assertThat(jdbc.queryForObject("select count(*) from match_index_part where rule = 'contacts' and records is null",
                Integer.class)).isEqualTo(jdbc.queryForObject("select count(*) from match_index_part where rule = 'contacts'",
                Integer.class));
        jdbc.update("insert into match_index_part (rule, part, records) values ('contacts', 999, ?)", line(record(30_000)));
        assertThat(ids(store)).hasSize(20_001).endsWith("30000");
        jdbc.update("delete from match_index_part where rule = 'contacts' and part = 999");

        // a damaged part says where and what to do, not an index error from deep inside
        jdbc.update("update match_index_part set packed = substring(packed from 1 for length(packed) - 9) where"
                + " rule = 'contacts' and part = 1");
        assertThatThrownBy(() -> ids(store)).hasMessageContaining("Part 1 of the match index of rule contacts")
                .hasMessageContaining("run `middlemile dedupe contacts`");
        jdbc.update("delete from match_index_part where rule = 'contacts' and part = 1");
        jdbc.update("insert into match_index_part (rule, part, records) values ('contacts', 1, ?)",
                String.join("\n", java.util.stream.IntStream.rangeClosed(1, 3).mapToObj(i -> line(record(i))).toList())
                        + "\nhubspot\tcontacts\tx\tthree");
        assertThatThrownBy(() -> ids(store)).hasMessageContaining("Part 1 of the match index of rule contacts")
                .hasMessageContaining("holds a line that cannot be read");
        jdbc.update("delete from match_index_part where rule = 'contacts'");
        assertThat(ids(store)).isEmpty();

        // given up before it was attached: nothing reached the store
        try (MatchIndexStore.Rebuild abandoned = MatchIndexStore.rebuild("contacts", "person")) {
            add(abandoned, record(99_999));
        }
        assertThat(ids(store)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from match_index where rule = 'contacts'", Integer.class)).isOne();
    }

    @Test
    void aLoadReadsOneSnapshotSoARecordASyncWritesMeanwhileComesOnce() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        MatchIndexStore store = storeIndexingRecordZero(jdbc);
        try (MatchIndexStore.Rebuild rebuild = MatchIndexStore.rebuild("contacts", "person")) {
            rebuild.attach(store);
            for (int i = 1; i <= 3; i++) {
                add(rebuild, record(i));
            }
            rebuild.commit("email/email", "{}", Map.of(), "1;email;");
        }
        List<String> read = new ArrayList<>();
        store.forEach("contacts", true, record -> {
            if (read.isEmpty()) {
                // a sync writes record 2 while the load is under way (another connection, committed at once)
                store.upsert("contacts", List.of(new IndexRecord(record(2).ref(), Map.of("email", "two@acme.example"))));
            }
            read.add(record.ref().sourceId());
        });

        assertThat(read).as("the load as the store stood when it began").containsExactly("1", "2", "3");
        assertThat(ids(store)).as("the next load has the sync's record 2, once").containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void aPartTheStoreRefusesFailsTheRebuildOnTheAddingThreadAndLeavesThePreviousIndex() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        MatchIndexStore store = storeIndexingRecordZero(jdbc);
        // parts of a megabyte are stored on the rebuild's writer thread: its failure must reach the thread adding records
        jdbc.execute("alter table match_index_part add constraint small_parts check (octet_length(packed) < 20000)");

        try (MatchIndexStore.Rebuild refused = MatchIndexStore.rebuild("contacts", "person")) {
            refused.attach(store);
            assertThatThrownBy(() -> {
                for (int i = 1; i <= 20_000; i++) {
                    add(refused, record(i));
                }
                refused.commit("email/email", "{}", Map.of(), "1;email;");
            }).hasMessageContaining("Could not save the match index of rule contacts").hasMessageContaining("small_parts");
        }

        assertThat(ids(store)).as("the previous index stays").containsExactly("0");
    }

    @Test
    void eachRebuildReusesTheSpaceOfTheIndexItReplaced() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        MatchIndexStore store = storeIndexingRecordZero(jdbc);
        long[] sizes = new long[6];
        for (int generation = 0; generation < sizes.length; generation++) {
            try (MatchIndexStore.Rebuild rebuild = MatchIndexStore.rebuild("contacts", "person")) {
                rebuild.attach(store);
                java.util.Random random = new java.util.Random(generation);
                for (int i = 1; i <= 20_000; i++) {
                    // values that do not pack small, so that an index takes megabytes
                    add(rebuild, new IndexRecord(new SourceRef("hubspot", "contacts", Integer.toString(i)),
                            Map.of("email", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()))));
                }
                rebuild.commit("email/email", "{}", Map.of(), "1;email;");
            }
            sizes[generation] = jdbc.queryForObject("select pg_total_relation_size('match_index_part')", Long.class);
        }

        assertThat(ids(store)).hasSize(20_000);
        // the second rebuild wrote beside the first, which was alive until its commit; later ones reuse what went
        assertThat(sizes[0]).isGreaterThan(500_000);
        assertThat(sizes[5]).as("sizes after each rebuild: %s", java.util.Arrays.toString(sizes))
                .isLessThan(sizes[1] + sizes[0] / 2);
    }

    /** A fresh store whose contacts index holds record 0. */
    private static MatchIndexStore storeIndexingRecordZero(JdbcTemplate jdbc) {
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        MatchIndexStore store = new MatchIndexStore(jdbc.getDataSource(), jdbc);
        try (MatchIndexStore.Rebuild first = MatchIndexStore.rebuild("contacts", "person")) {
            first.attach(store);
            add(first, record(0));
            first.commit("email/email", "{}", Map.of(), "1;email;");
        }
        return store;
    }

    private static void add(MatchIndexStore.Rebuild rebuild, IndexRecord record) {
        rebuild.addLine(MatchIndexStore.line(record.ref(), List.copyOf(record.fields().keySet()),
                record.fields().values().toArray(String[]::new), record.standardized()));
    }

    private static IndexRecord record(int i) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", "person" + i + "@acme-industries-international.example");
        fields.put("firstName", i % 1000 == 0 ? "Żaneta 🚀 " + i : "Firstname" + i); // some beyond Latin-1
        fields.put("lastName", "Lastname" + i);
        fields.put("companyName", "Acme Industries International");
        return new IndexRecord(new SourceRef("hubspot", "contacts", Integer.toString(i)), fields,
                new String[] {"person" + i + "@acme-industries-international.example", "firstname" + i, "lastname" + i,
                    "acme industries international", "1700000000000", "1700000000000", "4"});
    }

    private static List<String> ids(MatchIndexStore store) {
        List<String> ids = new ArrayList<>();
        store.forEach("contacts", true, record -> ids.add(record.ref().sourceId()));
        return ids;
    }

    private static String line(IndexRecord record) {
        CopyText part = new CopyText();
        MatchIndexStore.Part.write(part, record.ref(), List.copyOf(record.fields().keySet()),
                record.fields().values().toArray(String[]::new), record.standardized());
        String text = new String(part.take(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return text.substring(0, text.length() - 1);
    }
}

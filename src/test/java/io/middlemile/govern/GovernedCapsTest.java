package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
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
 * A cap in {@code policy.caps} halts archives and merges exactly as it halts creates: per run and
 * per day, before the write that would go over it is journaled or made.
 */
class GovernedCapsTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private MemoryTarget target;
    private String connection;

    @BeforeEach
    void setUp() {
        target = new MemoryTarget();
        // a connection of its own per test: daily caps count every run of the day at a connection
        connection = "capped-" + CONNECTIONS.incrementAndGet();
        for (String key : List.of("c1", "c2", "c3", "c4")) {
            target.rows.put(key, new LinkedHashMap<>(Map.of("id", key, "stage", "lead")));
        }
    }

    private GovernedWrites writer(PolicyConfig.Cap cap) {
        ConnectorConfig config = new ConnectorConfig(connection, "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "stage"))),
                new PolicyConfig("auto", List.of(), List.of(cap)));
        JobRun run = engine.bean(RunStore.class).start("job-" + connection + "-" + CONNECTIONS.incrementAndGet(), "test", "test", "test");
        return TestGovernance.over(engine, config).open(run, name -> target, GovernedWrites.Mode.EXECUTE, false);
    }

    private List<WriteOutcome> archive(GovernedWrites writes, String... keys) {
        return writes.archive(connection, "contacts", List.of(keys), new SourceRef("test", "contacts", "deleted"));
    }

    private List<WriteOutcome> merge(GovernedWrites writes, String duplicate) {
        return writes.merge(connection, "contacts", "c1", List.of(duplicate), 0.99);
    }

    private List<WriteOutcome> create(GovernedWrites writes, String... keys) {
        return writes.write(connection, "contacts", java.util.Arrays.stream(keys)
                .map(key -> new TargetRecord("contacts", key, Map.of("id", key, "stage", "lead"), new SourceRef("test", "contacts", key)))
                .toList());
    }

    private long journaled(String action) {
        Long count = new JdbcTemplate(engine.bean(javax.sql.DataSource.class))
                .queryForObject("select count(*) from journal where connection = ? and action = ?", Long.class, connection, action);
        return count == null ? 0 : count;
    }

    // ------------------------------------------------------------------ per run

    @Test
    void aPerRunCapHaltsCreates() {
        GovernedWrites writes = writer(new PolicyConfig.Cap("create", 2, null));
        assertThat(create(writes, "n1", "n2")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);

        assertThatThrownBy(() -> create(writes, "n3"))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageStartingWith("Cap reached at " + connection + ": this run already made 2 create writes and the next page has"
                        + " 1 more, over perRun 2 (connectors/" + connection + ".yaml policy.caps).");
        assertThat(target.rows).doesNotContainKey("n3");
        assertThat(journaled("create")).isEqualTo(2);
    }

    @Test
    void aPerRunCapHaltsArchivesAsItHaltsCreates() {
        GovernedWrites writes = writer(new PolicyConfig.Cap("archive", 2, null));
        assertThat(archive(writes, "c1")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(archive(writes, "c2")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);

        assertThatThrownBy(() -> archive(writes, "c3"))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageStartingWith("Cap reached at " + connection + ": this run already made 2 archive writes and 1 more was asked"
                        + " for, over perRun 2 (connectors/" + connection + ".yaml policy.caps). It was not made.");
        assertThat(target.rows).containsOnlyKeys("c3", "c4");
        assertThat(journaled("archive")).isEqualTo(2);
    }

    @Test
    void aBatchOfArchivesThatWouldGoOverThePerRunCapArchivesNothing() {
        GovernedWrites writes = writer(new PolicyConfig.Cap("archive", 2, null));

        assertThatThrownBy(() -> archive(writes, "c1", "c2", "c3"))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageContaining("this run already made 0 archive writes and 3 more were asked for, over perRun 2")
                .hasMessageContaining("None of them was made");
        assertThat(target.rows).containsOnlyKeys("c1", "c2", "c3", "c4");
        assertThat(journaled("archive")).isZero();
    }

    @Test
    void aPerRunCapHaltsMergesAsItHaltsCreates() {
        GovernedWrites writes = writer(new PolicyConfig.Cap("merge", 2, null));
        assertThat(merge(writes, "c2")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(merge(writes, "c3")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);

        assertThatThrownBy(() -> merge(writes, "c4"))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageStartingWith("Cap reached at " + connection + ": this run already made 2 merge writes and 1 more was asked"
                        + " for, over perRun 2 (connectors/" + connection + ".yaml policy.caps). It was not made.");
        assertThat(target.rows).containsOnlyKeys("c1", "c4");
        assertThat(journaled("merge")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ per day

    @Test
    void aDailyCapCountsArchivesOfEveryRunThatDay() {
        GovernedWrites first = writer(new PolicyConfig.Cap("archive", null, 2));
        assertThat(archive(first, "c1", "c2")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);

        GovernedWrites later = writer(new PolicyConfig.Cap("archive", null, 2));
        assertThatThrownBy(() -> archive(later, "c3"))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageStartingWith("Daily cap reached at " + connection + ": 2 archive writes today and 1 more was asked for,"
                        + " over perDay 2 (connectors/" + connection + ".yaml policy.caps). It was not made; run it again tomorrow (UTC)"
                        + " or raise the cap.");
        assertThat(target.rows).containsOnlyKeys("c3", "c4");
        assertThat(journaled("archive")).isEqualTo(2);
    }

    @Test
    void aDailyCapCountsMergesOfEveryRunThatDay() {
        GovernedWrites first = writer(new PolicyConfig.Cap("merge", null, 1));
        assertThat(merge(first, "c2")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);

        GovernedWrites later = writer(new PolicyConfig.Cap("merge", null, 1));
        assertThatThrownBy(() -> merge(later, "c3"))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageStartingWith("Daily cap reached at " + connection + ": 1 merge writes today and 1 more was asked for,"
                        + " over perDay 1 (connectors/" + connection + ".yaml policy.caps). It was not made;");
        assertThat(target.rows).containsOnlyKeys("c1", "c3", "c4");
        assertThat(journaled("merge")).isEqualTo(1);
    }

    @Test
    void aCapOnOneActionLeavesTheOthersAlone() {
        GovernedWrites writes = writer(new PolicyConfig.Cap("archive", 0, 0));

        assertThat(merge(writes, "c2")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(create(writes, "n1")).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThatThrownBy(() -> archive(writes, "c3")).isInstanceOf(WritesHaltedException.class);
    }
}

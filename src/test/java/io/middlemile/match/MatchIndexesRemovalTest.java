package io.middlemile.match;

import io.middlemile.connector.Providers;
import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.middlemile.match.IndexPeople.BOB_HUBSPOT;
import static io.middlemile.match.IndexPeople.BOB_LEGACY;
import static io.middlemile.match.IndexPeople.MARY;
import static io.middlemile.match.IndexPeople.RAJ;
import static io.middlemile.match.IndexPeople.candidates;
import static io.middlemile.match.IndexPeople.person;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records a sync reports gone (deleted or merged away at their source) leave the match index of the bundled rule
 * {@code contacts}: in memory at once, and in the store, so an engine started afterwards does not bring them back.
 */
class MatchIndexesRemovalTest {

    private Workspace workspace;
    private JdbcTemplate jdbc;
    private MatchIndexStore store;

    @BeforeEach
    void saveAnIndexOfFourRecords() {
        jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        store = new MatchIndexStore(jdbc.getDataSource(), jdbc);
        workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(TestWorkspaces.BUNDLED).orThrow();
        DedupeRules rules = DedupeRules.from(workspace.dedupe().get("contacts"));
        // as `middlemile dedupe contacts` saves it: parts with standardized values
        try (IndexBuild build = new IndexBuild(store, "contacts", rules)) {
            DedupeResult result = new DedupeEngine(rules).run(List.of(BOB_HUBSPOT, BOB_LEGACY, RAJ, MARY).iterator(), build);
            build.commit(result);
        }
    }

    @Test
    void aRecordGoneAtItsSourceIsNoCandidateNowNorAfterARestartAndTheOthersStay() {
        MatchIndexes indexes = new MatchIndexes(workspace, store);
        assertThat(indexes.load("contacts")).isEqualTo(4);
        assertThat(candidates(indexes, "bob.mcdonald@acme.com", "McDonald")).containsExactlyInAnyOrder("51001", "1001");

        indexes.gone(List.of(BOB_HUBSPOT.source()));

        assertThat(candidates(indexes, "bob.mcdonald@acme.com", "McDonald")).containsExactly("1001");
        assertThat(candidates(indexes, "raj.kumar@globex.io", "Kumar")).containsExactly("51003");
        MatchIndexes restarted = new MatchIndexes(workspace, store);
        assertThat(restarted.load("contacts")).isEqualTo(3);
        assertThat(candidates(restarted, "bob.mcdonald@acme.com", "McDonald")).containsExactly("1001");
        assertThat(candidates(restarted, "mary.major@initech.com", "Major")).containsExactly("1002");
        assertThat(ids()).containsExactlyInAnyOrder("1001", "51003", "1002");
    }

    @Test
    void aRecordReadLiveAgainIsBackInMemoryAndInTheStore() {
        MatchIndexes indexes = new MatchIndexes(workspace, store);
        indexes.load("contacts");
        indexes.gone(List.of(BOB_HUBSPOT.source()));

        // restored from the recycle bin, read again by the next sync
        indexes.seen(List.of(BOB_HUBSPOT));

        assertThat(candidates(indexes, "bob.mcdonald@acme.com", "McDonald")).containsExactlyInAnyOrder("51001", "1001");
        MatchIndexes restarted = new MatchIndexes(workspace, store);
        assertThat(restarted.load("contacts")).isEqualTo(4);
        assertThat(candidates(restarted, "bob.mcdonald@acme.com", "McDonald")).containsExactlyInAnyOrder("51001", "1001");
    }

    @Test
    void aRecordASyncWroteAndThenSawGoneLeavesTheStoreTooAndAnUnloadedIndexIsUpdatedInTheStore() {
        CanonicalRecord zelda = person("hubspot-export", "77001", "Zelda", "Quartermaine", "zelda@quartzlabs.io");
        MatchIndexes job = new MatchIndexes(workspace, store); // a `job run` process: its index is never loaded
        job.seen(List.of(zelda));
        assertThat(ids()).contains("77001");

        job.gone(List.of(zelda.source(), RAJ.source(),
                // another connection's record with the same id, and one the index never had: nothing else changes
                new SourceRef("hubspot", "contacts", "1001"), new SourceRef("legacy-crm-export", "contacts", "404")));

        assertThat(ids()).containsExactlyInAnyOrder("51001", "1001", "1002");
        MatchIndexes serving = new MatchIndexes(workspace, store);
        assertThat(serving.load("contacts")).isEqualTo(3);
        assertThat(candidates(serving, "zelda@quartzlabs.io", "Quartermaine")).isEmpty();
        assertThat(candidates(serving, "raj.kumar@globex.io", "Kumar")).isEmpty();
        assertThat(candidates(serving, "bob.mcdonald@acme.com", "McDonald")).containsExactlyInAnyOrder("51001", "1001");
    }

    @Test
    void aRuleWithoutASavedIndexIsLeftAlone() {
        MatchIndexes indexes = new MatchIndexes(workspace, store);

        // rule accounts reads HubSpot companies, and has no saved index yet: there are no weights to score with
        indexes.gone(List.of(new SourceRef("hubspot", "companies", "9")));

        assertThat(store.header("accounts")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from match_index_record", Integer.class)).isZero();
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        store.forEach("contacts", true, record -> ids.add(record.ref().sourceId()));
        return ids;
    }
}

package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A dedupe run's clusters and pairs, written as the state store keeps them, read back as the same records. */
class PlanJsonTest {

    @Test
    void aClusterAndAPairReadBackAsTheyWereWritten() {
        Instant old = Instant.parse("2023-01-01T00:00:00Z");
        List<CanonicalRecord> records = List.of(
                TestRecords.person("legacy", "L1", Instant.parse("2024-06-01T00:00:00Z"), "firstName", "Anna", "lastName", "Berg",
                        "email", "anna@acme.com", "secondaryEmails", "anna@gmail.com"),
                TestRecords.person("hubspot", "H1", old, "firstName", "Anna", "lastName", "Berg", "email", "anna@acme.com",
                        "secondaryEmails", "a.berg@outlook.com"));
        DedupeRules.Survivorship survivorship = new DedupeRules.Survivorship(List.of(DedupeRules.MasterRule.MOST_RECENT), List.of(),
                Map.of("secondaryEmails", "union"));
        MergePlan plan = new DedupeEngine(TestRecords.contactRules(1e-4, survivorship)).run(records.iterator()).plan();
        ClusterPlan cluster = plan.merges().get(0);

        ClusterPlan read = PlanJson.cluster(PlanJson.write(cluster));

        assertThat(read).isEqualTo(cluster);
        assertThat(read.duplicates().get(0).explanation()).isNotEmpty();
        PairDecision pair = new PairDecision(cluster.master(), cluster.duplicates().get(0).right(), 0.42, -0.3, MatchDecision.REVIEW,
                cluster.duplicates().get(0).explanation(), List.of("two different mailboxes at acme.com"));
        assertThat(PlanJson.pair(PlanJson.write(pair))).isEqualTo(pair);
    }

    @Test
    void recordsAreNamedByOneTextEachAndASourceIdMayHoldASlash() {
        io.middlemile.model.SourceRef left = new io.middlemile.model.SourceRef("hubspot-export", "contacts", "hu-5");
        io.middlemile.model.SourceRef right = new io.middlemile.model.SourceRef("legacy-crm", "contacts", "2024/0042");
        PairDecision pair = new PairDecision(left, right, 0.9, 3.2, MatchDecision.REVIEW, List.of(), List.of());

        String json = PlanJson.write(pair);

        assertThat(json).startsWith("{\"left\":\"hubspot-export/contacts/hu-5\",\"right\":\"legacy-crm/contacts/2024/0042\",")
                .doesNotContain("\"connection\"");
        assertThat(PlanJson.pair(json)).isEqualTo(pair);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlanJson.pair(json.replace("hubspot-export/contacts/hu-5", "hu-5")))
                .hasMessageContaining("a record reference \"hu-5\" is not connection/object/sourceId")
                .hasMessageContaining("run `middlemile dedupe NAME` again");
    }

    @Test
    void anExplanationLineIsOneArrayOfComparisonLevelAndWeightAndTheOlderObjectFormStillReads() {
        io.middlemile.model.SourceRef left = new io.middlemile.model.SourceRef("a", "contacts", "1");
        io.middlemile.model.SourceRef right = new io.middlemile.model.SourceRef("b", "contacts", "2");
        List<Contribution> lines = List.of(new Contribution("prior", "any two records", -13.29),
                new Contribution("email (email)", "exact", 13.05),
                new Contribution("title (jaro-winkler)", "said \"CEO\" (not counted: a change of employer)", 0.0));
        PairDecision pair = new PairDecision(left, right, 0.9, 3.2, MatchDecision.REVIEW, lines, List.of());

        String json = PlanJson.write(pair);

        assertThat(json).contains("\"explanation\":[[\"prior\",\"any two records\",-13.29],[\"email (email)\",\"exact\",13.05],"
                + "[\"title (jaro-winkler)\",\"said \\\"CEO\\\" (not counted: a change of employer)\",0.0]]");
        assertThat(PlanJson.pair(json)).isEqualTo(pair);
        assertThat(PlanJson.write(pair)).isEqualTo(json); // the second time from the lines' written texts
        PairDecision old = PlanJson.pair(json.replace("[\"email (email)\",\"exact\",13.05]",
                "{\"comparison\":\"email (email)\",\"level\":\"exact\",\"weight\":13.05}"));
        assertThat(old).isEqualTo(pair);
    }

    @Test
    void aFieldAVersionDroppedSinceIsIgnoredAndBrokenJsonSaysWhatToDo() {
        // also references as objects, as versions before the one-text form saved them
        PairDecision old = PlanJson.pair("{\"left\":{\"connection\":\"a\",\"object\":\"contacts\",\"sourceId\":\"1\"},"
                + "\"right\":{\"connection\":\"b\",\"object\":\"contacts\",\"sourceId\":\"2\"},\"probability\":0.9,\"weight\":3.2,"
                + "\"decision\":\"REVIEW\",\"explanation\":[],\"conflicts\":[],\"droppedSince\":1}");
        assertThat(old.probability()).isEqualTo(0.9);
        assertThat(old.left()).isEqualTo(new io.middlemile.model.SourceRef("a", "contacts", "1"));
        assertThat(old.right()).isEqualTo(new io.middlemile.model.SourceRef("b", "contacts", "2"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlanJson.cluster("{\"clusterId\": [}"))
                .hasMessageContaining("run `middlemile dedupe NAME` again");
    }

    @Test
    void aLargePlanReadInOrderIsEveryTextOnceInOrderAndEachAsWrittenAlone() {
        List<PairDecision> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) { // more than one batch, and a last batch that is not full
            pairs.add(new PairDecision(new io.middlemile.model.SourceRef("hubspot", "contacts", "h" + i),
                    new io.middlemile.model.SourceRef("salesforce", "contacts", "s" + i), 0.5 + i / 20_000.0, i / 100.0,
                    MatchDecision.REVIEW, List.of(), List.of("conflict " + i)));
        }
        List<Integer> order = new java.util.ArrayList<>();
        List<String> seen = new java.util.ArrayList<>();

        List<byte[]> texts = PlanJson.texts(pairs, (json, index) -> {
            order.add(index);
            seen.add(utf8(json));
        });
        List<String> read = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            read.add(utf8(texts.get(i)));
        }

        assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, 5_000).boxed().toList());
        assertThat(read).isEqualTo(seen);
        for (int i = 0; i < pairs.size(); i++) {
            assertThat(read.get(i)).isEqualTo(PlanJson.write(pairs.get(i)));
        }
        assertThat(utf8(texts.get(17))).isEqualTo(PlanJson.write(pairs.get(17))); // going back still answers
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> texts.get(5_000)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aPartThatCannotBeWrittenFailsTheReadOfItsBatchEvenWhenWrittenAhead() {
        List<Object> parts = new java.util.AbstractList<>() {
            @Override
            public Object get(int index) {
                if (index == 3_000) {
                    throw new IllegalStateException("part 3000 is broken");
                }
                return java.util.Map.of("index", index);
            }

            @Override
            public int size() {
                return 5_000;
            }
        };
        List<byte[]> texts = PlanJson.texts(parts);
        for (int i = 0; i < 2_048; i++) {
            assertThat(utf8(texts.get(i))).isEqualTo("{\"index\":" + i + "}"); // the first batch; the second is written meanwhile
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> texts.get(2_048)).hasMessage("part 3000 is broken");
        assertThat(utf8(texts.get(4_999))).isEqualTo("{\"index\":4999}"); // a later batch is written on its own
    }

    private static String utf8(byte[] json) {
        return new String(json, java.nio.charset.StandardCharsets.UTF_8);
    }
}

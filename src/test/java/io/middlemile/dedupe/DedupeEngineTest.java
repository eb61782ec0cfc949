package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DedupeEngineTest {

    @Test
    void bridgeRecordDoesNotChainTwoDifferentPeople() {
        // sparse B shares a desk phone with A and a LinkedIn profile with C; A and C are two colleagues with
        // their own mailboxes
        List<CanonicalRecord> records = List.of(
                TestRecords.person("crm", "A", "firstName", "John", "lastName", "Smith", "companyName", "Acme",
                        "email", "john.smith@acme.com", "phone", "+14158675309"),
                TestRecords.person("crm", "B", "firstName", "J.", "lastName", "Smith", "companyName", "Acme",
                        "phone", "+14158675309", "linkedinUrl", "linkedin.com/in/jsmith-acme"),
                TestRecords.person("crm", "C", "firstName", "Jane", "lastName", "Smith", "companyName", "Acme",
                        "email", "jane.smith@acme.com", "linkedinUrl", "https://www.linkedin.com/in/jsmith-acme/"));
        DedupeResult result = new DedupeEngine(TestRecords.contactRules()).run(records.iterator());
        assertThat(result.explain(0, 1).decision()).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(result.explain(1, 2).decision()).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(result.explain(0, 2).probability()).isLessThan(0.01);
        assertThat(result.clusterId(0)).isNotEqualTo(result.clusterId(2));
        assertThat(result.clusterId(1)).isIn(result.clusterId(0), result.clusterId(2));
        assertThat(result.stats().refusedLinks()).isEqualTo(1);
        assertThat(result.plan().reviews()).hasSize(1);
    }

    @Test
    void survivorshipPicksMasterAndFieldsByRule() {
        Instant old = Instant.parse("2023-01-01T00:00:00Z");
        Instant recent = Instant.parse("2024-06-01T00:00:00Z");
        DedupeRules.Survivorship survivorship = new DedupeRules.Survivorship(
                List.of(DedupeRules.MasterRule.SOURCE_PRIORITY, DedupeRules.MasterRule.MOST_RECENT),
                List.of("salesforce", "hubspot"),
                Map.of("phone", "most-recent", "title", "longest", "secondaryEmails", "union",
                        "companyName", "source:hubspot"));
        List<CanonicalRecord> records = List.of(
                TestRecords.person("legacy", "L1", recent, "firstName", "Anna", "lastName", "Berg",
                        "email", "anna@acme.com", "phone", "+14158675309", "title", "VP Sales",
                        "secondaryEmails", "anna@gmail.com", "companyName", "Acme Widgets"),
                TestRecords.person("salesforce", "S1", old, "firstName", "Anna", "lastName", "Berg",
                        "email", "anna@acme.com", "phone", "+12125550199", "title", "Vice President of Sales",
                        "companyName", "Acme"),
                TestRecords.person("hubspot", "H1", old, "firstName", "Anna", "lastName", "Berg",
                        "email", "anna@acme.com", "secondaryEmails", "a.berg@outlook.com", "companyName", "ACME Inc"));
        DedupeResult result = new DedupeEngine(TestRecords.contactRules(1e-4, survivorship)).run(records.iterator());
        assertThat(result.plan().merges()).hasSize(1);
        ClusterPlan plan = result.plan().merges().get(0);
        assertThat(plan.master().connection()).isEqualTo("salesforce");
        assertThat(plan.duplicates()).extracting(d -> d.right().sourceId()).containsExactly("H1", "L1");
        Map<String, FieldChoice> fields = new java.util.HashMap<>();
        plan.fields().forEach(f -> fields.put(f.field(), f));
        assertThat(fields.get("phone").value()).isEqualTo("+14158675309");
        assertThat(fields.get("phone").from().get(0).sourceId()).isEqualTo("L1");
        assertThat(fields.get("title").value()).isEqualTo("Vice President of Sales");
        assertThat(fields.get("secondaryEmails").values()).containsExactly("a.berg@outlook.com", "anna@gmail.com");
        assertThat(fields.get("companyName").value()).isEqualTo("ACME Inc");
        assertThat(fields.get("firstName").rule()).isEqualTo("master");
        assertThat(fields.get("firstName").from().get(0).sourceId()).isEqualTo("S1");
    }

    @Test
    void exportIsOneRowPerRecordGroupedByCluster() throws IOException {
        List<CanonicalRecord> records = List.of(
                TestRecords.person("hubspot", "h1", "firstName", "Bob", "lastName", "Jones", "email", "bob@x.io"),
                TestRecords.person("hubspot", "h2", "firstName", "Mary", "lastName", "Major", "email", "mary@y.io"),
                TestRecords.person("legacy", "l1", "firstName", "Robert", "lastName", "Jones", "email", "BOB@x.io"),
                TestRecords.person("legacy", "l2", "firstName", "Zed", "lastName", "Zulu", "phone", "+14158675309"),
                TestRecords.person("hubspot", "h3", "firstName", "Zed", "lastName", "Zulu", "phone", "+1 415 867 5309"));
        DedupeResult result = new DedupeEngine(TestRecords.contactRules()).run(records.iterator());
        StringWriter out = new StringWriter();
        MergePlanCsv.write(result, out);
        assertThat(out.toString()).isEqualTo("""
                cluster_id,source,record_id,role,score
                1,hubspot,h1,master,1.0000
                1,legacy,l1,duplicate,0.9998
                2,hubspot,h2,master,1.0000
                3,legacy,l2,master,1.0000
                3,hubspot,h3,duplicate,0.9999
                """);
    }

    @Test
    void exportNeutralizesRecordIdsThatASpreadsheetWouldRunAsFormulas() throws IOException {
        List<CanonicalRecord> records = List.of(
                TestRecords.person("crm", "=HYPERLINK(\"https://evil.example\")", "firstName", "Bob", "lastName", "Jones",
                        "email", "bob@x.io"),
                TestRecords.person("crm", "@SUM(A1)", "firstName", "Robert", "lastName", "Jones", "email", "BOB@x.io"),
                TestRecords.person("crm", "-42", "firstName", "Mary", "lastName", "Major", "email", "mary@y.io"));
        DedupeResult result = new DedupeEngine(TestRecords.contactRules()).run(records.iterator());
        StringWriter out = new StringWriter();
        MergePlanCsv.write(result, out);

        assertThat(out.toString().lines().toList()).containsExactly(
                "cluster_id,source,record_id,role,score",
                "1,crm,\"'=HYPERLINK(\"\"https://evil.example\"\")\",master,1.0000",
                "1,crm,'@SUM(A1),duplicate,0.9998",
                "2,crm,-42,master,1.0000"); // a plain number cannot run: left as it is
    }

    @Test
    void linkModeKeepsOneRecordPerSourceInACluster() {
        DedupeRules base = TestRecords.contactRules();
        DedupeRules link = new DedupeRules(base.entity(), List.of("a", "b"), DedupeRules.Mode.LINK, base.blocking(),
                base.comparisons(), base.autoMerge(), base.review(), 500, false, 1e-4, null);
        List<CanonicalRecord> records = List.of(
                TestRecords.person("a", "a1", "firstName", "Anna", "lastName", "Berg", "email", "anna@acme.com"),
                TestRecords.person("a", "a2", "firstName", "Anna", "lastName", "Berg", "email", "anna@acme.com"),
                TestRecords.person("b", "b1", "firstName", "Anna", "lastName", "Berg", "email", "anna@acme.com"));
        DedupeResult result = new DedupeEngine(link).run(records.iterator());
        assertThat(result.clusterId(0)).isNotEqualTo(result.clusterId(1)); // same source: never compared or joined
        assertThat(result.clusterId(2)).isIn(result.clusterId(0), result.clusterId(1));
    }

    @Test
    void unknownSurvivorshipRuleIsReportedUpFront() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DedupeRules.Survivorship(null, null,
                Map.of("phone", "newest"))).hasMessageContaining("phone").hasMessageContaining("most-recent");
    }

    @Test
    void oversizedBlocksAreComparedBySortedNeighbourhoodAndReported() {
        java.util.List<CanonicalRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(TestRecords.person("crm", "p" + i, "firstName", "Person" + (char) ('a' + i % 26) + i,
                    "lastName", "Smith", "companyName", "Acme"));
        }
        records.add(TestRecords.person("crm", "dup", "firstName", "Personb1", "lastName", "Smith",
                "companyName", "Acme"));
        DedupeRules rules = TestRecords.contactRules().withMaxBlockSize(10);
        DedupeResult result = new DedupeEngine(rules).run(records.iterator());
        DedupeStats stats = result.stats();
        assertThat(stats.oversizedBlocks()).isEqualTo(1);
        assertThat(stats.skippedPairs()).isEqualTo(41L * 40 / 2 - 41L * 10);
        assertThat(stats.pairsCompared()).isLessThan(41L * 40 / 2);
        assertThat(result.clusterId(1)).isEqualTo(result.clusterId(40)); // Personb1 and its copy sort side by side
    }

    @Test
    void aBlockThatRecordsAddedLaterMakeOversizedIsNoLongerSearched() {
        java.util.List<CanonicalRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            records.add(TestRecords.person("crm", "p" + i, "firstName", "Person" + (char) ('a' + i), "lastName", "Okafor",
                    "companyName", "Acme"));
        }
        DedupeRules rules = TestRecords.contactRules().withMaxBlockSize(10);
        IncrementalMatcher matcher = new DedupeEngine(rules).run(records.iterator()).incremental();
        // Okafor at Acme holds 9 records, within the limit: a namesake's block is searched and the colleagues found
        IncrementalMatcher.Match first = matcher.lookup(TestRecords.person("api", "q", "firstName", "Persona",
                "lastName", "Okafor", "companyName", "Acme"));
        assertThat(first.matches()).isNotEmpty();
        for (int i = 0; i < 3; i++) { // the block grows to 12
            matcher.match(TestRecords.person("crm", "n" + i, "firstName", "Newcomer" + (char) ('a' + i), "lastName", "Okafor",
                    "companyName", "Acme"));
        }
        IncrementalMatcher.Match after = matcher.lookup(TestRecords.person("api", "q2", "firstName", "Persona",
                "lastName", "Okafor", "companyName", "Acme"));
        assertThat(after.matches()).isEmpty();
    }

    @Test
    void incrementalMatcherFindsTheKnownDuplicate() {
        DedupeResult result = rajeshAndMary();
        IncrementalMatcher matcher = result.incremental();
        IncrementalMatcher.Match match = matcher.match(TestRecords.person("salesforce", "s9", "firstName", "Raj",
                "lastName", "KUMAR", "email", "Rajesh@Acme.com"));
        assertThat(match.best().sourceId()).isEqualTo("h1");
        assertThat(match.decision()).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(match.matches().get(0).explanation()).anySatisfy(c -> assertThat(c.level()).isEqualTo("nickname"));
        // every line's weight, the prior's too, in hundredths as the plan file and the console show them
        assertThat(match.matches().get(0).explanation())
                .allSatisfy(c -> assertThat(Math.round(c.weight() * 100) / 100.0).as(c.comparison()).isEqualTo(c.weight()));
        // the added record is now in the index: its own change is matched against it, not duplicated
        IncrementalMatcher.Match again = matcher.match(TestRecords.person("salesforce", "s9", "firstName", "Raj",
                "lastName", "Kumar", "email", "rajesh@acme.com"));
        assertThat(again.matches()).extracting(d -> d.right().sourceId()).containsExactly("h1");
        assertThat(matcher.lookup(TestRecords.person("x", "y", "firstName", "Nobody", "lastName", "Here")).decision())
                .isEqualTo(MatchDecision.NO_MATCH);
    }

    @Test
    void lookupsLeaveNoValuesBehindInTheIndex() {
        DedupeResult result = rajeshAndMary();
        IncrementalMatcher matcher = result.incremental();
        MatchRecords store = result.records();
        int[] before = dictionarySizes(store);

        for (int i = 0; i < 5_000; i++) {
            matcher.lookup(TestRecords.person("api", "q" + i, "firstName", "Name" + i, "lastName", "Kumar" + i,
                    "email", "someone" + i + "@acme.com", "phone", "+1415555" + (1000 + i), "companyName", "Acme " + i));
        }

        assertThat(dictionarySizes(store)).containsExactly(before);
        assertThat(store.size()).isEqualTo(2);
        IncrementalMatcher.Match match = matcher.lookup(TestRecords.person("api", "q", "firstName", "Raj",
                "lastName", "Kumar", "email", "rajesh@acme.com"));
        assertThat(match.best().sourceId()).isEqualTo("h1");
    }

    private static int[] dictionarySizes(MatchRecords store) {
        int[] sizes = new int[store.matchFields().size()];
        for (int f = 0; f < sizes.length; f++) {
            sizes[f] = store.dictionary(f).size();
        }
        return sizes;
    }

    /** A run over two people: Rajesh Kumar at Acme (h1) and Mary Major (h2). */
    private static DedupeResult rajeshAndMary() {
        List<CanonicalRecord> records = List.of(
                TestRecords.person("hubspot", "h1", "firstName", "Rajesh", "lastName", "Kumar", "email", "rajesh@acme.com",
                        "companyName", "Acme"),
                TestRecords.person("hubspot", "h2", "firstName", "Mary", "lastName", "Major", "email", "mary@y.io"));
        return new DedupeEngine(TestRecords.contactRules()).run(records.iterator());
    }
}

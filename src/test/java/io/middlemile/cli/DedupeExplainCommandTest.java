package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/** `middlemile dedupe explain`: the evidence on any two records of the sample rule's sources. */
class DedupeExplainCommandTest {

    @TempDir
    Path workspace;

    @BeforeEach
    void copySample() {
        TestWorkspaces.copyBundled(workspace);
    }

    @Test
    void explainsAMergedPairComparisonByComparisonAndNamesTheBlockingRules() {
        Cli.Result result = Cli.run("dedupe", "explain", "contacts", "1001", "51001", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("Dedupe contacts: legacy-crm-export/contacts/1001 and hubspot-export/contacts/51001")
                .containsPattern("prior +any two records +-\\d+\\.\\d\\d")
                .containsPattern("email \\(email\\) +exact +bob.mcdonald@acme.com +bob.mcdonald@acme.com +\\+\\d+\\.\\d\\d")
                .containsPattern("firstName \\(first-name\\) +nickname +robert +bob +\\+\\d")
                .containsPattern("linkedinUrl \\(linkedin\\) +missing")
                .containsPattern("total +\\+\\d+\\.\\d\\d")
                .contains(": merge (merge at or above 0.96, review at or above 0.8)")
                .contains("conflicting identifiers: none")
                .contains("in the run: both in cluster")
                .contains("blocking: compared in a dedupe run, brought together by email, phone, lastName+companyName");
        // nothing is written: explaining is not a run
        assertThat(Files.exists(workspace.resolve(".middlemile/dedupe/contacts-plan.json"))).isFalse();
    }

    @Test
    void saysSoWhenNoBlockingRuleBringsTwoRecordsTogetherAndStillShowsTheEvidence() {
        Cli.Result result = Cli.run("dedupe", "explain", "contacts", "1009", "1001", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("not compared in a dedupe run: no blocking rule brings them together; their keys are:")
                .containsPattern("lastName\\+companyName +lastName=XRT, companyName=schrutefarms  \\|  lastName=MKTN,"
                        + " companyName=acme")
                .containsPattern("lastName \\(last-name\\) +different +schrute +mcdonald +-\\d")
                .contains(": no match (merge at or above 0.96")
                .contains("in the run: in different clusters")
                .doesNotContain("(same block)");
    }

    @Test
    void acceptsIdsQualifiedByTheRuleSourceOrItsConnection() {
        Cli.Result result = Cli.run("dedupe", "explain", "contacts", "legacy-crm-export:1001",
                "hubspot-export-contacts:51001", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("legacy-crm-export/contacts/1001 and hubspot-export/contacts/51001");
    }

    @Test
    void anUnknownIdNamesTheSourcesSearched() {
        Cli.Result result = Cli.run("dedupe", "explain", "contacts", "1001", "99999", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No record 99999 in legacy-contacts (legacy-crm-export contacts),"
                + " hubspot-export-contacts (hubspot-export contacts)");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anIdInTwoSourcesAsksForTheSource() throws Exception {
        Files.writeString(workspace.resolve("samples/contacts.csv"),
                "51001,Ann,Other,ann.other@example.org,,Example Org,,,USA,2024-03-08T12:00:00Z\n", StandardOpenOption.APPEND);

        Cli.Result result = Cli.run("dedupe", "explain", "contacts", "51001", "1001", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Record id 51001 is in several sources: legacy-contacts:51001,"
                + " hubspot-export-contacts:51001. Say which one");
    }

    @Test
    void dedupeWithoutARuleNameIsAUsageError() {
        Cli.Result result = Cli.run("dedupe", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing the rule name").contains("dedupe explain NAME ID1 ID2");
    }
}

package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** `middlemile dedupe`: the sample rule matches the legacy export against the HubSpot export. */
class DedupeCommandTest {

    @TempDir
    Path workspace;

    @Test
    void matchesTheSampleExportsAndExportsOneRowPerRecord() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh(); // the run saves its match index in the store
        Path export = workspace.resolve("out/clusters.csv");

        Cli.Result result = Cli.run("dedupe", "contacts", "--export", export.toString(), "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("Dedupe contacts: 38 records from [legacy-contacts, hubspot-export-contacts]")
                .contains("(2 rejected while reading or mapping)")
                .contains("firstName (first-name) nickname");
        List<String> lines = Files.readAllLines(export);
        assertThat(lines.get(0)).isEqualTo("cluster_id,source,record_id,role,score");
        assertThat(lines).hasSize(39);
        Map<String, String[]> byRecord = lines.stream().skip(1).map(line -> line.split(","))
                .collect(Collectors.toMap(cells -> cells[1] + "/" + cells[2], cells -> cells));
        // Bob/Robert McDonald and Raj/Rajesh Kumar are the same people in both systems; HubSpot's record survives
        assertThat(byRecord.get("hubspot-export/51001")[3]).isEqualTo("master");
        assertThat(byRecord.get("legacy-crm-export/1001")[0]).isEqualTo(byRecord.get("hubspot-export/51001")[0]);
        assertThat(byRecord.get("legacy-crm-export/1001")[3]).isEqualTo("duplicate");
        assertThat(byRecord.get("legacy-crm-export/1003")[0]).isEqualTo(byRecord.get("hubspot-export/51003")[0]);
        // Robert California has no twin; Toby's two records are too different to merge without a person
        assertThat(byRecord.get("hubspot-export/51009")[3]).isEqualTo("master");
        assertThat(byRecord.get("legacy-crm-export/1017")[0]).isNotEqualTo(byRecord.get("hubspot-export/51010")[0]);
        assertThat(result.out()).contains("review legacy-crm-export/contacts/1017 ~ hubspot-export/contacts/51010");
        assertThat(Files.exists(workspace.resolve(".middlemile/dedupe/contacts-plan.json"))).isTrue();
    }

    @Test
    void anUnknownRuleNamesTheRulesThereAre() {
        TestWorkspaces.copyBundled(workspace);

        Cli.Result result = Cli.run("dedupe", "contact", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("There is no dedupe rule \"contact\"").contains("[accounts, contacts]");
    }
}

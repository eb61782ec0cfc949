package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `outreach rehearse` runs the sample outreach loop against emulators on a scratch state store. That store has no match
 * index, so the rehearsal says up front what it does not look for instead of warning mid-run to build an index it cannot use.
 */
class OutreachRehearseTest {

    @TempDir
    Path workspace;

    @Test
    void theRehearsalSaysItLooksForDuplicatesByTheLedgerOnlyAndWarnsOfNoIndexItCannotHave() throws Exception {
        TestWorkspaces.copyBundled(workspace);

        Cli.Result rehearsed = Cli.run("outreach", "rehearse", "outbound", "--wait", "0", "--workspace", workspace.toString());

        assertThat(rehearsed.exitCode()).as(rehearsed.out() + rehearsed.err()).isZero();
        assertThat(rehearsed.out()).contains("Sandbox: people already enrolled under another record are looked for by the send"
                + " ledger's email and LinkedIn profile only (suppress.duplicates: contacts needs the match index `middlemile dedupe"
                + " contacts` saves, which the scratch store has not)");
        assertThat(rehearsed.out() + rehearsed.err()).doesNotContain("cannot look for people already enrolled");
        // the run's count is of the records it read; the follow-up run reads none and sends what earlier runs deferred
        assertThat(rehearsed.out()).containsPattern("sent +8 +by outreach/outbound.yaml \\(records read and sent on some channel;"
                + " the outreach lines below count every send\\)");
        // the ledger still catches the same person under a second record
        assertThat(rehearsed.out()).contains("suppressed (already enrolled): the same LinkedIn profile as hubspot/contacts/1001");
    }
}

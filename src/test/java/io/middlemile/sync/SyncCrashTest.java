package io.middlemile.sync;

import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.SyncWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A HubSpot → Salesforce sync killed with SIGKILL in the middle of a run, then started again: the
 * target ends up with every source record exactly once. A record created in Salesforce just before
 * the kill, whose link never reached the crosswalk, is found again by email instead of duplicated.
 */
class SyncCrashTest {

    private static final String TOKEN = "pat-na1-sync-crash-token";
    private static final int CONTACTS = 3_000;

    @TempDir
    Path workspace;

    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators(TOKEN, "crash-client", "crash-secret").inChildProcesses();

    private Process child;

    /** Runs before the emulators and the store stop (see {@link SyncEmulators}). */
    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void aSyncKilledMidRunResumesWithoutLosingOrDuplicatingRecords() throws Exception {
        emulators.start(workspace, 1_000_000);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        StringBuilder csv = new StringBuilder("email,firstname,lastname\n");
        for (int i = 0; i < CONTACTS; i++) {
            csv.append("person").append(i).append("@example.com,Person,Number").append(i).append('\n');
        }
        Path seed = workspace.resolve("hubspot.csv");
        Files.writeString(seed, csv);
        hubspot.seedCsv("contacts", seed);

        emulators.prepare(200);
        String[] args = {"job", "run", SyncWorkspace.JOB, "--workspace", workspace.toString()};

        child = ChildProcess.start(workspace.resolve("first.log"), emulators.environment(), args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (salesforce.store().all("Contact").size() < 700) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("the first sync ended or stalled before it could be killed mid-run:\n" + Files.readString(workspace.resolve("first.log")));
            }
            Thread.sleep(10);
        }
        child.destroyForcibly().waitFor();
        int beforeRestart = salesforce.store().all("Contact").size();
        assertThat(beforeRestart).as("killed mid-run").isLessThan(CONTACTS);

        ChildProcess.Result second = emulators.runJob(SyncWorkspace.JOB);

        assertThat(second.output()).contains("resumed (attempt 2)");
        List<Map<String, Object>> contacts = salesforce.store().all("Contact");
        Set<Object> emails = new HashSet<>();
        contacts.forEach(contact -> emails.add(contact.get("Email")));
        assertThat(contacts).hasSize(CONTACTS);
        assertThat(emails).hasSize(CONTACTS);
    }
}

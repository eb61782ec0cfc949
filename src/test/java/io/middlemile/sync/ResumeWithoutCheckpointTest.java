package io.middlemile.sync;

import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.SyncWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.middlemile.testing.SeedContacts.BOB;
import static io.middlemile.testing.SeedContacts.LIZ;
import static io.middlemile.testing.SeedContacts.RAJ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of an incremental source halted before its first page was committed (the kill switch, a quota) has no checkpoint
 * of its own: resumed, it starts where the job's cursor stood, as it did the first time, not from the start of the object.
 */
class ResumeWithoutCheckpointTest {

    @TempDir
    Path workspace;

    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators("pat-na1-resume-test", "sync-client", "sync-secret");

    @Test
    void aRunHaltedBeforeItsFirstPageResumesFromTheJobsCursor() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        emulators.seedHubSpotContacts(BOB, LIZ, RAJ);
        emulators.prepare(100);
        emulators.runJob(SyncWorkspace.JOB);

        assertThat(emulators.run("on.log", "kill-switch", "on", "--reason", "checking a mapping").exitCode()).isZero();
        hubspot.store().update("contacts", hubspot.store().idOf("contacts", "email", RAJ.email()), Map.of("jobtitle", "Head of Ops"));
        ChildProcess.Result halted = emulators.run("halted.log", "job", "run", SyncWorkspace.JOB);
        assertThat(halted.exitCode()).as(halted.output()).isEqualTo(3);
        assertThat(emulators.run("off.log", "kill-switch", "off").exitCode()).isZero();

        ChildProcess.Result resumed = emulators.runJob(SyncWorkspace.JOB);

        // the one contact changed since the last sync, not the three the object holds
        assertThat(resumed.output()).contains("Resuming run").containsPattern("read\\s+1\\s").containsPattern("written\\s+1\\s");
        assertThat(emulators.salesforce().store().get("Contact", emulators.salesforceId(RAJ.email()))).containsEntry("Title", "Head of Ops");
    }
}

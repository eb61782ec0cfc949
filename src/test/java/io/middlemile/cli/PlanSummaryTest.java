package io.middlemile.cli;

import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WritePlan;
import io.middlemile.store.JobRun;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.RouteInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end of a job's summary tells an operator to do next: a plan's record writes are applied, its sends are made by
 * running the job (apply sends nothing); and a run that stopped says its counts leave out the page it stopped in.
 */
class PlanSummaryTest {

    private static final Path FILE = Path.of("/tmp/plan.json");

    @Test
    void aPlanOfSendsOnlySaysApplyingSendsNothingAndToRunTheJob() {
        WritePlan sends = plan(send("instantly", "leads", "1001"), send("instantly", "leads", "1002"), send("unipile", "invitations", "1001"));

        String printed = printed(sends);

        assertThat(printed).contains("Plan of job outreach-leads: 3 sends, nothing was sent.");
        assertThat(printed).doesNotContain("Apply exactly these writes");
        assertThat(printed).contains("applying the plan makes none of them").contains("To send, run the job: middlemile job run outreach-leads");
    }

    @Test
    void aPlanOfRecordWritesIsAppliedAndAMixedOneSaysItsSendsAreNot() {
        PlannedWrite update = new PlannedWrite("hubspot", "contacts", "1001", "update", Map.of("jobtitle", "CEO"), Map.of("jobtitle", "CFO"),
                PolicyVerdict.Kind.AUTO, "default", "mappings/hubspot-contacts.yaml");

        assertThat(printed(plan(update))).contains("Apply exactly these writes with: middlemile apply " + FILE);
        assertThat(printed(plan())).contains("Plan of job outreach-leads: 0 writes, nothing was written.")
                .contains("Nothing to apply: the targets hold these values already").doesNotContain("middlemile apply");
        assertThat(PlanSummary.next(plan(update, send("instantly", "leads", "1001")), FILE))
                .isEqualTo("Apply the record writes with: middlemile apply " + FILE + " (its 1 sends are not made by apply; they go when"
                        + " the job runs: middlemile job run outreach-leads)");
    }

    @Test
    void aRunThatStoppedSaysItsCountsAreOfCommittedPagesAndWhereItsSendsAre() {
        RouteInfo route = new RouteInfo("outreach-leads", "routes/outreach.camel.yaml", 1, null, List.of(
                HubEndpoint.require(HubEndpoint.Kind.READ, "hub-read:hubspot/contacts"),
                HubEndpoint.require(HubEndpoint.Kind.ENROL, "hub-enrol:outbound")), false);

        assertThat(JobCommand.Run.stoppedCounts(route, run(JobRun.Status.FAILED, "Instantly connection 'instantly', add 8 leads ...")))
                .hasValueSatisfying(line -> assertThat(line).contains("counts of committed pages only")
                        .contains("the next run reads it again").contains("outreach lines below"));
        assertThat(JobCommand.Run.stoppedCounts(route, run(JobRun.Status.SUCCEEDED, null))).isEmpty();
    }

    private static String printed(WritePlan plan) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlanSummary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), plan, FILE);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static WritePlan plan(PlannedWrite... writes) {
        return new WritePlan("outreach-leads", 1, "v1", Instant.parse("2026-12-01T09:00:00Z"), List.of(writes), Map.of());
    }

    private static PlannedWrite send(String connection, String object, String id) {
        return new PlannedWrite(connection, object, "hubspot/contacts/" + id, "send", null, Map.of("send", "enrol"),
                PolicyVerdict.Kind.AUTO, null, "outreach/outbound.yaml");
    }

    private static JobRun run(JobRun.Status status, String error) {
        return new JobRun(3, "outreach-leads", "hubspot", "contacts", status, Instant.parse("2026-12-01T09:00:00Z"),
                Instant.parse("2026-12-01T09:00:05Z"), 0, 0, 0, 0, 0, 1, "v1", error);
    }
}

package io.middlemile.cli;

import io.middlemile.store.ClusterNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What `middlemile cluster status` prints for the nodes the registry holds. */
class ClusterStatusReportTest {

    @Test
    void noNodeSaysSoAndWhereToLook() {
        String report = ClusterCommand.report(List.of());
        assertThat(report).contains("No engine node has reported").contains("MIDDLEMILE_CLUSTER_ENABLED=true")
                .contains("SPRING_DATASOURCE_URL");
    }

    @Test
    void eachNodeShowsItsJobsAndHeartbeatAgeAndASilentOneIsExplained() {
        ClusterNode busy = new ClusterNode("web-1-4242", "web-1", 4242, Instant.parse("2026-12-03T12:00:00Z"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), List.of("sync-contacts-to-salesforce"), null);
        ClusterNode idle = new ClusterNode("web-2-77", "web-2", 77, Instant.parse("2026-12-03T12:00:00Z"), Duration.ofSeconds(4),
                Duration.ofSeconds(5), List.of(), null);
        ClusterNode dead = new ClusterNode("web-3-9", "web-3", 9, Instant.parse("2026-12-03T11:00:00Z"), Duration.ofSeconds(185),
                Duration.ofSeconds(5), List.of("sync-companies-to-salesforce"), null);

        String report = ClusterCommand.report(List.of(busy, idle, dead));

        assertThat(report.lines().filter(line -> line.startsWith("web-1-4242  "))).singleElement().asString()
                .contains("2 s ago").contains("running").contains("sync-contacts-to-salesforce");
        assertThat(report.lines().filter(line -> line.startsWith("web-2-77  "))).singleElement().asString()
                .contains("4 s ago").contains("running").endsWith("-");
        assertThat(report.lines().filter(line -> line.startsWith("web-3-9  "))).singleElement().asString()
                .contains("3 min ago").contains("silent");
        assertThat(report).contains("2 nodes running.")
                .contains("web-3-9 has not beaten for 3 min (it beats every 5 s): it is dead or cannot reach the database."
                        + " The jobs it was running (sync-companies-to-salesforce) resume from their checkpoints on another node.");
    }

    @Test
    void withEveryNodeStoppedNoScheduleFires() {
        ClusterNode stopped = new ClusterNode("web-1-4242", "web-1", 4242, Instant.now(), Duration.ofMinutes(10), Duration.ofSeconds(5),
                List.of(), Instant.now());
        assertThat(ClusterCommand.report(List.of(stopped))).contains("stopped").contains("0 nodes running. No schedule fires until a node runs");
    }
}

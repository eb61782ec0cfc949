package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's state in `cluster status` follows from how many of its beats are missing. */
class NodeHealthTest {

    @Test
    void aNodeIsRunningLateOrSilentByTheBeatsItMissed() {
        assertThat(NodeHealth.of(node(Duration.ofSeconds(1), null))).isEqualTo(NodeHealth.RUNNING);
        assertThat(NodeHealth.of(node(Duration.ofMillis(9_999), null))).isEqualTo(NodeHealth.RUNNING);
        assertThat(NodeHealth.of(node(Duration.ofSeconds(10), null))).isEqualTo(NodeHealth.LATE);
        assertThat(NodeHealth.of(node(Duration.ofMillis(19_999), null))).isEqualTo(NodeHealth.LATE);
        assertThat(NodeHealth.of(node(Duration.ofSeconds(20), null))).isEqualTo(NodeHealth.SILENT);
        assertThat(NodeHealth.of(node(Duration.ofHours(3), null))).isEqualTo(NodeHealth.SILENT);
    }

    @Test
    void aNodeThatStoppedCleanlyIsStoppedHoweverOldItsLastBeat() {
        assertThat(NodeHealth.of(node(Duration.ofSeconds(1), Instant.now()))).isEqualTo(NodeHealth.STOPPED);
        assertThat(NodeHealth.of(node(Duration.ofHours(3), Instant.now()))).isEqualTo(NodeHealth.STOPPED);
    }

    private static ClusterNode node(Duration age, Instant stopped) {
        return new ClusterNode("web-1-42", "web-1", 42, Instant.now(), age, Duration.ofSeconds(5), List.of(), stopped);
    }
}

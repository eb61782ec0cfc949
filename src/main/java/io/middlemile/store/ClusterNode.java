package io.middlemile.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One engine process of a cluster as it last reported itself.
 *
 * @param heartbeatAge  how long ago it last beat, by the database's clock (so node clocks do not matter)
 * @param heartbeatEvery how often it beats
 * @param jobs          the jobs it was running at its last beat
 * @param stoppedAt     when it stopped cleanly, or null while it runs (or after it died)
 */
public record ClusterNode(String id, String host, long pid, Instant startedAt, Duration heartbeatAge, Duration heartbeatEvery,
                          List<String> jobs, Instant stoppedAt) {
}

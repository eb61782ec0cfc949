package io.middlemile.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a node does with a message from the webhook topic: runs the started jobs a wake-up names, and skips a message
 * that is not a wake-up instead of failing on it (which would stop the connection's partition).
 */
class WebhookTopicRouteTest {

    @Test
    void aWakeUpRunsTheStartedJobsItNamesAndAStrangeMessageIsSkipped() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        Semaphore finished = new Semaphore(0);
        JobTriggers triggers = new JobTriggers(job -> {
            runs.add(job);
            finished.release();
        }, job -> !job.equals("on-demand"));
        WebhookTopicRoute route = new WebhookTopicRoute("middlemile.webhooks", "middlemile", triggers);

        route.wake("not json at all");
        route.wake("{\"hello\":\"world\"}");
        route.wake(new WebhookWakeup("instantly", List.of("e-1", "e-2"), List.of("instantly-replies", "on-demand")).toJson());

        assertThat(finished.tryAcquire(1, 30, TimeUnit.SECONDS)).isTrue();
        assertThat(finished.tryAcquire(1, 200, TimeUnit.MILLISECONDS)).as("no second run").isFalse();
        assertThat(runs).containsExactly("instantly-replies");
        triggers.stop();
    }

    @Test
    void aWakeUpReadsBackAsWritten() {
        WebhookWakeup wakeup = new WebhookWakeup("hubspot", List.of("4711"), List.of("sync-contacts"));

        assertThat(WebhookWakeup.fromJson(wakeup.toJson())).isEqualTo(wakeup);
        assertThatThrownBy(() -> WebhookWakeup.fromJson("{\"events\":[],\"jobs\":[]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Middlemile webhook wake-up");
    }
}

package io.middlemile.connector.hubspot;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The search window holds a call's place from its send until a full window after its answer. */
class RollingWindowTest {

    @Test
    void aCallOverTheLimitWaitsAWindowAfterTheOldestAnswer() {
        RollingWindow window = new RollingWindow(2, Duration.ofMillis(300));
        window.release(window.acquire());
        long firstAnswered = System.nanoTime();
        window.release(window.acquire());

        window.acquire();

        // a lower bound only: however slow the machine, the third call cannot start earlier than this
        assertThat(System.nanoTime() - firstAnswered).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void callsInFlightHoldTheirPlacesUntilAnswered() throws Exception {
        RollingWindow window = new RollingWindow(1, Duration.ofMillis(1));
        RollingWindow.Slot inFlight = window.acquire();

        CompletableFuture<RollingWindow.Slot> next = CompletableFuture.supplyAsync(window::acquire);
        Thread.sleep(200);
        assertThat(next).isNotDone();

        window.release(inFlight);
        assertThat(next.get(30, TimeUnit.SECONDS)).isNotNull();
    }
}

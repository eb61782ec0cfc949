package io.middlemile.dedupe;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpreadTest {

    @Test
    void everyItemIsDoneExactlyOnce() {
        for (int n : new int[] {0, 1, 255, 256, 257, 10_000}) {
            AtomicIntegerArray done = new AtomicIntegerArray(n);
            Spread.forEach(n, done::incrementAndGet);
            for (int i = 0; i < n; i++) {
                assertThat(done.get(i)).as("item %d of %d", i, n).isEqualTo(1);
            }
        }
        for (int n : new int[] {0, 1, 256, 257, 10_000}) {
            AtomicIntegerArray done = new AtomicIntegerArray(n);
            Spread.forEachRun(n, (from, to) -> {
                assertThat(to - from).isBetween(1, 256);
                for (int i = from; i < to; i++) {
                    done.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertThat(done.get(i)).as("item %d of %d in runs", i, n).isEqualTo(1);
            }
        }
        AtomicIntegerArray tasks = new AtomicIntegerArray(7);
        Spread.forEachTask(7, tasks::incrementAndGet);
        for (int i = 0; i < 7; i++) {
            assertThat(tasks.get(i)).isEqualTo(1);
        }
    }

    @Test
    void aFailureIsThrownOnlyAfterEveryPartHasEnded() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();

        assertThatThrownBy(() -> Spread.forEachTask(4, i -> {
            running.incrementAndGet();
            try {
                if (i == 0) {
                    throw new IllegalStateException("column 0 is broken");
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended.incrementAndGet();
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("column 0 is broken");

        assertThat(ended.get()).isEqualTo(running.get());
    }
}

package io.middlemile.enrich;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a provider's worker gets its next call, and when a page is done. */
class ProviderQueuesTest {

    @Test
    void aRecordWaitsOnceAtAProviderForEveryGroupThatAsksItThere() throws Exception {
        ProviderQueues<String, String> queues = new ProviderQueues<>(Map.of("crustdata", 2));
        queues.add("lee", Map.of("crustdata", List.of("work-email")));
        queues.add("lee", Map.of("crustdata", List.of("job")));
        queues.add("kim", Map.of("crustdata", List.of("job")));

        assertThat(queues.take("crustdata")).containsExactly(Map.entry("lee", List.of("work-email", "job")), Map.entry("kim", List.of("job")));
    }

    @Test
    void aRecordWaitsAtAProviderWhileAnotherOfItsGroupsMayStillComeThereAndIsAskedOnceForBoth() throws Exception {
        // job asks apollo first, and crustdata should apollo have no good answer
        Map<String, Set<String>> later = new HashMap<>(Map.of("job", Set.of("crustdata")));
        ProviderQueues<String, String> queues = new ProviderQueues<>(Map.of("crustdata", 2, "apollo", 1),
                (record, asker) -> later.getOrDefault(asker, Set.of()));
        queues.add("lee", Map.of("crustdata", List.of("work-email"), "apollo", List.of("job")));
        queues.add("kim", Map.of("crustdata", List.of("work-email")));
        Map<String, List<String>> apolloCall = queues.take("apollo");
        assertThat(apolloCall).containsOnlyKeys("lee");

        // crustdata holds a full call's worth, but lee's job may still come there: only kim may be asked, and apollo's call
        // in progress may send more, so crustdata waits
        CompletableFuture<Map<String, List<String>>> crustdataCall = new CompletableFuture<>();
        Thread taker = new Thread(() -> crustdataCall.complete(take(queues, "crustdata")));
        taker.setDaemon(true);
        taker.start();
        while (taker.getState() != Thread.State.WAITING && !crustdataCall.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(crustdataCall).isNotDone();

        // apollo had no good title: lee's job goes on to crustdata, and joins lee's place there
        later.put("job", Set.of());
        queues.add("lee", Map.of("crustdata", List.of("job")));
        queues.answered(apolloCall);
        queues.finished("apollo");

        assertThat(crustdataCall.get(5, TimeUnit.SECONDS)).containsExactly(Map.entry("lee", List.of("work-email", "job")),
                Map.entry("kim", List.of("work-email")));
    }

    @Test
    void groupsThatMayEachComeToTheOthersProviderDoNotWaitForEachOtherForEver() throws Exception {
        // work-email asks crustdata, then apollo; job asks apollo, then crustdata
        Map<String, Set<String>> later = new HashMap<>(Map.of("work-email", Set.of("apollo"), "job", Set.of("crustdata")));
        ProviderQueues<String, String> queues = new ProviderQueues<>(Map.of("crustdata", 25, "apollo", 10),
                (record, asker) -> later.getOrDefault(asker, Set.of()));
        queues.add("lee", Map.of("crustdata", List.of("work-email"), "apollo", List.of("job")));

        // the provider first by name goes first; the other waits for its answer, which may bring it the group asked there
        Map<String, List<String>> apolloCall = queues.take("apollo");
        assertThat(apolloCall).containsExactly(Map.entry("lee", List.of("job")));
        later.put("job", Set.of());
        queues.add("lee", Map.of("crustdata", List.of("job")));
        queues.answered(apolloCall);
        queues.finished("apollo");

        assertThat(queues.take("crustdata")).containsExactly(Map.entry("lee", List.of("work-email", "job")));
    }

    @Test
    void aPartialCallWaitsWhileAnotherProvidersCallMayStillSendRecords() throws Exception {
        ProviderQueues<String, String> queues = new ProviderQueues<>(Map.of("crustdata", 25, "apollo", 10));
        queues.add("lee", Map.of("crustdata", List.of("work-email"), "apollo", List.of("job")));
        Map<String, List<String>> apolloCall = queues.take("apollo"); // apollo alone is not full, but crustdata is idle
        assertThat(apolloCall).containsOnlyKeys("lee");

        // apollo's call is in progress: crustdata's one record waits, as apollo's answers may send it more
        CompletableFuture<Map<String, List<String>>> crustdataCall = CompletableFuture.supplyAsync(() -> take(queues, "crustdata"));
        Thread.sleep(200);
        assertThat(crustdataCall).isNotDone();
        queues.add("kim", Map.of("crustdata", List.of("job")));
        queues.finished("apollo");

        assertThat(crustdataCall.get(5, TimeUnit.SECONDS)).containsOnlyKeys("lee", "kim");
        queues.finished("crustdata");
        // every queue empty and no call in progress: the page is done for every worker
        assertThat(queues.take("apollo")).isEmpty();
        assertThat(queues.take("crustdata")).isEmpty();
    }

    @Test
    void aRecordSetAsideForHeldBudgetIsQueuedAgainWhenAHoldIsReleasedOrOnceNoCallIsLeftToReleaseOne() throws Exception {
        ProviderQueues<String, String> queues = new ProviderQueues<>(Map.of("crustdata", 1, "apollo", 1));
        queues.add("kim", Map.of("apollo", List.of("job")));
        queues.add("lee", Map.of("crustdata", List.of("work-email")));
        assertThat(queues.take("apollo")).containsOnlyKeys("kim"); // apollo's call holds budget
        assertThat(queues.take("crustdata")).containsOnlyKeys("lee");
        // crustdata's worker finds lee's lookup refused for what apollo's call holds: lee waits aside
        long seen = queues.releases();
        assertThat(queues.othersInProgress()).isTrue();
        queues.whenReleased("crustdata", Map.of("lee", List.of("work-email")), seen);
        queues.finished("crustdata");

        CompletableFuture<Map<String, List<String>>> again = CompletableFuture.supplyAsync(() -> take(queues, "crustdata"));
        Thread.sleep(200);
        assertThat(again).isNotDone();
        queues.released(); // apollo's answer replaced its hold by what it cost
        assertThat(again.get(5, TimeUnit.SECONDS)).containsOnlyKeys("lee");

        // refused for holds again, and nothing is released: once every call is done lee is asked once more (a refusal then
        // is final: the holds left are of lookups still pending at their vendors)
        queues.whenReleased("crustdata", Map.of("lee", List.of("work-email")), queues.releases());
        queues.finished("crustdata");
        queues.finished("apollo");
        assertThat(queues.take("crustdata")).containsOnlyKeys("lee");
        queues.finished("crustdata");
        assertThat(queues.take("crustdata")).isEmpty();
        assertThat(queues.take("apollo")).isEmpty();

        // a hold released between the refusal and setting the record aside is not missed: queued again at once
        queues.add("ray", Map.of("crustdata", List.of("job")));
        assertThat(queues.take("crustdata")).containsOnlyKeys("ray");
        long before = queues.releases();
        queues.released();
        queues.whenReleased("crustdata", Map.of("ray", List.of("job")), before);
        queues.finished("crustdata");
        assertThat(queues.take("crustdata")).containsOnlyKeys("ray");
    }

    @Test
    void aWorkersFailureEndsThePageForEveryWorkerAndIsThePages() {
        ProviderQueues<String, String> queues = new ProviderQueues<>(Map.of("crustdata", 25, "apollo", 10));
        queues.add("lee", Map.of("apollo", List.of("job")));

        assertThatThrownBy(() -> queues.work(connection -> {
            if (connection.equals("apollo")) {
                take(queues, connection);
                throw new IllegalStateException("kill switch on");
            }
            assertThat(take(queues, connection)).isEmpty();
        }, "test")).hasMessage("kill switch on");
    }

    private static Map<String, List<String>> take(ProviderQueues<String, String> queues, String connection) {
        try {
            return queues.take(connection);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

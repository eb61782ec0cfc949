package io.middlemile.enrich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One page's lookups waiting per provider: a record waits at each provider its field groups ask next, once per
 * provider, so one call answers every group that asks that provider about the record at the same time (one base
 * fee, not one per group). A provider's worker takes a full call's worth, or what is there once no other provider's
 * call is in progress that could send it more (a partial call only then: rate limits count calls, not records).
 *
 * <p>A record the budget refused only for what lookups under way hold waits aside ({@link #whenReleased}) and is queued
 * again when a hold is released ({@link #released}), or, when none is, once every call is done: the holds left then are
 * of lookups still pending at their vendors, and its next refusal is final.
 *
 * <p>The page ends when every queue is empty, nothing waits aside and no call is in progress; a worker's failure ends it
 * for all.
 *
 * @param <K> the record a lookup is about
 * @param <T> what asks about it (a field group's progress)
 */
final class ProviderQueues<K, T> {

    private final Map<String, Integer> maxPerCall;
    private final Map<String, LinkedHashMap<K, List<T>>> queues = new LinkedHashMap<>();
    /** Per provider, its calls in progress (the worker's, and asynchronous ones still awaited). */
    private final Map<String, Integer> busy = new HashMap<>();
    /** Per provider, records waiting for a hold of the budget to be released before they are asked again. */
    private final Map<String, LinkedHashMap<K, List<T>>> aside = new LinkedHashMap<>();
    /** How many holds were released so far: a record refused before a release is asked again at once. */
    private long releases;
    private RuntimeException failure;

    /** @param maxPerCall per provider connection, the most records one call takes */
    ProviderQueues(Map<String, Integer> maxPerCall) {
        this.maxPerCall = Map.copyOf(maxPerCall);
        maxPerCall.keySet().forEach(connection -> queues.put(connection, new LinkedHashMap<>()));
    }

    /**
     * Queues what asks about a record, per provider, at once (so a worker sees them together); joins the record's
     * place where it already waits.
     */
    synchronized void add(K record, Map<String, List<T>> askers) {
        askers.forEach((connection, those) -> queues.get(connection).computeIfAbsent(record, k -> new ArrayList<>()).addAll(those));
        notifyAll();
    }

    /**
     * Waits for the provider's next call: up to its maximum of records with what asks about each, in the order they
     * came. Empty when the page is done. Call {@link #finished} after each non-empty call.
     */
    synchronized Map<K, List<T>> take(String connection) throws InterruptedException {
        LinkedHashMap<K, List<T>> queue = queues.get(connection);
        int max = maxPerCall.get(connection);
        while (true) {
            if (failure != null) {
                return Map.of();
            }
            // another provider's call in progress may still send records here; the provider's own answers do not
            boolean moreMayCome = busy.keySet().stream().anyMatch(other -> !other.equals(connection))
                    || queues.entrySet().stream().anyMatch(e -> e.getValue().size() >= maxPerCall.get(e.getKey()));
            if (queue.size() >= max || (!queue.isEmpty() && !moreMayCome)) {
                Map<K, List<T>> call = new LinkedHashMap<>();
                var entries = queue.entrySet().iterator();
                while (entries.hasNext() && call.size() < max) {
                    var entry = entries.next();
                    call.put(entry.getKey(), entry.getValue());
                    entries.remove();
                }
                begin(connection);
                return call;
            }
            if (busy.isEmpty() && queues.values().stream().allMatch(Map::isEmpty)) {
                if (!aside.isEmpty()) {
                    // no call left to release a hold: what waits aside is asked once more, against the holds that stay
                    requeueAside();
                    continue;
                }
                notifyAll();
                return Map.of();
            }
            wait();
        }
    }

    /** A call of the provider is in progress (taken, or submitted and awaited elsewhere). */
    synchronized void begin(String connection) {
        busy.merge(connection, 1, Integer::sum);
    }

    /** A call of the provider (and what its answers queued at other providers) is done. */
    synchronized void finished(String connection) {
        busy.computeIfPresent(connection, (c, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    /** How many holds were released so far; read it before asking the budget, for {@link #whenReleased}. */
    synchronized long releases() {
        return releases;
    }

    /**
     * Whether a call other than the caller's own is in progress (the caller is a worker in the middle of its call): its
     * lookups may hold budget that their answers release.
     */
    synchronized boolean othersInProgress() {
        return busy.values().stream().mapToInt(Integer::intValue).sum() > 1;
    }

    /**
     * Sets records aside at a provider until a hold of the budget is released; queued again at once when one was released
     * since {@code releasesSeen} (the refusal may have missed it).
     */
    synchronized void whenReleased(String connection, Map<K, List<T>> waiting, long releasesSeen) {
        waiting.forEach((record, those) -> aside.computeIfAbsent(connection, c -> new LinkedHashMap<>())
                .computeIfAbsent(record, k -> new ArrayList<>()).addAll(those));
        if (releases > releasesSeen) {
            requeueAside();
        }
    }

    /** A lookup settled and its hold was released: what waits aside is queued again. */
    synchronized void released() {
        releases++;
        requeueAside();
    }

    private void requeueAside() {
        aside.forEach((connection, waiting) -> waiting.forEach((record, those) ->
                queues.get(connection).computeIfAbsent(record, k -> new ArrayList<>()).addAll(those)));
        aside.clear();
        notifyAll();
    }

    /** A worker failed: every worker stops; the first failure is the page's. */
    synchronized void failed(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    synchronized RuntimeException failure() {
        return failure;
    }

    /** Runs one worker per provider until the page is done; rethrows the first failure. */
    void work(Consumer<String> worker, String threadName) {
        List<Thread> threads = new ArrayList<>();
        for (String connection : maxPerCall.keySet()) {
            Thread thread = new Thread(() -> {
                try {
                    worker.accept(connection);
                } catch (RuntimeException e) {
                    failed(e);
                } catch (Error e) {
                    failed(new IllegalStateException(e));
                    throw e;
                }
            }, threadName + "-" + connection);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(new IllegalStateException("interrupted while enriching", e));
            threads.forEach(Thread::interrupt);
        }
        if (failure() != null) {
            throw failure();
        }
    }
}

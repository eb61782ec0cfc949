package io.middlemile.enrich;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One page's lookups waiting per provider: a record waits at each provider its field groups ask next, once per
 * provider, so one call answers every group that asks that provider about the record (one base fee, one review item,
 * not one per group). A record also waits while another of its groups, waiting at or being asked by another provider,
 * may still come to this one (that provider may miss): were it asked now, the group coming later would be a second
 * lookup of the record here. A provider's worker takes a full call's worth, or what is there once no other provider's
 * call is in progress that could send it more (a partial call only then: rate limits count calls, not records).
 *
 * <p>Groups of a record that may each come to the other's provider ({@code A: crustdata then apollo}, {@code B: apollo
 * then crustdata}) would wait for each other for ever: of such a circle, the provider first by name is asked first, and the
 * others wait for its answer. Only then is a record asked twice at a provider in one page (short of buying values a
 * group's earlier provider may still find).
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
    /**
     * For what asks about a record at a provider, the providers it may still ask after that one in this page (it asks
     * them only if that one has no good answer).
     */
    private final BiFunction<K, T, Set<String>> later;
    /** Per asker, {@link #later} as it was when it was queued where it is (it changes only while its call is answered). */
    private final Map<T, Set<String>> laterOf = new HashMap<>();
    private final Map<String, LinkedHashMap<K, List<T>>> queues = new LinkedHashMap<>();
    /** Per provider, its calls in progress (the worker's, and asynchronous ones still awaited). */
    private final Map<String, Integer> busy = new HashMap<>();
    /** The calls taken and not yet {@link #answered}, by the map {@link #take} returned: what each asks about which record. */
    private final Map<Map<K, List<T>>, Call<K, T>> calls = new IdentityHashMap<>();
    /** Per provider, records waiting for a hold of the budget to be released before they are asked again. */
    private final Map<String, LinkedHashMap<K, List<T>>> aside = new LinkedHashMap<>();
    /** How many holds were released so far: a record refused before a release is asked again at once. */
    private long releases;
    private RuntimeException failure;

    /** A call taken at a provider: a copy of what it asks, as its worker may change the map it was given. */
    private record Call<K, T>(String connection, Map<K, List<T>> records) {
    }

    /**
     * Where a record is at one provider: what asks about it there may still go on to the providers {@code later}, and is
     * {@code moving} when it is not merely queued (in a call, or aside): it will come on, or not, without waiting for anyone.
     */
    private static final class Place {
        final Set<String> later = new HashSet<>();
        boolean moving;
    }

    /** @param maxPerCall per provider connection, the most records one call takes; no asker goes on to another provider */
    ProviderQueues(Map<String, Integer> maxPerCall) {
        this(maxPerCall, (record, asker) -> Set.of());
    }

    /**
     * @param maxPerCall per provider connection, the most records one call takes
     * @param later      for what asks about a record at the provider it is queued at, the providers it may still ask
     *                   after that one (asked when it is queued, on the queuing thread)
     */
    ProviderQueues(Map<String, Integer> maxPerCall, BiFunction<K, T, Set<String>> later) {
        this.maxPerCall = Map.copyOf(maxPerCall);
        this.later = later;
        maxPerCall.keySet().forEach(connection -> queues.put(connection, new LinkedHashMap<>()));
    }

    /**
     * Queues what asks about a record, per provider, at once (so a worker sees them together); joins the record's
     * place where it already waits.
     */
    void add(K record, Map<String, List<T>> askers) {
        // asked before the lock: the caller owns the askers until they are queued
        Map<T, Set<String>> next = new HashMap<>();
        askers.values().forEach(those -> those.forEach(asker -> next.put(asker, Set.copyOf(later.apply(record, asker)))));
        synchronized (this) {
            laterOf.putAll(next);
            askers.forEach((connection, those) -> queues.get(connection).computeIfAbsent(record, k -> new ArrayList<>()).addAll(those));
            notifyAll();
        }
    }

    /**
     * Waits for the provider's next call: up to its maximum of records with what asks about each, in the order they
     * came, of those that need not wait for another of their groups ({@link #mayAsk}). Empty when the page is done. Call
     * {@link #answered} once the call's records have gone on to their next providers, then {@link #finished}.
     */
    synchronized Map<K, List<T>> take(String connection) throws InterruptedException {
        LinkedHashMap<K, List<T>> queue = queues.get(connection);
        int max = maxPerCall.get(connection);
        while (true) {
            if (failure != null) {
                return Map.of();
            }
            // nothing in progress and nobody may be asked: what waits aside is asked again, or the page is done
            boolean idle = busy.isEmpty() && queues.keySet().stream().allMatch(other -> ready(other, 1).isEmpty());
            List<K> ready = ready(connection, max);
            if (idle && aside.isEmpty() && !queue.isEmpty()) {
                // mayAsk leaves a record of an idle page free to go somewhere, so this does not happen; were it to, the page
                // would wait for ever: rather ask in order, at the price of a second lookup of a record
                ready = List.copyOf(queue.keySet()).subList(0, Math.min(max, queue.size()));
            }
            // another provider's call in progress may still send records here; the provider's own answers do not
            boolean moreMayCome = busy.keySet().stream().anyMatch(other -> !other.equals(connection))
                    || queues.keySet().stream().anyMatch(other -> ready(other, maxPerCall.get(other)).size() >= maxPerCall.get(other));
            if (ready.size() >= max || (!ready.isEmpty() && !moreMayCome)) {
                Map<K, List<T>> call = new LinkedHashMap<>();
                Map<K, List<T>> copy = new LinkedHashMap<>();
                for (K record : ready) {
                    List<T> askers = queue.remove(record);
                    call.put(record, askers);
                    copy.put(record, List.copyOf(askers));
                }
                calls.put(call, new Call<>(connection, copy));
                begin(connection);
                return call;
            }
            if (idle) {
                if (!aside.isEmpty()) {
                    // no call left to release a hold: what waits aside is asked once more, against the holds that stay
                    requeueAside();
                    continue;
                }
                if (queues.values().stream().allMatch(Map::isEmpty)) {
                    notifyAll();
                    return Map.of();
                }
            }
            wait();
        }
    }

    /** Up to {@code max} records of the provider's queue that may be asked there now, in the order they came. */
    private List<K> ready(String connection, int max) {
        List<K> ready = new ArrayList<>();
        for (K record : queues.get(connection).keySet()) {
            if (ready.size() >= max) {
                break;
            }
            if (mayAsk(record, connection)) {
                ready.add(record);
            }
        }
        return ready;
    }

    /**
     * Whether a record queued at a provider may be asked there now: not while what asks about it at another provider may
     * still come here, unless that one waits, in turn, only for this one (a circle: the provider first by name goes).
     */
    private boolean mayAsk(K record, String connection) {
        Map<String, Place> places = places(record);
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(waitsFor(places, connection));
        while (!todo.isEmpty()) {
            String other = todo.poll();
            if (!reached.add(other) || other.equals(connection)) {
                continue;
            }
            if (places.get(other).moving) {
                return false; // asked or aside there now: it comes here or not once that is over
            }
            todo.addAll(waitsFor(places, other));
        }
        // every provider waited for, directly or not, is queued; unless each waits back for this one, one of them goes first
        for (String other : reached) {
            if (!other.equals(connection) && (!reaches(places, other, connection) || other.compareTo(connection) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** The providers whose askers about the record may still come to {@code connection}. */
    private static List<String> waitsFor(Map<String, Place> places, String connection) {
        List<String> from = new ArrayList<>();
        places.forEach((other, place) -> {
            if (!other.equals(connection) && place.later.contains(connection)) {
                from.add(other);
            }
        });
        return from;
    }

    /** Whether the record queued at {@code from} waits, directly or not, for its askers at {@code to}. */
    private static boolean reaches(Map<String, Place> places, String from, String to) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(waitsFor(places, from));
        while (!todo.isEmpty()) {
            String other = todo.poll();
            if (other.equals(to)) {
                return true;
            }
            if (seen.add(other) && !places.get(other).moving) {
                todo.addAll(waitsFor(places, other));
            }
        }
        return false;
    }

    /** Per provider, where the record is: queued, in a call, aside. */
    private Map<String, Place> places(K record) {
        Map<String, Place> places = new HashMap<>();
        queues.forEach((connection, queue) -> place(places, connection, queue.get(record), false));
        aside.forEach((connection, waiting) -> place(places, connection, waiting.get(record), true));
        calls.values().forEach(call -> place(places, call.connection(), call.records().get(record), true));
        return places;
    }

    private void place(Map<String, Place> places, String connection, List<T> askers, boolean moving) {
        if (askers == null) {
            return;
        }
        Place place = places.computeIfAbsent(connection, c -> new Place());
        place.moving |= moving;
        askers.forEach(asker -> place.later.addAll(laterOf.getOrDefault(asker, Set.of())));
    }

    /**
     * The records of a call {@link #take} returned have gone on to their next providers (queued there, or done): what waits
     * elsewhere for them to come or not may be asked.
     */
    synchronized void answered(Map<K, List<T>> call) {
        calls.remove(call);
        notifyAll();
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

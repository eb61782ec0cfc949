package io.middlemile.enrich;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.Enricher;
import io.middlemile.govern.GovernedSpend;
import io.middlemile.model.Entity;
import io.middlemile.model.SourceRef;
import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One run of a waterfall over records, page by page: per field group, its providers in order, each asked only for
 * the records and fields still missing a good value. Before any call: the cache (a result younger than the TTL is
 * used, never paid for again), the provider's required inputs, its {@code onlyIf}, the budgets and the per-record
 * ceiling, then the governed pipeline ({@link GovernedSpend}: kill switch, policy, caps, journal). Asynchronous
 * submissions are stored before the run waits on them; what is not answered within the waterfall's wait stays
 * pending in the store, and a later run collects it ({@link #collectEarlier()}) instead of submitting it again.
 *
 * <p>A provider that fails for the run (out of credits, its circuit open, a bad key) is not asked again in this
 * run; its records go on to the next provider of their group. {@link #enrich} runs the groups, and each group's
 * providers, on threads of its own; call it from one thread at a time (a job's pages come one after another).
 */
public final class WaterfallRun {

    private final Waterfall waterfall;
    private final Function<String, Enricher> providers;
    private final EnrichStores stores;
    private final GovernedSpend spend;
    private final Long runId;
    private final String job;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Budget budget;
    private final Tally tally = new Tally();
    /** Where counts go: the run's tally, or while groups run side by side, the tally of the group's own thread. */
    private final ThreadLocal<Tally> counting = ThreadLocal.withInitial(() -> tally);
    /** Providers not asked again this run, with the reason. */
    private final Map<String, String> unavailable = new ConcurrentHashMap<>();
    private final Instant waitUntil;
    /**
     * {@code order: adaptive}: per group, per segment, the providers in the order they are asked; the segment
     * {@link #ANY_SEGMENT} holds what all segments together taught, for segments with too little history.
     */
    private final Map<String, Map<String, List<Waterfall.Step>>> order;

    /** The key of the order learned from every segment's lookups. */
    private static final String ANY_SEGMENT = "*";
    /** Lookups a segment needs in a group before its own order is trusted over the one of all segments. */
    static final int MIN_SEGMENT_LOOKUPS = 20;

    /** Waits between polls; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param spend null in a plan: nothing is called or spent, the run only counts what it would ask and may cost
     */
    public WaterfallRun(Waterfall waterfall, Function<String, Enricher> providers, EnrichStores stores, GovernedSpend spend,
                        Long runId, String job, Clock clock, Sleeper sleeper) {
        this.waterfall = waterfall;
        // opened here, on the caller's thread: the run's connectors are not opened from the groups' threads
        Map<String, Enricher> serial = new LinkedHashMap<>();
        waterfall.groups().forEach(group -> group.steps().forEach(step ->
                serial.computeIfAbsent(step.connection(), connection -> new SerialEnricher(providers.apply(connection)))));
        Map<String, Enricher> opened = Map.copyOf(serial);
        this.providers = connection -> {
            Enricher enricher = opened.get(connection);
            if (enricher == null) {
                throw new IllegalStateException("waterfall " + waterfall.id() + " asks no provider " + connection);
            }
            return enricher;
        };
        this.stores = stores;
        this.spend = spend;
        this.runId = runId;
        this.job = job;
        this.clock = clock;
        this.sleeper = sleeper;
        this.budget = new Budget(waterfall, spentBefore());
        this.waitUntil = clock.instant().plusSeconds(waterfall.waitSeconds());
        this.order = waterfall.adaptive() ? learnedOrder() : Map.of();
    }

    /**
     * {@code order: adaptive}: per group and segment, the listed providers in the order with the lowest expected cost
     * per record, from the hit rates and costs of the last 90 days' lookups ({@link SpendReport}); a segment with fewer
     * than {@link #MIN_SEGMENT_LOOKUPS} lookups in a group uses the order all segments together taught, and a group
     * without history keeps the listed order.
     */
    private Map<String, Map<String, List<Waterfall.Step>>> learnedOrder() {
        Map<String, List<String>> listed = new LinkedHashMap<>();
        waterfall.groups().forEach(g -> listed.put(g.name(), g.steps().stream().map(Waterfall.Step::connection).toList()));
        List<EnrichSpendStore.Spend> rows = stores.spend().since(waterfall.id(), clock.instant().minus(Duration.ofDays(90)));
        Map<String, List<EnrichSpendStore.Spend>> bySegment = new LinkedHashMap<>();
        bySegment.put(ANY_SEGMENT, rows);
        rows.forEach(row -> bySegment.computeIfAbsent(row.segment(), k -> new ArrayList<>()).add(row));
        Map<String, Map<String, List<Waterfall.Step>>> learned = new LinkedHashMap<>();
        bySegment.forEach((segment, segmentRows) -> {
            SpendReport history = SpendReport.of(segmentRows, listed);
            for (Waterfall.Group group : waterfall.groups()) {
                SpendReport.Group seen = history.groups().get(group.name());
                long lookups = segmentRows.stream().filter(row -> row.group().equals(group.name())).count();
                if (seen == null || (!segment.equals(ANY_SEGMENT) && lookups < MIN_SEGMENT_LOOKUPS)) {
                    continue;
                }
                List<Waterfall.Step> steps = new ArrayList<>();
                for (String connection : seen.cheapest()) {
                    group.steps().stream().filter(s -> s.connection().equals(connection)).forEach(steps::add);
                }
                // providers never asked yet keep their listed place after the learned ones
                group.steps().stream().filter(s -> !steps.contains(s)).forEach(steps::add);
                learned.computeIfAbsent(group.name(), k -> new LinkedHashMap<>()).put(segment, List.copyOf(steps));
            }
        });
        return learned;
    }

    /** The providers of a group in the order a record of this segment asks them. */
    private List<Waterfall.Step> stepsFor(Waterfall.Group group, String segment) {
        Map<String, List<Waterfall.Step>> learned = order.get(group.name());
        if (learned == null) {
            return group.steps();
        }
        return learned.getOrDefault(segment, learned.getOrDefault(ANY_SEGMENT, group.steps()));
    }

    public Tally tally() {
        synchronized (tally) {
            return tally;
        }
    }

    private Tally.Counts counts(String connection) {
        return counting.get().of(connection);
    }

    public Waterfall waterfall() {
        return waterfall;
    }

    private boolean planning() {
        return spend == null;
    }

    // ------------------------------------------------------------------ one page

    /** A record's progress: what it still needs per group, what was found, what it cost, what to tell. */
    private static final class Progress {
        final Subject subject;
        /** The record's segment, which its lookups are counted in and which picks its adaptive order. */
        final String segment;
        // groups run side by side, each on its own fields of the record: the record's state is shared, so guarded
        final Map<String, Enrichment.Value> values = new ConcurrentHashMap<>();
        final List<String> notes = Collections.synchronizedList(new ArrayList<>());
        private double cost;
        /** Groups a provider has not answered yet: not asked of anyone else this run. */
        final Set<String> pendingGroups = ConcurrentHashMap.newKeySet();

        synchronized double cost() {
            return cost;
        }

        synchronized void addCost(double more) {
            cost += more;
        }

        Progress(Subject subject, Entity entity) {
            this.subject = subject;
            this.segment = Segment.of(entity, subject.values());
        }
    }

    /** One lookup in flight: whose, for which group and fields, under which journal entry. */
    private record Asked(Progress progress, Waterfall.Group group, String lookupKey, Set<String> fields, double reserved) {
    }

    /**
     * Enriches one page of records; returns what was found per record key. The groups are looked up side by side,
     * one thread each, so every provider works while another group waits on a slower one (in order when the
     * waterfall has a per-record ceiling); within a group the providers are asked in order.
     */
    public Map<String, Enrichment> enrich(List<Subject> subjects) {
        Map<String, Progress> all = new LinkedHashMap<>();
        subjects.forEach(subject -> all.put(subject.key(), new Progress(subject, waterfall.entity())));
        List<Waterfall.Group> groups = waterfall.groups();
        if (groups.size() == 1 || waterfall.limits().perRecord() != null) {
            // with a per-record ceiling, what a record may still spend depends on what its earlier groups cost: in order
            groups.forEach(group -> enrichGroup(group, all));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(groups.size(), runnable -> {
                Thread thread = new Thread(runnable, "enrich-" + waterfall.id());
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (Waterfall.Group group : groups) {
                    running.add(pool.submit(() -> {
                        Tally own = new Tally();
                        counting.set(own);
                        try {
                            enrichGroup(group, all);
                        } finally {
                            counting.remove();
                            synchronized (tally) {
                                tally.add(own);
                            }
                        }
                    }));
                }
                for (Future<?> group : running) {
                    join(group);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Map<String, Enrichment> result = new LinkedHashMap<>();
        all.forEach((key, progress) -> result.put(key, new Enrichment(progress.values, progress.cost(), List.copyOf(progress.notes),
                !progress.pendingGroups.isEmpty())));
        return result;
    }

    /** Waits for one group; its failure (a halt, the kill switch) is the page's. */
    private static void join(Future<?> group) {
        try {
            group.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enriching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void enrichGroup(Waterfall.Group group, Map<String, Progress> all) {
        // records whose segments ask the providers in the same order go through the group together
        Map<List<Waterfall.Step>, Map<Progress, Set<String>>> byOrder = new LinkedHashMap<>();
        for (Progress progress : all.values()) {
            Set<String> wanted = waterfall.refresh() ? new LinkedHashSet<>(group.fields()) : progress.subject.missing(group.fields());
            if (wanted.isEmpty()) {
                continue; // never pay for a value the record has
            }
            byOrder.computeIfAbsent(stepsFor(group, progress.segment), k -> new LinkedHashMap<>()).put(progress, wanted);
        }
        byOrder.forEach((steps, open) -> enrichGroup(group, steps, open));
    }

    private void enrichGroup(Waterfall.Group group, List<Waterfall.Step> steps, Map<Progress, Set<String>> open) {
        if (steps.size() > 1 && waterfall.limits().perRecord() == null) {
            pipelined(group, steps, open);
            return;
        }
        for (Waterfall.Step step : steps) {
            if (open.isEmpty()) {
                break;
            }
            ask(group, step, open);
        }
    }

    /** Marks the end of a stage's input. */
    private static final Object END = new Object();

    /**
     * The providers of a group as a pipeline, one thread each: a provider asks about a record as soon as the one
     * before it missed it, in calls as full as the provider takes (it waits for that many records, or for the one
     * before it to finish), rather than after the previous provider went through the whole page.
     */
    private void pipelined(Waterfall.Group group, List<Waterfall.Step> steps, Map<Progress, Set<String>> open) {
        List<BlockingQueue<Object>> inputs = new ArrayList<>();
        steps.forEach(step -> inputs.add(new LinkedBlockingQueue<>()));
        open.forEach((progress, wanted) -> inputs.get(0).add(Map.entry(progress, wanted)));
        inputs.get(0).add(END);
        ExecutorService pool = Executors.newFixedThreadPool(steps.size(), runnable -> {
            Thread thread = new Thread(runnable, "enrich-" + waterfall.id() + "-" + group.name());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> stages = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Waterfall.Step step = steps.get(i);
                BlockingQueue<Object> input = inputs.get(i);
                BlockingQueue<Object> next = i + 1 < steps.size() ? inputs.get(i + 1) : null;
                stages.add(pool.submit(() -> {
                    stage(group, step, input, next);
                    return null;
                }));
            }
            for (Future<?> stage : stages) {
                join(stage);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private void stage(Waterfall.Group group, Waterfall.Step step, BlockingQueue<Object> input,
                       BlockingQueue<Object> next) throws InterruptedException {
        Tally own = new Tally();
        counting.set(own);
        try {
            int max = providers.apply(step.connection()).offers().stream().filter(o -> o.entity() == waterfall.entity())
                    .mapToInt(Enricher.Offer::maxPerCall).findFirst().orElse(1);
            boolean done = false;
            while (!done) {
                Map<Progress, Set<String>> chunk = new LinkedHashMap<>();
                while (chunk.size() < max) {
                    Object item = input.take();
                    if (item == END) {
                        done = true;
                        break;
                    }
                    Map.Entry<Progress, Set<String>> entry = (Map.Entry<Progress, Set<String>>) item;
                    if (!entry.getKey().pendingGroups.contains(group.name()) && callable(step, entry.getKey(), entry.getValue())) {
                        chunk.put(entry.getKey(), entry.getValue());
                    } else {
                        // counted as skipped with its reason, and handed on at once: it takes no place in a call
                        Map<Progress, Set<String>> alone = new LinkedHashMap<>(Map.of(entry.getKey(), entry.getValue()));
                        ask(group, step, alone);
                        if (next != null) {
                            alone.forEach((progress, wanted) -> next.add(Map.entry(progress, wanted)));
                        }
                    }
                }
                if (!chunk.isEmpty()) {
                    ask(group, step, chunk);
                }
                if (next != null) {
                    chunk.forEach((progress, wanted) -> next.add(Map.entry(progress, wanted)));
                }
            }
        } finally {
            if (next != null) {
                next.add(END);
            }
            counting.remove();
            synchronized (tally) {
                tally.add(own);
            }
        }
    }

    /** Whether a provider could be called about a record at all (the free checks of {@link #ask}, nothing counted). */
    private boolean callable(Waterfall.Step step, Progress progress, Set<String> wanted) {
        Enricher enricher = providers.apply(step.connection());
        if (unavailable.containsKey(step.connection()) || step.notApplying(progress.subject.values()) != null) {
            return false;
        }
        Set<String> asked = new LinkedHashSet<>(wanted);
        asked.retainAll(enricher.offers().stream().filter(o -> o.entity() == waterfall.entity()).flatMap(o -> o.values().stream())
                .collect(Collectors.toSet()));
        Map<String, String> inputs = progress.subject.inputs(waterfall.entity());
        return !asked.isEmpty() && LookupKey.of(waterfall.entity(), inputs) != null
                && enricher.canLookUp(new EnrichRequest(progress.subject.key(), inputs, asked));
    }

    /** Asks one provider of a group for the open records it can look up; removes the ones it satisfied. */
    private void ask(Waterfall.Group group, Waterfall.Step step, Map<Progress, Set<String>> open) {
        String connection = step.connection();
        Tally.Counts counts = counts(connection);
        Enricher enricher = providers.apply(connection);
        Set<String> offered = enricher.offers().stream().filter(o -> o.entity() == waterfall.entity())
                .flatMap(o -> o.values().stream()).collect(Collectors.toSet());
        List<Asked> toCall = new ArrayList<>();
        // one cache read for every record asked about here, not one per record
        Set<String> keys = new LinkedHashSet<>();
        open.keySet().forEach(progress -> {
            String key = LookupKey.of(waterfall.entity(), progress.subject.inputs(waterfall.entity()));
            if (key != null) {
                keys.add(key);
            }
        });
        Map<String, Map<String, EnrichCacheStore.Cached>> cache = stores.cache().find(connection, waterfall.entity().id(), keys,
                clock.instant().minus(Duration.ofDays(waterfall.ttlDays())));
        for (Map.Entry<Progress, Set<String>> entry : open.entrySet()) {
            Progress progress = entry.getKey();
            if (progress.pendingGroups.contains(group.name())) {
                continue;
            }
            Set<String> wanted = new LinkedHashSet<>(entry.getValue());
            wanted.retainAll(offered);
            if (wanted.isEmpty()) {
                // e.g. Apollo offers mobile phones only with its webhook configured
                counts.skip("does not offer " + String.join(", ", entry.getValue()) + " as configured");
                continue;
            }
            String notApplying = step.notApplying(progress.subject.values());
            if (notApplying != null) {
                counts.skip(notApplying);
                continue;
            }
            Map<String, String> inputs = progress.subject.inputs(waterfall.entity());
            EnrichRequest request = new EnrichRequest(progress.subject.key(), inputs, wanted);
            String lookupKey = LookupKey.of(waterfall.entity(), inputs);
            if (lookupKey == null || !enricher.canLookUp(request)) {
                counts.skip("missing inputs");
                continue;
            }
            if (fromCache(group, connection, progress, cache.getOrDefault(lookupKey, Map.of()), wanted)) {
                continue;
            }
            if (unavailable.containsKey(connection)) {
                counts.skip(unavailable.get(connection));
                continue;
            }
            double maxCredits = enricher.maxCost(waterfall.entity(), wanted);
            // a plan reserves too and never settles: it counts as if every lookup cost the most it can
            String refusal = budget.reserve(connection, maxCredits, progress.cost());
            if (refusal != null) {
                counts.skip(refusal.startsWith("per-record") ? "per-record ceiling" : refusal);
                progress.notes.add(group.name() + ": " + connection + " not asked: " + refusal);
                continue;
            }
            toCall.add(new Asked(progress, group, lookupKey, wanted, maxCredits));
        }
        if (planning()) {
            for (Asked asked : toCall) {
                counts.lookups++;
                double credits = enricher.maxCost(waterfall.entity(), asked.fields());
                counts.credits += credits;
                counts.cost += credits * waterfall.price(connection);
            }
            // a plan counts the first provider each record would be asked, as if it found everything: later ones only
            // spend when it misses, which a plan cannot know
            toCall.forEach(asked -> open.remove(asked.progress()));
            return;
        }
        int max = enricher.offers().stream().filter(o -> o.entity() == waterfall.entity()).mapToInt(Enricher.Offer::maxPerCall)
                .findFirst().orElse(1);
        List<EnrichTicket> waiting = new ArrayList<>();
        Map<String, Asked> byKey = new HashMap<>();
        for (int from = 0; from < toCall.size(); from += max) {
            List<Asked> chunk = toCall.subList(from, Math.min(toCall.size(), from + max));
            call(group, connection, enricher, chunk, byKey, waiting);
        }
        if (!waiting.isEmpty()) {
            await(connection, enricher, waiting, byKey);
        }
        // records whose every wanted field now has a good value leave the group
        open.entrySet().removeIf(entry -> {
            Progress progress = entry.getKey();
            entry.getValue().removeIf(field -> {
                Enrichment.Value value = progress.values.get(field);
                return value != null && group.stop().good(value.found());
            });
            return entry.getValue().isEmpty();
        });
    }

    /** Answers a lookup from the cache when every wanted field is remembered; true when it was. */
    private boolean fromCache(Waterfall.Group group, String connection, Progress progress, Map<String, EnrichCacheStore.Cached> cached,
                              Set<String> fields) {
        if (!cached.keySet().containsAll(fields)) {
            return false;
        }
        Tally.Counts counts = counts(connection);
        counts.cached++;
        for (String field : fields) {
            EnrichCacheStore.Cached answer = cached.get(field);
            if (answer.found() && answer.value() != null) {
                Object value = answer.value().get("value");
                Object confidence = answer.value().get("confidence");
                Object verification = answer.value().get("verification");
                if (value != null) {
                    keep(group, progress, field, new EnrichResult.Found(value, confidence instanceof Number n ? n.doubleValue() : null,
                            verification == null ? null : verification.toString()), connection, answer.lookedUpAt(), 0, true);
                }
            }
        }
        return true;
    }

    private void call(Waterfall.Group group, String connection, Enricher enricher, List<Asked> chunk, Map<String, Asked> byKey,
                      List<EnrichTicket> waiting) {
        Tally.Counts counts = counts(connection);
        List<GovernedSpend.Lookup> lookups = new ArrayList<>();
        for (Asked asked : chunk) {
            Map<String, Object> intent = new LinkedHashMap<>();
            intent.put("waterfall", waterfall.id());
            intent.put("group", group.name());
            intent.put("fields", List.copyOf(asked.fields()));
            intent.put("maxCredits", enricher.maxCost(waterfall.entity(), asked.fields()));
            lookups.add(new GovernedSpend.Lookup(asked.lookupKey(), intent));
        }
        GovernedSpend.Permit permit = spend.intend(connection, waterfall.object(), lookups);
        List<EnrichRequest> requests = new ArrayList<>();
        for (Asked asked : chunk) {
            String refusal = permit.refused().get(asked.lookupKey());
            if (refusal != null || !permit.allowed(asked.lookupKey())) {
                budget.settle(connection, asked.reserved(), 0);
                counts.skip("policy");
                asked.progress().notes.add(group.name() + ": " + connection + " not asked: " + refusal);
                continue;
            }
            byKey.put(asked.progress().subject.key(), asked);
            requests.add(new EnrichRequest(asked.progress().subject.key(), asked.progress().subject.inputs(waterfall.entity()),
                    asked.fields()));
        }
        if (requests.isEmpty()) {
            return;
        }
        counts.calls++;
        counts.lookups += requests.size();
        EnrichAnswer answer;
        try {
            answer = enricher.submit(waterfall.entity(), requests);
        } catch (ConnectorException e) {
            spend.settled(permit, false, Map.of());
            String reason = unavailableReason(connection, e);
            unavailable.put(connection, reason);
            for (EnrichRequest request : requests) {
                Asked asked = byKey.remove(request.key());
                budget.settle(connection, asked.reserved(), 0);
                counts.skip(reason);
                asked.progress().notes.add(group.name() + ": " + reason);
            }
            counts.lookups -= requests.size();
            return;
        }
        Map<String, String> details = new HashMap<>();
        answer.results().forEach(result -> details.put(lookupKeyOf(byKey, result.key()), result.outcome().name().toLowerCase()
                + ", " + Budget.number(result.credits()) + " credits"));
        answer.pending().ifPresent(ticket -> ticket.keys().forEach(key -> details.put(lookupKeyOf(byKey, key),
                "submitted as " + ticket.id())));
        spend.settled(permit, true, details);
        answer.results().forEach(result -> apply(connection, byKey, result));
        answer.pending().ifPresent(ticket -> {
            stores.tickets().save(connection, waterfall.entity().id(), ticket.id(), lookupsOf(byKey, ticket.keys()), ticket.state(),
                    ticket.pollAt(), runId, job, waterfall.id());
            waiting.add(ticket);
        });
    }

    private static String lookupKeyOf(Map<String, Asked> byKey, String requestKey) {
        Asked asked = byKey.get(requestKey);
        return asked == null ? requestKey : asked.lookupKey();
    }

    /** What a stored ticket must remember per request key, so an answer after a restart still reaches the cache. */
    private Map<String, Object> lookupsOf(Map<String, Asked> byKey, List<String> keys) {
        Map<String, Object> lookups = new LinkedHashMap<>();
        for (String key : keys) {
            Asked asked = byKey.get(key);
            if (asked != null) {
                Map<String, Object> lookup = new LinkedHashMap<>();
                lookup.put("lookupKey", asked.lookupKey());
                lookup.put("group", asked.group().name());
                lookup.put("fields", List.copyOf(asked.fields()));
                SourceRef origin = asked.progress().subject.origin();
                if (origin != null) {
                    // where the record came from: a late answer has it read again (retry queue) to write what was found
                    lookup.put("origin", List.of(origin.connection(), origin.object(), origin.sourceId()));
                    lookup.put("location", asked.progress().subject.location());
                }
                lookups.put(key, lookup);
            }
        }
        return lookups;
    }

    /** Polls (or reads delivered webhook payloads of) the tickets until answered or the run's wait is used up. */
    private void await(String connection, Enricher enricher, List<EnrichTicket> tickets, Map<String, Asked> byKey) {
        List<EnrichTicket> open = new ArrayList<>(tickets);
        while (!open.isEmpty()) {
            Instant now = clock.instant();
            List<EnrichTicket> next = new ArrayList<>();
            // one read of the stored submissions a round, for the deliveries that came in meanwhile
            Map<String, EnrichTicketStore.Ticket> storedById = new HashMap<>();
            stores.tickets().pending(waterfall.id()).stream().filter(t -> t.connection().equals(connection))
                    .forEach(t -> storedById.put(t.ticket(), t));
            for (EnrichTicket ticket : open) {
                EnrichTicketStore.Ticket stored = storedById.get(ticket.id());
                if (stored != null && stored.delivered() == null && ticket.pollAt().isAfter(now)) {
                    next.add(ticket);
                    continue;
                }
                EnrichAnswer answer;
                try {
                    answer = stored != null && stored.delivered() != null ? enricher.delivered(ticket, stored.delivered())
                            : enricher.poll(ticket);
                } catch (ConnectorException e) {
                    // the ticket stays stored and pending: a later run polls it again, nothing is submitted twice
                    String reason = unavailableReason(connection, e);
                    markPending(ticket, byKey, connection, reason);
                    continue;
                }
                answer.results().forEach(result -> apply(connection, byKey, result));
                if (answer.pending().isPresent()) {
                    EnrichTicket later = answer.pending().get();
                    if (stored != null) {
                        stores.tickets().stillPending(stored.id(), lookupsOf(byKey, later.keys()), later.state(), later.pollAt());
                    }
                    next.add(later);
                } else if (stored != null) {
                    stores.tickets().done(stored.id(), answer.results().size() + " answered");
                }
            }
            open = next;
            if (open.isEmpty()) {
                return;
            }
            Instant earliest = open.stream().map(EnrichTicket::pollAt).min(Instant::compareTo).orElse(now);
            if (earliest.isAfter(waitUntil)) {
                open.forEach(ticket -> markPending(ticket, byKey, connection, "its answer is due after this run's wait of "
                        + waterfall.waitSeconds() + " s"));
                return;
            }
            try {
                Duration pause = Duration.between(clock.instant(), earliest);
                if (!pause.isNegative() && !pause.isZero()) {
                    sleeper.sleep(Duration.ofMillis(Math.min(pause.toMillis(), 1_000)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                open.forEach(ticket -> markPending(ticket, byKey, connection, "the run was interrupted"));
                return;
            }
        }
    }

    private void markPending(EnrichTicket ticket, Map<String, Asked> byKey, String connection, String why) {
        for (String key : ticket.keys()) {
            Asked asked = byKey.get(key);
            if (asked == null) {
                continue;
            }
            asked.progress().pendingGroups.add(asked.group().name());
            counts(connection).pending++;
            asked.progress().notes.add(asked.group().name() + ": pending at " + connection + " (submission " + ticket.id() + "; " + why
                    + "); the next run collects the answer and queues this record to be read again (job retry-failed);"
                    + " nothing is submitted again");
        }
    }

    /** Books one answered lookup: the ledger, the budget, the cache, and the record's values. */
    private void apply(String connection, Map<String, Asked> byKey, EnrichResult result) {
        Asked asked = byKey.get(result.key());
        if (asked == null) {
            return; // an answer for a key this call did not ask: ignored rather than guessed at
        }
        Tally.Counts counts = counts(connection);
        Instant now = clock.instant();
        double cost = budget.settle(connection, asked.reserved(), result.credits());
        counts.credits += result.credits();
        counts.cost += cost;
        asked.progress().addCost(cost);
        switch (result.outcome()) {
            case FOUND -> counts.hits++;
            case NOT_FOUND -> counts.misses++;
            case REJECTED -> {
                counts.rejected++;
                asked.progress().notes.add(asked.group().name() + ": " + connection + " refused the lookup: " + result.reason());
            }
        }
        List<String> found = new ArrayList<>();
        List<EnrichCacheStore.Cached> remember = new ArrayList<>();
        for (String field : asked.fields()) {
            EnrichResult.Found value = result.values().get(field);
            if (value != null) {
                found.add(field);
                keep(asked.group(), asked.progress(), field, value, connection, now, cost, false);
            }
            if (result.outcome() != EnrichResult.Outcome.REJECTED) {
                remember.add(new EnrichCacheStore.Cached(field, value != null, value == null ? null : foundJson(value), now));
            }
        }
        stores.cache().put(connection, waterfall.entity().id(), asked.lookupKey(), remember);
        stores.spend().record(new EnrichSpendStore.Spend(runId, job, waterfall.id(), asked.group().name(), connection,
                asked.lookupKey(), List.copyOf(new TreeSet<>(asked.fields())), found, result.credits(), cost, now,
                asked.progress().subject.values().isEmpty() ? "" : asked.progress().segment));
    }

    private static Map<String, Object> foundJson(EnrichResult.Found found) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("value", found.value());
        if (found.confidence() != null) {
            json.put("confidence", found.confidence());
        }
        if (found.verification() != null) {
            json.put("verification", found.verification());
        }
        return json;
    }

    private void keep(Waterfall.Group group, Progress progress, String field, EnrichResult.Found found, String connection,
                      Instant at, double cost, boolean cached) {
        Enrichment.Value current = progress.values.get(field);
        EnrichResult.Found better = group.stop().better(current == null ? null : current.found(), found);
        if (current == null || better != current.found()) {
            progress.values.put(field, new Enrichment.Value(found, connection, at, cost, cached));
        }
    }

    private String unavailableReason(String connection, ConnectorException e) {
        return switch (e.kind()) {
            case QUOTA_EXHAUSTED -> connection + " is out of credits or quota: " + e.getMessage();
            case AUTH -> connection + " refused the credentials: " + e.getMessage();
            case RATE_LIMITED -> connection + " stayed rate-limited: " + e.getMessage();
            default -> connection + " is unavailable: " + e.getMessage();
        };
    }

    // ------------------------------------------------------------------ earlier runs

    /**
     * Collects the answers of submissions earlier runs left pending (a crash, a restart, a wait used up): each
     * is polled, or read from its webhook delivery, never submitted again. The answers go to the cache and the
     * ledger, so this run's records find them there. Returns how many submissions were completed.
     */
    public int collectEarlier() {
        if (planning()) {
            return 0;
        }
        int completed = 0;
        for (EnrichTicketStore.Ticket stored : stores.tickets().pending(waterfall.id())) {
            if (stored.delivered() == null && stored.pollAt().isAfter(clock.instant())) {
                continue;
            }
            if (waterfall.groups().stream().flatMap(g -> g.steps().stream()).noneMatch(s -> s.connection().equals(stored.connection()))) {
                stores.tickets().failed(stored.id(), "enrich/" + waterfall.id() + ".yaml no longer asks " + stored.connection()
                        + ", so its answer to submission " + stored.ticket() + " is not collected");
                continue;
            }
            Enricher enricher = providers.apply(stored.connection());
            EnrichTicket ticket = new EnrichTicket(stored.ticket(), List.copyOf(stored.lookups().keySet()), stored.state(), stored.pollAt());
            EnrichAnswer answer;
            try {
                answer = stored.delivered() != null ? enricher.delivered(ticket, stored.delivered()) : enricher.poll(ticket);
            } catch (ConnectorException e) {
                if (e.kind() == ConnectorException.Kind.FATAL) {
                    stores.tickets().failed(stored.id(), e.getMessage());
                }
                continue;
            }
            Map<String, Asked> byKey = new HashMap<>();
            stored.lookups().forEach((key, value) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> lookup = (Map<String, Object>) value;
                Waterfall.Group group = waterfall.groups().stream().filter(g -> g.name().equals(lookup.get("group"))).findFirst()
                        .orElse(waterfall.groups().get(0));
                @SuppressWarnings("unchecked")
                List<String> fields = (List<String>) lookup.get("fields");
                byKey.put(key, new Asked(new Progress(new Subject(key, Map.of()), waterfall.entity()), group, (String) lookup.get("lookupKey"),
                        new LinkedHashSet<>(fields), 0));
            });
            answer.results().forEach(result -> apply(stored.connection(), byKey, result));
            answer.results().forEach(result -> readAgain(stored, result));
            if (answer.pending().isPresent()) {
                EnrichTicket later = answer.pending().get();
                Map<String, Object> still = new LinkedHashMap<>();
                later.keys().forEach(key -> still.put(key, stored.lookups().get(key)));
                stores.tickets().stillPending(stored.id(), still, later.state(), later.pollAt());
            } else {
                stores.tickets().done(stored.id(), answer.results().size() + " answered after the submitting run");
                completed++;
            }
        }
        return completed;
    }

    /**
     * A record the submitting run wrote without this answer is queued to be read again by its job
     * ({@code middlemile job retry-failed JOB}); the values then come from the cache, at no cost.
     */
    private void readAgain(EnrichTicketStore.Ticket stored, EnrichResult result) {
        if (stores.readAgain() == null || stored.job() == null || stored.runId() == null || result.values().isEmpty()) {
            return;
        }
        if (!(stored.lookups().get(result.key()) instanceof Map<?, ?> lookup) || !(lookup.get("origin") instanceof List<?> origin)
                || origin.size() != 3) {
            return;
        }
        stores.readAgain().readAgain(stored.job(), new SourceRef(String.valueOf(origin.get(0)), String.valueOf(origin.get(1)),
                        String.valueOf(origin.get(2))), lookup.get("location") == null ? null : String.valueOf(lookup.get("location")),
                stored.runId(), stored.connection() + " answered after run " + stored.runId() + " (found "
                        + String.join(", ", new TreeSet<>(result.values().keySet())) + "); read again to write it, at no cost");
    }

    /** Deletes cached personal data older than the retention limit; returns how many answers were deleted. */
    public int purgeExpired() {
        return stores.cache().purgeBefore(clock.instant().minus(Duration.ofDays(waterfall.retentionDays())));
    }

    private Budget.Before spentBefore() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant dayStart = today.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant monthStart = today.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<String, Double> creditsToday = new HashMap<>();
        Map<String, Double> creditsMonth = new HashMap<>();
        for (String connection : waterfall.limits().providers().keySet()) {
            creditsToday.put(connection, stores.spend().creditsSince(connection, dayStart));
            creditsMonth.put(connection, stores.spend().creditsSince(connection, monthStart));
        }
        return new Budget.Before(stores.spend().costSince(waterfall.id(), dayStart), stores.spend().costSince(waterfall.id(), monthStart),
                creditsToday, creditsMonth);
    }
}

package io.middlemile.enrich;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.Enricher;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.model.Entity;
import io.middlemile.model.SourceRef;
import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichHeldStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;
import io.middlemile.store.ReviewItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One run of a waterfall over records, page by page: per field group, its providers in order, each asked only for
 * the records and fields still missing a good value. Before any call: the cache (a result younger than the TTL is
 * used, never paid for again), the provider's required inputs, its {@code onlyIf}, the budgets and the per-record
 * ceiling, then the governed pipeline ({@link GovernedCalls}: kill switch, policy, caps, journal). Asynchronous
 * submissions are stored before the run waits on them; what is not answered within the waterfall's wait stays
 * pending in the store, and a later run collects it ({@link #collectEarlier()}) instead of submitting it again. A lookup
 * the policy holds back for review is kept with its record, and a later run makes it once approved
 * ({@link #lookUpApproved()}), whether or not the job reads the record again.
 *
 * <p>A provider that fails for the run (out of credits, its circuit open, a bad key) is not asked again in this
 * run; its records go on to the next provider of their group. {@link #enrich} runs one worker thread per provider
 * ({@link ProviderQueues}) and one per asynchronous call awaited; call it from one thread at a time (a job's pages
 * come one after another).
 */
public final class WaterfallRun {

    private static final Logger LOG = LoggerFactory.getLogger(WaterfallRun.class);

    private final Waterfall waterfall;
    private final Function<String, Enricher> providers;
    /** Per provider, the values it offers for the waterfall's entity. */
    private final Map<String, Set<String>> offered;
    /** Per provider, the most records one call takes. */
    private final Map<String, Integer> maxPerCall;
    private final EnrichStores stores;
    private final GovernedCalls spend;
    private final Long runId;
    private final String job;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Budget budget;
    /**
     * The queues of the page being enriched, told when a lookup's hold on the budget is released, so that lookups refused
     * only for holds are asked again ({@link ProviderQueues#whenReleased}); null between pages.
     */
    private volatile ProviderQueues<Progress, Track> pageQueues;
    private final Tally tally = new Tally();
    /** Where counts go: the run's tally, or on a provider's worker (or awaiting) thread, that thread's own tally. */
    private final ThreadLocal<Tally> counting = ThreadLocal.withInitial(() -> tally);
    /** Per job, the records that answers collected from earlier runs queued to be read again. */
    private final Map<String, Integer> queuedToReadAgain = new ConcurrentHashMap<>();
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
    private static final Pattern WAITING_FOR_REVIEW = Pattern.compile("waiting for review #(\\d+)");
    private static final Pattern REJECTED_IN_REVIEW = Pattern.compile("rejected in review #(\\d+)");
    /** The key of a cached value's lookup cost, in the waterfall's currency (the group's share of the lookup). */
    private static final String CACHED_COST = "cost";

    /** Waits between polls; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param spend null in a plan: nothing is called or spent, the run only counts what it would ask and may cost
     */
    public WaterfallRun(Waterfall waterfall, Function<String, Enricher> providers, EnrichStores stores, GovernedCalls spend,
                        Long runId, String job, Clock clock, Sleeper sleeper) {
        this.waterfall = waterfall;
        // opened here, on the caller's thread: the run's connectors are not opened from the providers' workers
        Map<String, Enricher> opening = new LinkedHashMap<>();
        waterfall.groups().forEach(group -> group.steps().forEach(step ->
                opening.computeIfAbsent(step.connection(), connection -> new SerialEnricher(providers.apply(connection)))));
        Map<String, Enricher> opened = Map.copyOf(opening);
        Map<String, Set<String>> offers = new LinkedHashMap<>();
        Map<String, Integer> maxima = new LinkedHashMap<>();
        opened.forEach((connection, enricher) -> {
            List<Enricher.Offer> ofEntity = enricher.offers().stream().filter(o -> o.entity() == waterfall.entity()).toList();
            offers.put(connection, ofEntity.stream().flatMap(o -> o.values().stream()).collect(Collectors.toUnmodifiableSet()));
            maxima.put(connection, ofEntity.stream().mapToInt(Enricher.Offer::maxPerCall).findFirst().orElse(1));
        });
        this.offered = Map.copyOf(offers);
        this.maxPerCall = Map.copyOf(maxima);
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
        /** What identifies the record to a provider, and the identity its answers are cached under (null: none). */
        final Map<String, String> inputs;
        final String lookupKey;
        /** One per group the record needs values of, in the waterfall's order. */
        final List<Track> tracks = new ArrayList<>();
        // providers answer about the record side by side, each for its own groups: the record's state is shared, so guarded
        final Map<String, Enrichment.Value> values = new ConcurrentHashMap<>();
        final List<String> notes = Collections.synchronizedList(new ArrayList<>());
        private double cost;
        /** Groups a provider has not answered yet: not asked of anyone else this run. */
        final Set<String> pendingGroups = ConcurrentHashMap.newKeySet();
        /**
         * Providers not asked about the record for the run's reasons, not the record's (a budget reached, the provider
         * unavailable), with why: a held-back lookup approved in review is tried again by the next run ({@link #lookUpApproved}).
         */
        final Map<String, String> putOff = new ConcurrentHashMap<>();

        synchronized double cost() {
            return cost;
        }

        synchronized void addCost(double more) {
            cost += more;
        }

        Progress(Subject subject, Entity entity) {
            this(subject, entity, Segment.of(entity, subject.values()));
        }

        /** A record known only by what a stored submission remembers of it (its segment). */
        Progress(Subject subject, Entity entity, String segment) {
            this.subject = subject;
            this.segment = segment;
            this.inputs = subject.inputs(entity);
            this.lookupKey = LookupKey.of(entity, inputs);
        }
    }

    /**
     * A record's way through one group: the providers in its order, the next one to ask, the fields still wanted.
     * It waits at one provider at a time, so one worker at a time changes it (handed over through the queues' lock).
     */
    private static final class Track {
        final Waterfall.Group group;
        final List<Waterfall.Step> steps;
        final Set<String> wanted;
        int next;

        Track(Waterfall.Group group, List<Waterfall.Step> steps, Set<String> wanted) {
            this.group = group;
            this.steps = steps;
            this.wanted = wanted;
        }
    }

    /**
     * One lookup in flight: whose, for which fields of which groups (one call may answer several groups of the
     * record), under which lookup key, and the credits reserved for it.
     */
    private record Asked(Progress progress, Map<Waterfall.Group, Set<String>> fields, String lookupKey, double reserved) {

        Set<String> allFields() {
            return union(fields);
        }

        static Set<String> union(Map<Waterfall.Group, Set<String>> fields) {
            Set<String> all = new LinkedHashSet<>();
            fields.values().forEach(all::addAll);
            return all;
        }

        void note(String what) {
            fields.keySet().forEach(group -> progress.notes.add(group.name() + ": " + what));
        }
    }

    /** With a per-record ceiling, what a record may still spend depends on what its earlier groups cost: in order. */
    private boolean groupsInOrder() {
        return waterfall.limits().perRecord() != null;
    }

    /**
     * Enriches one page of records; returns what was found per record key. Each provider has a worker and a queue:
     * a record waits at the provider each of its groups asks next, so every provider works while the others do, a
     * record is never asked twice at once of one provider (a call answers every group waiting there: one base fee, one
     * review item), nor twice in a page when its other groups may still come there (it waits for them: {@link ProviderQueues}),
     * and calls are as full as the provider takes. A group moves on to its next provider when the value found is
     * missing or below its stop rule. With a per-record ceiling a record's groups go one after another, in order.
     */
    public Map<String, Enrichment> enrich(List<Subject> subjects) {
        Map<String, Enrichment> result = new LinkedHashMap<>();
        lookUpPage(subjects).forEach(progress -> result.put(progress.subject.key(), new Enrichment(progress.values, progress.cost(),
                List.copyOf(progress.notes), !progress.pendingGroups.isEmpty())));
        return result;
    }

    /** {@link #enrich}: the records' progress, once every provider is done with them. */
    private List<Progress> lookUpPage(List<Subject> subjects) {
        List<Progress> page = new ArrayList<>();
        for (Subject subject : subjects) {
            Progress progress = new Progress(subject, waterfall.entity());
            for (Waterfall.Group group : waterfall.groups()) {
                Set<String> wanted = waterfall.refresh() ? new LinkedHashSet<>(group.fields()) : subject.missing(group.fields());
                if (!wanted.isEmpty()) { // never pay for a value the record has
                    progress.tracks.add(new Track(group, stepsFor(group, progress.segment), wanted));
                }
            }
            page.add(progress);
        }
        ProviderQueues<Progress, Track> queues = new ProviderQueues<>(maxPerCall, this::later);
        for (Progress progress : page) {
            dispatch(queues, progress, groupsInOrder() ? progress.tracks.stream().limit(1).toList() : progress.tracks);
        }
        pageQueues = queues;
        try {
            queues.work(connection -> work(queues, connection), "enrich-" + waterfall.id());
        } finally {
            pageQueues = null;
        }
        return page;
    }

    /** Queues each track at its next provider that can be asked (counting the ones skipped and why). */
    private void dispatch(ProviderQueues<Progress, Track> queues, Progress progress, List<Track> tracks) {
        Map<String, List<Track>> at = new LinkedHashMap<>();
        Deque<Track> todo = new ArrayDeque<>(tracks);
        while (!todo.isEmpty()) {
            Track track = todo.poll();
            String connection = nextProvider(progress, track);
            if (connection != null) {
                at.computeIfAbsent(connection, c -> new ArrayList<>()).add(track);
            } else if (groupsInOrder()) {
                int index = progress.tracks.indexOf(track);
                if (index + 1 < progress.tracks.size()) {
                    todo.add(progress.tracks.get(index + 1));
                }
            }
        }
        if (!at.isEmpty()) {
            queues.add(progress, at);
        }
    }

    /**
     * The providers a track queued at its next provider may still ask after that one (should it have no good answer), by
     * the free checks as they stand: a record waits at those while this group may still come there ({@link ProviderQueues}).
     */
    private Set<String> later(Progress progress, Track track) {
        Set<String> later = new LinkedHashSet<>();
        for (int step = track.next + 1; step < track.steps.size(); step++) {
            if (notCallable(track.steps.get(step), progress, track.wanted) == null) {
                later.add(track.steps.get(step).connection());
            }
        }
        return later;
    }

    /** The next provider of the track that can be asked at all, or null when the track is done. */
    private String nextProvider(Progress progress, Track track) {
        for (; track.next < track.steps.size(); track.next++) {
            if (track.wanted.isEmpty() || progress.pendingGroups.contains(track.group.name())) {
                return null;
            }
            Waterfall.Step step = track.steps.get(track.next);
            String notCallable = notCallable(step, progress, track.wanted);
            if (notCallable == null) {
                return step.connection();
            }
            counts(step.connection()).skip(notCallable);
        }
        return null;
    }

    /** Why a provider cannot be asked about a record for these fields (the free checks), or null when it can. */
    private String notCallable(Waterfall.Step step, Progress progress, Set<String> wanted) {
        Set<String> asked = offeredOf(step.connection(), wanted);
        if (asked.isEmpty()) {
            // e.g. Apollo offers mobile phones only with its webhook configured
            return "does not offer " + String.join(", ", wanted) + " as configured";
        }
        String notApplying = step.notApplying(progress.subject.values());
        if (notApplying != null) {
            return notApplying;
        }
        if (progress.lookupKey == null
                || !providers.apply(step.connection()).canLookUp(new EnrichRequest(progress.subject.key(), progress.inputs, asked))) {
            return "missing inputs";
        }
        return null;
    }

    private Set<String> offeredOf(String connection, Set<String> wanted) {
        Set<String> asked = new LinkedHashSet<>(wanted);
        asked.retainAll(offered.get(connection));
        return asked;
    }

    /**
     * One provider's worker: takes its calls until the page is done. An asynchronous call is awaited on a thread of
     * its own, so the provider takes its next call meanwhile (the wait is the vendor's, not a rate limit).
     */
    private void work(ProviderQueues<Progress, Track> queues, String connection) {
        counted(() -> {
            while (true) {
                Map<Progress, List<Track>> call;
                try {
                    call = queues.take(connection);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while enriching", e);
                }
                if (call.isEmpty()) {
                    return;
                }
                try {
                    Map<String, Asked> byKey = new HashMap<>();
                    List<EnrichTicket> waiting = lookUp(queues, connection, call, byKey);
                    if (waiting.isEmpty()) {
                        moveOn(queues, call);
                        continue;
                    }
                    queues.begin(connection);
                    Thread awaiting = new Thread(() -> {
                        try {
                            counted(() -> {
                                await(connection, providers.apply(connection), waiting, byKey);
                                moveOn(queues, call);
                            });
                        } catch (RuntimeException e) {
                            queues.failed(e);
                        } finally {
                            queues.finished(connection);
                        }
                    }, "enrich-" + waterfall.id() + "-" + connection + "-awaiting");
                    awaiting.setDaemon(true);
                    awaiting.start();
                } finally {
                    queues.finished(connection);
                }
            }
        });
    }

    /** Runs on this thread with a tally of its own, added to the run's at the end. */
    private void counted(Runnable work) {
        Tally own = new Tally();
        counting.set(own);
        try {
            work.run();
        } finally {
            counting.remove();
            synchronized (tally) {
                tally.add(own);
            }
        }
    }

    /**
     * After a call: each group is done when its fields have good values, else it goes on to its next provider; then the
     * queues learn the call is over, so a record waiting elsewhere for these groups to come or not is asked.
     */
    private void moveOn(ProviderQueues<Progress, Track> queues, Map<Progress, List<Track>> call) {
        call.forEach((progress, tracks) -> {
            for (Track track : tracks) {
                track.wanted.removeIf(field -> {
                    Enrichment.Value value = progress.values.get(field);
                    return planning() || value != null && track.group.stop().good(value.found());
                });
                track.next++;
            }
            dispatch(queues, progress, tracks);
        });
        queues.answered(call);
    }

    /**
     * Asks one provider about the records of one call, each for the fields of every group waiting there: from the
     * cache when it remembers them, else within the budgets and the policy. Returns the submissions still to be
     * awaited (their lookups in {@code byKey}).
     */
    private List<EnrichTicket> lookUp(ProviderQueues<Progress, Track> queues, String connection, Map<Progress, List<Track>> call,
                                      Map<String, Asked> byKey) {
        Tally.Counts counts = counts(connection);
        long releasesSeen = queues.releases(); // before the budget is asked: a hold released after it is not missed
        Enricher enricher = providers.apply(connection);
        // one cache read for every record of the call, not one per record
        Set<String> keys = new LinkedHashSet<>();
        call.keySet().forEach(progress -> keys.add(progress.lookupKey));
        Map<String, Map<String, EnrichCacheStore.Cached>> cache = stores.cache().find(connection, waterfall.entity().id(), keys,
                clock.instant().minus(Duration.ofDays(waterfall.ttlDays())));
        List<Asked> toCall = new ArrayList<>();
        // records the budget refused only for what lookups under way hold: asked again once a hold is released
        Map<Progress, List<Track>> aside = new LinkedHashMap<>();
        call.forEach((progress, tracks) -> {
            Map<String, EnrichCacheStore.Cached> cached = cache.getOrDefault(progress.lookupKey, Map.of());
            Map<Waterfall.Group, Set<String>> fields = new LinkedHashMap<>();
            List<Track> calling = new ArrayList<>();
            boolean fromCache = false;
            for (Track track : tracks) {
                Set<String> asked = offeredOf(connection, track.wanted);
                if (cached.keySet().containsAll(asked)) {
                    fromCache(track.group, connection, progress, cached, asked);
                    fromCache = true;
                } else {
                    fields.put(track.group, asked);
                    calling.add(track);
                }
            }
            if (fromCache) {
                counts.cached++;
            }
            if (fields.isEmpty()) {
                return;
            }
            if (unavailable.containsKey(connection)) {
                fields.keySet().forEach(group -> counts.skip(unavailable.get(connection)));
                progress.putOff.put(connection, unavailable.get(connection));
                return;
            }
            Asked asked = new Asked(progress, fields, progress.lookupKey, enricher.maxCost(waterfall.entity(), Asked.union(fields)));
            // a plan reserves too and never settles: it counts as if every lookup cost the most it can
            Budget.Refusal refused = budget.reserve(connection, asked.reserved(), progress.cost());
            if (refused != null && refused.heldOnly() && !planning() && (!toCall.isEmpty() || queues.othersInProgress())) {
                // the money is only held, by this call's lookups or another call's, and may be released when they are
                // answered for less (a miss, a cheaper result): the record waits for that instead of giving up here
                aside.put(progress, calling);
                return;
            }
            if (refused != null) {
                String refusal = refused.reason();
                fields.keySet().forEach(group -> counts.skip(refusal.startsWith("per-record") ? "per-record ceiling" : refusal));
                asked.note(connection + " not asked: " + refusal);
                if (!refusal.startsWith("per-record")) { // the record's own ceiling is no reason to try again another run
                    progress.putOff.put(connection, refusal);
                }
                return;
            }
            toCall.add(asked);
        });
        if (!aside.isEmpty()) {
            // set aside before this call's answers release its holds; the rest of each record moves on after the call
            aside.forEach((progress, tracks) -> call.get(progress).removeAll(tracks));
            queues.whenReleased(connection, aside, releasesSeen);
        }
        if (toCall.isEmpty()) {
            return List.of();
        }
        if (planning()) {
            // a plan counts the first provider each record would be asked, as if it found everything: later ones only
            // spend when it misses, which a plan cannot know
            for (Asked asked : toCall) {
                counts.lookups++;
                counts.credits += asked.reserved();
                counts.cost += asked.reserved() * waterfall.price(connection);
            }
            return List.of();
        }
        List<EnrichTicket> waiting = new ArrayList<>();
        call(connection, enricher, toCall, byKey, waiting);
        return waiting;
    }

    /**
     * Answers a group's lookup from the cache (every field asked is remembered). This run pays nothing for it (neither
     * its tally nor the record's cost counts it), but the value keeps the provenance of the lookup that bought it: its
     * provider, time and cost. A value cached before the cost was kept with it reads as cost 0.
     */
    private void fromCache(Waterfall.Group group, String connection, Progress progress, Map<String, EnrichCacheStore.Cached> cached,
                           Set<String> fields) {
        for (String field : fields) {
            EnrichCacheStore.Cached answer = cached.get(field);
            if (answer.found() && answer.value() != null) {
                Object value = answer.value().get("value");
                Object confidence = answer.value().get("confidence");
                Object verification = answer.value().get("verification");
                double paid = answer.value().get(CACHED_COST) instanceof Number cost ? cost.doubleValue() : 0;
                if (value != null) {
                    keep(group, progress, field, new EnrichResult.Found(value, confidence instanceof Number n ? n.doubleValue() : null,
                            verification == null ? null : verification.toString()), connection, answer.lookedUpAt(), paid, true);
                }
            }
        }
    }

    private void call(String connection, Enricher enricher, List<Asked> chunk, Map<String, Asked> byKey, List<EnrichTicket> waiting) {
        Tally.Counts counts = counts(connection);
        List<GovernedCalls.Lookup> lookups = new ArrayList<>();
        for (Asked asked : chunk) {
            Map<String, Object> intent = new LinkedHashMap<>();
            intent.put("waterfall", waterfall.id());
            // what is spent, as an approval in review names it: a re-planned lookup asking less still finds its approval
            intent.put(GovernedCalls.Lookup.GROUPS, asked.fields().keySet().stream().map(Waterfall.Group::name).toList());
            intent.put(GovernedCalls.Lookup.FIELDS, List.copyOf(asked.allFields()));
            intent.put(GovernedCalls.Lookup.MAX_CREDITS, asked.reserved());
            lookups.add(new GovernedCalls.Lookup(asked.lookupKey(), intent));
        }
        GovernedCalls.Permit permit = spend.intend(connection, waterfall.object(), lookups);
        List<EnrichRequest> requests = new ArrayList<>();
        for (Asked asked : chunk) {
            String refusal = permit.refused().get(asked.lookupKey());
            if (refusal != null || !permit.allowed(asked.lookupKey())) {
                settle(connection, asked.reserved(), 0);
                asked.fields().keySet().forEach(group -> counts.skip("policy"));
                String said = refusal == null ? "the policy refused it" : refusal;
                reviewNamed(counts, said);
                Long review = permit.review(asked.lookupKey());
                if (review != null) {
                    hold(connection, asked, review);
                }
                // a lookup rejected in review is refused as "<connection> not asked: ..." already
                asked.note(said.startsWith(connection + " not asked: ") ? said : connection + " not asked: " + said);
                continue;
            }
            byKey.put(asked.progress().subject.key(), asked);
            requests.add(new EnrichRequest(asked.progress().subject.key(), asked.progress().inputs,
                    asked.allFields()));
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
            // nothing was bought: an approved lookup is put off with its approval standing, for the run that makes it
            spend.giveBack(permit, permit.approvals().keySet());
            String reason = unavailableReason(connection, e);
            unavailable.put(connection, reason);
            for (EnrichRequest request : requests) {
                Asked asked = byKey.remove(request.key());
                settle(connection, asked.reserved(), 0);
                asked.fields().keySet().forEach(group -> counts.skip(reason));
                asked.note(reason);
                asked.progress().putOff.put(connection, reason);
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
        apply(connection, byKey, answer.results());
        answer.pending().ifPresent(ticket -> {
            stores.tickets().save(connection, waterfall.entity().id(), ticket.id(), lookupsOf(byKey, ticket.keys()), ticket.state(),
                    ticket.pollAt(), runId, job, waterfall.id());
            waiting.add(ticket);
        });
    }

    /**
     * Keeps the review item a policy refusal names for the run's summary. The governed calls say it only in their words
     * ("waiting for review #N", "rejected in review #N"), so it is read from them.
     */
    private static void reviewNamed(Tally.Counts counts, String refusal) {
        Matcher waiting = WAITING_FOR_REVIEW.matcher(refusal);
        if (waiting.find()) {
            counts.waitingForReview.add(Long.parseLong(waiting.group(1)));
        }
        Matcher rejected = REJECTED_IN_REVIEW.matcher(refusal);
        if (rejected.find()) {
            counts.rejectedInReview.add(Long.parseLong(rejected.group(1)));
        }
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
                Map<String, Object> groups = new LinkedHashMap<>();
                asked.fields().forEach((group, fields) -> groups.put(group.name(), List.copyOf(fields)));
                lookup.put("groups", groups);
                lookup.put("segment", asked.progress().segment);
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
            for (EnrichTicket ticket : open) {
                // read again each round, for a webhook delivery that came in meanwhile
                EnrichTicketStore.Ticket stored = stores.tickets().pending(connection, ticket.id()).orElse(null);
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
                apply(connection, byKey, answer.results());
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
            asked.fields().keySet().forEach(group -> asked.progress().pendingGroups.add(group.name()));
            counts(connection).pending++;
            asked.note("pending at " + connection + " (submission " + ticket.id() + "; " + why
                    + "); the job's next run collects the answer and writes this record again with it;"
                    + " nothing is submitted again");
        }
    }

    /** Books a call's answered lookups: the budget, the record's values, and (one write each) the cache and the ledger. */
    private void apply(String connection, Map<String, Asked> byKey, List<EnrichResult> results) {
        Map<String, List<EnrichCacheStore.Cached>> remember = new LinkedHashMap<>();
        List<EnrichSpendStore.Spend> ledger = new ArrayList<>();
        for (EnrichResult result : results) {
            Asked asked = byKey.get(result.key());
            if (asked != null) { // an answer for a key this call did not ask is ignored rather than guessed at
                apply(connection, asked, result, remember, ledger);
            }
        }
        stores.cache().put(connection, waterfall.entity().id(), remember);
        stores.spend().record(ledger);
    }

    private void apply(String connection, Asked asked, EnrichResult result, Map<String, List<EnrichCacheStore.Cached>> remember,
                       List<EnrichSpendStore.Spend> ledger) {
        Tally.Counts counts = counts(connection);
        // the store keeps microseconds: a value read back from the cache then carries the very time this one does
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        double cost = settle(connection, asked.reserved(), result.credits());
        counts.credits += result.credits();
        counts.cost += cost;
        asked.progress().addCost(cost);
        switch (result.outcome()) {
            case FOUND -> counts.hits++;
            case NOT_FOUND -> counts.misses++;
            case REJECTED -> {
                counts.rejected++;
                asked.note(connection + " refused the lookup: " + result.reason());
            }
        }
        Map<Waterfall.Group, Double> shares = shares(connection, asked);
        asked.fields().forEach((group, fields) -> {
            double share = shares.get(group);
            List<String> found = new ArrayList<>();
            for (String field : fields) {
                EnrichResult.Found value = result.values().get(field);
                if (value != null) {
                    found.add(field);
                    keep(group, asked.progress(), field, value, connection, now, cost * share, false);
                }
                if (result.outcome() != EnrichResult.Outcome.REJECTED) {
                    remember.computeIfAbsent(asked.lookupKey(), k -> new ArrayList<>()).add(new EnrichCacheStore.Cached(field,
                            value != null, value == null ? null : foundJson(value, cost * share), now));
                }
            }
            // one ledger row per group, so each group's hit rates and costs (and its adaptive order) stay its own
            ledger.add(new EnrichSpendStore.Spend(runId, job, waterfall.id(), group.name(), connection, asked.lookupKey(),
                    List.copyOf(new TreeSet<>(fields)), found, result.credits() * share, cost * share, now, asked.progress().segment));
        });
    }

    /**
     * Replaces a lookup's hold on the budget by what it cost ({@link Budget#settle}) and tells the page's queues, so that
     * lookups refused only for that hold are asked again.
     */
    private double settle(String connection, double reserved, double credits) {
        double cost = budget.settle(connection, reserved, credits);
        ProviderQueues<Progress, Track> queues = pageQueues;
        if (reserved > 0 && queues != null) {
            queues.released();
        }
        return cost;
    }

    /**
     * How a lookup's cost is shared among the groups it answered: in proportion to what each group's fields may
     * cost at the provider (a phone is dearer than a title), equally when the price list says nothing.
     */
    private Map<Waterfall.Group, Double> shares(String connection, Asked asked) {
        Map<Waterfall.Group, Double> shares = new LinkedHashMap<>();
        if (asked.fields().size() == 1) {
            shares.put(asked.fields().keySet().iterator().next(), 1.0);
            return shares;
        }
        Enricher enricher = providers.apply(connection);
        asked.fields().forEach((group, fields) -> shares.put(group, enricher.maxCost(waterfall.entity(), fields)));
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        shares.replaceAll((group, weight) -> total > 0 ? weight / total : 1.0 / asked.fields().size());
        return shares;
    }

    /**
     * A found value as the cache keeps it, with what its lookup cost (key {@value #CACHED_COST}): a later run answered from
     * the cache writes the same provenance as the run that paid, so a record whose value did not change is not written
     * again only because the provenance said "cost 0.00" the second time.
     */
    private static Map<String, Object> foundJson(EnrichResult.Found found, double cost) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("value", found.value());
        if (found.confidence() != null) {
            json.put("confidence", found.confidence());
        }
        if (found.verification() != null) {
            json.put("verification", found.verification());
        }
        json.put(CACHED_COST, cost);
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

    // ------------------------------------------------------------------ lookups held back for review

    /** Approved held-back lookups a run makes at most: the rest go with the job's next runs. */
    static final int APPROVED_PER_RUN = 200;

    /**
     * Keeps a lookup the policy parked for review with its record, so that the job's first run after the approval makes it
     * whether or not it reads the record again ({@link #lookUpApproved}). A record no job read (an agent's, a test's) is not
     * kept: its caller asks again, and the approval is carried out then.
     */
    private void hold(String connection, Asked asked, long review) {
        Subject subject = asked.progress().subject;
        if (stores.held() == null || job == null || runId == null || subject.origin() == null) {
            return;
        }
        stores.held().hold(new EnrichHeldStore.Held(0, job, waterfall.id(), connection, asked.lookupKey(), review, runId, subject.key(),
                io.middlemile.store.StorableValues.of(subject.values()), subject.origin(), subject.location()));
    }

    /**
     * Makes the lookups earlier runs of the job held back for review and a person approved since, before the run's first
     * page (so a record the run reads again finds the answer in the cache, and the approval is carried out once). An
     * incremental reader (HubSpot's) reads a record again only once it changes, so an approved lookup that waited for its
     * record would wait until someone edits it. Each record goes through the waterfall with the values it had when it was
     * held back: the cache, the budgets, the policy (which finds the approval and carries it out once), the caps, the
     * journal, then its group's next providers as for any record; what it finds has the record read again by the job
     * ({@code readAgain}), which writes it from the cache through the governed write path. A lookup a budget or an
     * unavailable provider put off is tried again by the next run; a rejected or expired one, or one the waterfall no longer
     * needs, is dropped, and the run's tally says so. Returns how many approved lookups this run made.
     */
    public int lookUpApproved() {
        if (planning() || stores.held() == null || job == null || runId == null) {
            return 0;
        }
        // named every run until decided, although the job does not read their records again
        stores.held().waiting(job, waterfall.id()).forEach((connection, reviews) -> counts(connection).waitingForReview.addAll(reviews));
        List<EnrichHeldStore.Reviewed> approved = new ArrayList<>();
        Map<String, Subject> records = new LinkedHashMap<>();
        for (EnrichHeldStore.Reviewed reviewed : stores.held().decided(job, waterfall.id(), APPROVED_PER_RUN)) {
            EnrichHeldStore.Held held = reviewed.held();
            if (reviewed.decision() == ReviewItem.Status.APPROVED) {
                approved.add(reviewed);
                // a record held back at two providers is asked once, with the values it was held back with last
                records.put(held.recordKey(), new Subject(held.recordKey(), held.values(), held.origin(), held.location()));
                continue;
            }
            stores.held().drop(held.id(), held.review());
            if (reviewed.decision() == ReviewItem.Status.REJECTED) {
                counts(held.connection()).rejectedInReview.add(held.review());
                said(held, "not made: rejected in review #" + held.review() + " by " + reviewed.decidedBy());
            } else {
                // withdrawn: the run that held it back was rolled back (perhaps after a person approved it)
                String why = "review #" + held.review() + (reviewed.decision() == ReviewItem.Status.WITHDRAWN
                        ? " withdrawn by " + reviewed.decidedBy() + ": the run that held the lookup back was rolled back"
                        : " " + reviewed.decision().wire() + " before anyone approved it") + "; the lookup"
                        + " is held back for review again when the job reads the record next";
                counts(held.connection()).droppedAfterReview.put(held.review(), why);
                said(held, "not made: " + why);
            }
        }
        if (approved.isEmpty()) {
            return 0;
        }
        Map<String, Progress> done = new HashMap<>();
        lookUpPage(List.copyOf(records.values())).forEach(progress -> done.put(progress.subject.key(), progress));
        int made = 0;
        for (EnrichHeldStore.Reviewed reviewed : approved) {
            EnrichHeldStore.Held held = reviewed.held();
            Progress progress = done.get(held.recordKey());
            Long carriedOutBy = stores.held().carriedOutBy(held.review());
            // what the record lacks in its target: the held provider's answer (from the cache too, when another run made the
            // lookup), and whatever this pass paid for at the group's next providers when that answer was not good enough
            Set<String> found = new TreeSet<>();
            progress.values.forEach((field, value) -> {
                if (value.connection().equals(held.connection()) || !value.cached()) {
                    found.add(field);
                }
            });
            boolean answered = carriedOutBy != null
                    || progress.values.values().stream().anyMatch(value -> value.connection().equals(held.connection()));
            if (answered) {
                // made (by this run, or by another that met the same lookup: then the cache answered it)
                stores.held().drop(held.id(), held.review());
                if (runId.equals(carriedOutBy)) {
                    counts(held.connection()).madeAfterReview.add(held.review());
                    made++;
                }
                said(held, "made as approved in review #" + held.review() + (found.isEmpty() ? ": nothing found"
                        : ": found " + String.join(", ", found)));
            } else if (progress.putOff.containsKey(held.connection())) {
                said(held, "approved in review #" + held.review() + " but put off: " + progress.putOff.get(held.connection())
                        + "; the job's next run tries it again");
            } else if (stores.held().drop(held.id(), held.review())) {
                String why = "approved in review #" + held.review() + " but not made: " + notAsked(progress, held.connection());
                counts(held.connection()).droppedAfterReview.put(held.review(), why);
                said(held, why);
            }
            // else: the policy held it back again (a new review item, named in the tally); its row waits on that one
            if (!found.isEmpty()) {
                readAgain(held, found);
            }
        }
        return made;
    }

    /** Why the waterfall did not ask a provider about a record held back there: its notes say, or it was not needed. */
    private String notAsked(Progress progress, String connection) {
        String said = null;
        synchronized (progress.notes) {
            for (String note : progress.notes) {
                if (note.contains(connection + " not asked: ")) {
                    said = note.substring(note.indexOf(connection + " not asked: "));
                }
            }
        }
        return said != null ? said : "the record no longer needs it (the cache or another provider answered its group first, or"
                + " enrich/" + waterfall.id() + ".yaml no longer asks " + connection + " for it)";
    }

    /** Has the job read a record again for which its approved lookup found values, to write them from the cache at no cost. */
    private void readAgain(EnrichHeldStore.Held held, Set<String> found) {
        if (stores.readAgain() == null) {
            return;
        }
        stores.readAgain().readAgain(job, held.origin(), held.location(), runId, "enrich/" + waterfall.id() + ".yaml found "
                + String.join(", ", found) + " when run " + runId + " took up the " + held.connection() + " lookup approved in review #"
                + held.review() + "; read again to write it, at no cost");
        queuedToReadAgain.merge(job, 1, Integer::sum);
    }

    private void said(EnrichHeldStore.Held held, String what) {
        LOG.info("Enrichment {}, run {}: {} held back at {} (record {}{}): {}", waterfall.id(), runId, held.lookupKey(),
                held.connection(), held.origin().sourceId(), held.location() == null ? "" : " at " + held.location(), what);
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
                Map<Waterfall.Group, Set<String>> fields = new LinkedHashMap<>();
                storedGroups(lookup).forEach((name, asked) -> waterfall.groups().stream().filter(g -> g.name().equals(name))
                        .findFirst().ifPresent(group -> fields.put(group, new LinkedHashSet<>(asked))));
                if (fields.isEmpty()) {
                    return; // the file no longer has the groups asked: the answer is not booked against another group
                }
                Object segment = lookup.get("segment");
                Progress restored = new Progress(new Subject(key, Map.of()), waterfall.entity(), segment == null ? "" : segment.toString());
                byKey.put(key, new Asked(restored, fields, (String) lookup.get("lookupKey"), 0));
            });
            apply(stored.connection(), byKey, answer.results());
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
     * A record the submitting run wrote without this answer is queued to be read again by its job (right after the
     * collecting run, {@code HubReadConsumer.runJob}, or by {@code middlemile job retry-failed JOB}); the values then
     * come from the cache, at no cost.
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
        queuedToReadAgain.merge(stored.job(), 1, Integer::sum);
    }

    /** Records of {@code job} this run's collected answers queued to be read again. */
    public int queuedToReadAgain(String job) {
        return queuedToReadAgain.getOrDefault(job, 0);
    }

    /** Per group, the fields a stored lookup asked (stored by earlier versions as one {@code group} and its {@code fields}). */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> storedGroups(Map<String, Object> lookup) {
        if (lookup.get("groups") instanceof Map<?, ?> groups) {
            return (Map<String, List<String>>) groups;
        }
        if (lookup.get("group") instanceof String group && lookup.get("fields") instanceof List<?> fields) {
            return Map.of(group, (List<String>) fields);
        }
        return Map.of();
    }

    /** Deletes cached personal data older than the retention limit; returns how many answers were deleted. */
    public int purgeExpired() {
        return stores.cache().purgeBefore(clock.instant().minus(Duration.ofDays(waterfall.retentionDays())));
    }

    private Budget.Before spentBefore() {
        SpendWindows windows = SpendWindows.at(clock.instant());
        Instant dayStart = windows.dayStart();
        Instant monthStart = windows.monthStart();
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

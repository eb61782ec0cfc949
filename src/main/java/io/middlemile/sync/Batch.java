package io.middlemile.sync;

import io.middlemile.connector.Lifecycle;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Mapped;
import io.middlemile.model.SourceRef;
import io.middlemile.store.RecordOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One page of a job run on its way through a route: the records still in flight and the outcomes
 * of those already settled. Every record read ends up settled exactly once (written, skipped or
 * rejected), which is what makes read = written + skipped + rejected hold.
 *
 * <p>Not thread-safe: a page moves through its route on one thread, and is then closed and committed on one thread
 * (the run's, or the page commit's for a page with outcomes still coming, {@link #settleWhen}).
 */
public final class Batch {

    /**
     * A record in flight; its payload changes shape along the route (provider record, canonical,
     * target). Notes collect what mapping steps flagged, and end up as the reason of its outcome.
     * The lifecycle (deleted, merged) is read once from the source record and travels along, since
     * mapping to canonical keeps only the mapped fields. The reason says why a step set values the write
     * then carries (an owner's assignment rule); the governed write journals it, unlike notes, which are
     * for the run's outcomes.
     */
    public record Item(SourceRef ref, String location, Object payload, String raw, List<String> notes, Lifecycle lifecycle,
                       String reason) {
        Item mapped(Mapped<?> mapped) {
            if (mapped.notes().isEmpty()) {
                return new Item(ref, location, mapped.record(), raw, notes, lifecycle, reason);
            }
            List<String> all = new ArrayList<>(notes);
            all.addAll(mapped.notes());
            return new Item(ref, location, mapped.record(), raw, List.copyOf(all), lifecycle, reason);
        }

        Item because(String why) {
            return why == null ? this : new Item(ref, location, payload, raw, notes, lifecycle, reason == null ? why : reason + "; " + why);
        }

        String notesText() {
            return notes.isEmpty() ? null : String.join("; ", notes);
        }
    }

    private final RunContext run;
    private List<Item> items;
    private final List<RecordOutcome> settled = new ArrayList<>();
    /** Settlements of items whose outcome is still coming ({@link #settleWhen}), applied when the page is closed. */
    private final List<CompletableFuture<Consumer<Batch>>> coming = new ArrayList<>();
    /** What steps undo if the page is not committed after all ({@link #onUncommitted}), in the order they asked. */
    private final List<Runnable> takeBacks = new ArrayList<>();

    Batch(RunContext run, SourcePage page) {
        this.run = run;
        this.items = new ArrayList<>(page.records().size());
        for (SourceRecord record : page.records()) {
            items.add(new Item(record.ref(), record.location(), record, null, List.of(), Lifecycle.of(record.fields()), null));
        }
        String connection = run.sourceConnection();
        String object = run.sourceObject();
        for (RejectedRecord rejected : page.rejected()) {
            settled.add(new RecordOutcome(new SourceRef(connection, object, rejected.sourceId()), rejected.location(),
                    RecordOutcome.Outcome.REJECTED, rejected.reason(), rejected.raw(), true));
        }
    }

    public RunContext run() {
        return run;
    }

    public List<Item> items() {
        return List.copyOf(items);
    }

    /** Replaces every in-flight item by what {@code step} maps it to; an item it throws on is rejected with the message. */
    public <E extends RuntimeException> void map(Class<E> recordError, Function<Item, Mapped<?>> step) {
        // mapping is pure and CPU-bound: large pages use every core; outcomes are settled in page order
        Object[] results = (items.size() >= PARALLEL_FROM ? items.parallelStream() : items.stream()).map(item -> {
            try {
                return (Object) item.mapped(step.apply(item));
            } catch (RuntimeException e) {
                return e;
            }
        }).toArray();
        List<Item> next = new ArrayList<>(items.size());
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof Item mapped) {
                next.add(mapped);
            } else if (recordError.isInstance(results[i])) {
                reject(items.get(i), ((RuntimeException) results[i]).getMessage());
            } else {
                throw (RuntimeException) results[i];
            }
        }
        items = next;
    }

    private static final int PARALLEL_FROM = 2_000;

    /** Adds to each in-flight item why a step set its values ({@code why} answers null for none), for its write's journal entry. */
    public void explain(Function<Item, String> why) {
        items.replaceAll(item -> item.because(why.apply(item)));
    }

    public void reject(Item item, String reason) {
        String full = item.notesText() == null ? reason : reason + " (also: " + item.notesText() + ")";
        settled.add(new RecordOutcome(item.ref(), item.location(), RecordOutcome.Outcome.REJECTED, full, raw(item), false,
                RetryLifecycle.write(item.lifecycle())));
    }

    public void written(Item item, String note) {
        String notes = item.notesText() == null ? note : note == null ? item.notesText() : item.notesText() + "; " + note;
        settled.add(new RecordOutcome(item.ref(), item.location(), RecordOutcome.Outcome.WRITTEN, notes, null));
    }

    public void skipped(Item item, String reason) {
        settled.add(new RecordOutcome(item.ref(), item.location(), RecordOutcome.Outcome.SKIPPED, reason, null));
    }

    /**
     * Hands {@code handed} to work a step started and did not wait for (an outreach step's sends in flight, then their
     * ledger rows and journal results): they leave flight now, and once {@code answer} is in, {@code settle} settles them
     * on this batch, when the page is committed. The run meanwhile goes on with the next page's route. If the answer fails,
     * nothing of the page is committed: the run ends as the failure says, and the page is read again on resume.
     */
    public <T> void settleWhen(List<Item> handed, CompletableFuture<T> answer, BiConsumer<Batch, T> settle) {
        java.util.Set<Item> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        gone.addAll(handed);
        items.removeIf(gone::contains);
        coming.add(answer.thenApply(value -> batch -> settle.accept(batch, value)));
    }

    /**
     * Has {@code takeBack} run if the page is not committed after all: its route, its sinks' flush or its commit failed, or
     * a page before it did. For a step that keeps something in the store ahead of the page's writes (hub-assign records the
     * owners it gives, so capacities bind across processes), which must not stay for writes that never happened. Run on
     * the run's thread as the run ends, before the run's {@link RunContext#onStop} hooks.
     */
    public void onUncommitted(Runnable takeBack) {
        takeBacks.add(takeBack);
    }

    /**
     * Runs what {@link #onUncommitted} registered, the last first: each undoes what was done after it first. One that fails
     * does not keep the others from running; the first failure is thrown after them.
     */
    void takeBack() {
        RuntimeException failed = null;
        for (int i = takeBacks.size() - 1; i >= 0; i--) {
            try {
                takeBacks.get(i).run();
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        takeBacks.clear();
        if (failed != null) {
            throw failed;
        }
    }

    /** What {@link #settleWhen} waits for; empty for a page that can be committed as soon as its route returns. */
    List<CompletableFuture<?>> coming() {
        return List.copyOf(coming);
    }

    /** Removes settled items from flight. */
    public void retain(List<Item> stillInFlight) {
        items = new ArrayList<>(stillInFlight);
    }

    /**
     * Settles the items whose outcomes came ({@link #settleWhen}: call only once they did) and whatever the route left in
     * flight as skipped, and returns every outcome of the page.
     */
    List<RecordOutcome> close() {
        for (CompletableFuture<Consumer<Batch>> settlement : coming) {
            settlement.join().accept(this);
        }
        coming.clear();
        for (Item item : items) {
            skipped(item, "the route ended without writing this record");
        }
        items = List.of();
        return settled;
    }

    private static String raw(Item item) {
        if (item.raw() != null) {
            return item.raw();
        }
        Object original = item.payload();
        return original instanceof SourceRecord record ? record.fields().toString() : String.valueOf(original);
    }
}

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
import java.util.function.Function;

/**
 * One page of a job run on its way through a route: the records still in flight and the outcomes
 * of those already settled. Every record read ends up settled exactly once (written, skipped or
 * rejected), which is what makes read = written + skipped + rejected hold.
 *
 * <p>Not thread-safe: a page moves through its route on one thread.
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
    private final List<CompletableFuture<?>> recording = new ArrayList<>();

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
        settled.add(new RecordOutcome(item.ref(), item.location(), RecordOutcome.Outcome.REJECTED, full, raw(item)));
    }

    public void written(Item item, String note) {
        String notes = item.notesText() == null ? note : note == null ? item.notesText() : item.notesText() + "; " + note;
        settled.add(new RecordOutcome(item.ref(), item.location(), RecordOutcome.Outcome.WRITTEN, notes, null));
    }

    public void skipped(Item item, String reason) {
        settled.add(new RecordOutcome(item.ref(), item.location(), RecordOutcome.Outcome.SKIPPED, reason, null));
    }

    /**
     * Work a step started for this page that must be durable before the page commits (an outreach step's send ledger and
     * journal results): the page is committed once it is done, while the next page already runs its route, and not at all
     * if it fails (the run then ends as the failure says, and the page is read again on resume).
     */
    public void commitAfter(CompletableFuture<?> work) {
        recording.add(work);
    }

    /** What {@link #commitAfter} was given; empty for a page committed as soon as its route returns. */
    List<CompletableFuture<?>> recording() {
        return List.copyOf(recording);
    }

    /** Removes settled items from flight. */
    public void retain(List<Item> stillInFlight) {
        items = new ArrayList<>(stillInFlight);
    }

    /** Settles whatever the route left in flight as skipped, and returns every outcome of the page. */
    List<RecordOutcome> close() {
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

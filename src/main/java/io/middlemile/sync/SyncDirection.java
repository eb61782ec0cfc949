package io.middlemile.sync;

import io.middlemile.connector.Lookup;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.mapping.Mapped;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.model.Target;
import io.middlemile.workspace.ObjectConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One direction of a two-way sync: writes each page of canonical records to one target object. Per
 * page it follows deletes and merges, finds each record's target record (crosswalk, then
 * {@code matchOn} on a first sync, else a create), sends only the fields that changed at the source
 * since the merge base ({@link FieldDiff}), writes through the run's governed writer and settles each
 * record with its outcome. Then it links the ids creates got and moves the merge base of both sides
 * to the values they now share. What the route's {@code hub-sync} step runs; no Camel here.
 */
public final class SyncDirection {

    private final String step;
    private final Target target;
    private final Mapper mapper;
    private final String matchOn;
    private final DeletesAndMerges.Deletes deletes;
    private final SyncServices services;

    /**
     * @param step    how messages name this step (the route's hub-sync URI)
     * @param target  the object written
     * @param mapper  the mapping of the target object (canonical → provider fields)
     * @param matchOn canonical field that links unlinked records to existing target records on the first sync, or null
     * @param deletes what a record deleted at the source does to its linked target record
     */
    public SyncDirection(String step, Target target, Mapper mapper, String matchOn, DeletesAndMerges.Deletes deletes,
                         SyncServices services) {
        this.step = step;
        this.target = target;
        this.mapper = mapper;
        this.matchOn = matchOn;
        this.deletes = deletes;
        this.services = services;
    }

    /** A record on its way to the target, with what the three-way comparison found. */
    private record Outgoing(Batch.Item item, UUID canonicalId, TargetRecord record, FieldDiff diff, String notes) {

        /** The write's own reason, then what the mapping noted (a company not synced yet, a value left out). */
        String reason(String outcome) {
            return notes == null ? outcome : outcome == null ? notes : outcome + "; " + notes;
        }

        boolean created(WriteOutcome outcome) {
            return outcome.status() == WriteOutcome.Status.WRITTEN && TargetRecord.isPlaceholder(record.key()) && outcome.targetId() != null
                    && !TargetRecord.isPlaceholder(outcome.targetId());
        }
    }

    /** Syncs every in-flight record of the page and settles each one; the page has nothing in flight afterwards. */
    public void sync(Batch page) {
        List<Batch.Item> inFlight = page.items();
        for (Batch.Item item : inFlight) {
            if (!(item.payload() instanceof CanonicalRecord record)) {
                throw new IllegalStateException(step + " expects canonical records; put hub-map:MAPPING?direction=in before it");
            }
            if (record.source().connection().equals(target.connection())) {
                throw new IllegalStateException(step + " would write " + target.connection() + "'s records back to "
                        + target.connection() + "; sync between two different connections");
            }
        }
        if (inFlight.isEmpty()) {
            return;
        }
        String entity = ((CanonicalRecord) inFlight.get(0).payload()).entity().id();
        SourceRef source = inFlight.get(0).ref();
        DeletesAndMerges.Live live = services.lifecycles().apply(page, inFlight, entity, target, deletes);
        services.feed().gone(live.gone()); // archived or merged away in the target just now: no candidates any more
        List<Outgoing> outgoing = prepare(page, source, live);
        write(page, entity, source, outgoing, live);
        page.retain(List.of());
    }

    /**
     * Settles a live record. A merge survivor's outcome also says what following its merges did, and it counts as written
     * when a merge was written (or planned) in the target even if none of its own fields changed: the merge is its write,
     * as it is the merged-away record's for a Salesforce merge. So the summary shows the merge, and a plan's "to write"
     * agrees with the merge its plan lists.
     */
    private static void settle(Batch page, Batch.Item item, WriteOutcome.Status status, String reason, DeletesAndMerges.Live live) {
        DeletesAndMerges.SurvivorMerges merges = live.of(item);
        if (merges != null && merges.failed() && status != WriteOutcome.Status.REJECTED) {
            // its own fields went their way; the merge the target refused is what the retry makes
            String own = status == WriteOutcome.Status.WRITTEN ? "its own fields were written" + (reason == null ? "" : " (" + reason + ")")
                    : reason;
            page.reject(item, join(merges.note(), own));
            return;
        }
        if (merges == null) {
            switch (status) {
                case WRITTEN -> page.written(item, reason);
                case SKIPPED -> page.skipped(item, reason);
                case REJECTED -> page.reject(item, reason);
            }
            return;
        }
        switch (status) {
            case WRITTEN -> page.written(item, join(merges.note(), reason));
            case SKIPPED -> {
                if (merges.merged()) {
                    // written for its merge; say why its own fields were not, unless simply nothing changed
                    boolean unchanged = reason == null || reason.startsWith("unchanged");
                    page.written(item, unchanged ? merges.note() : merges.note() + "; its fields were not written: " + reason);
                } else {
                    page.skipped(item, join(merges.note(), reason));
                }
            }
            // why the record itself was refused comes first: that is what to fix before retrying it
            case REJECTED -> page.reject(item, join(reason, merges.note()));
        }
    }

    private static String join(String first, String then) {
        return first == null ? then : then == null ? first : first + "; " + then;
    }

    /** Resolves, compares and maps the live records; settles those with nothing to send and those that cannot be mapped. */
    private List<Outgoing> prepare(Batch page, SourceRef source, DeletesAndMerges.Live live) {
        List<Batch.Item> items = live.items();
        List<CanonicalRecord> records = items.stream().map(item -> (CanonicalRecord) item.payload()).toList();
        SyncTargets.Resolved resolved = services.targets().resolve(records, target, matchOn,
                matchOn == null ? null : mapper.outboundField(matchOn), page.run().connector(target.connection()).capability(Lookup.class));
        Map<UUID, Map<String, String>> base = services.shadows().load(source.connection(), source.object(), resolved.canonical().values());
        References.Translated translated = services.references().translate(records, target.connection(), mapper);
        ObjectConfig objectConfig = page.run().writes().objectConfig(target.connection(), target.object());
        String idField = objectConfig == null ? null : objectConfig.id();

        List<Outgoing> outgoing = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            CanonicalRecord record = translated.outbound().get(i);
            String unmatchable = resolved.unmatchable().get(record.source());
            if (unmatchable != null) {
                // a match value the target cannot be searched for: creating the record could duplicate one it holds
                settle(page, items.get(i), WriteOutcome.Status.REJECTED, unmatchable, live);
                continue;
            }
            UUID canonicalId = resolved.canonical().get(record.source());
            String targetId = resolved.target().get(canonicalId);
            FieldDiff diff = FieldDiff.of(translated.neutral().get(i), base.get(canonicalId), translated.unresolved().get(i));
            try {
                Mapped<TargetRecord> mapped = mapper.fromCanonical(record);
                Map<String, Object> fields = diff.outgoing(mapped.record().fields(), mapper, idField, targetId);
                if (fields.isEmpty()) {
                    settle(page, items.get(i), WriteOutcome.Status.SKIPPED,
                            "unchanged: no mapped field changed in " + source.connection() + " since the last sync", live);
                    continue;
                }
                TargetRecord out = targetId != null
                        ? new TargetRecord(target.object(), targetId, fields, record.source(), mapped.record().writes())
                        : new TargetRecord(target.object(), TargetRecord.placeholder(canonicalId), fields, record.source(),
                                mapped.record().writes(), matchOn == null ? null : mapper.outboundField(matchOn));
                outgoing.add(new Outgoing(items.get(i), canonicalId, out, diff, notes(translated.notes().get(i), mapped.notes())));
            } catch (MappingException e) {
                settle(page, items.get(i), WriteOutcome.Status.REJECTED, e.getMessage(), live);
            }
        }
        return outgoing;
    }

    /** Writes through the governed path, settles each record, links creates and saves the new merge bases. */
    private void write(Batch page, String entity, SourceRef source, List<Outgoing> outgoing, DeletesAndMerges.Live live) {
        GovernedWrites writes = page.run().writes();
        List<WriteOutcome> outcomes = writes.write(target.connection(), target.object(), outgoing.stream().map(Outgoing::record).toList());
        Map<SourceRef, UUID> created = new LinkedHashMap<>();
        Map<UUID, Map<String, String>> agreed = new HashMap<>();
        List<CanonicalRecord> landed = new ArrayList<>();
        for (int i = 0; i < outgoing.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            Outgoing sent = outgoing.get(i);
            if (sent.created(outcome)) {
                created.put(target.ref(outcome.targetId()), sent.canonicalId());
            }
            if (outcome.status() == WriteOutcome.Status.WRITTEN && writes.mode() == GovernedWrites.Mode.EXECUTE) {
                CanonicalRecord held = asTarget(sent, outcome);
                if (held != null) {
                    landed.add(held);
                }
            }
            settle(page, sent.item(), outcome.status(), sent.reason(outcome.reason()), live);
            if (outcome.status() != WriteOutcome.Status.REJECTED) {
                agreed.put(sent.canonicalId(), sent.diff().agreed(outcome.held(), mapper));
            }
        }
        services.targets().created(entity, created);
        if (writes.mode() == GovernedWrites.Mode.EXECUTE) {
            // both sides now hold these values: the base of the next comparison in either direction (a plan wrote nothing)
            services.shadows().save(source.connection(), source.object(), agreed);
            services.shadows().save(target.connection(), target.object(), agreed);
        }
        services.feed().seen(landed);
    }

    /**
     * The record as the target now holds it, near enough for matching: the source's values under the target's id;
     * null when the target did not say which id a create got.
     */
    private CanonicalRecord asTarget(Outgoing sent, WriteOutcome outcome) {
        CanonicalRecord record = (CanonicalRecord) sent.item().payload();
        String id = sent.created(outcome) ? outcome.targetId() : sent.record().key();
        if (id == null || TargetRecord.isPlaceholder(id)) {
            return null;
        }
        return new CanonicalRecord(record.entity(), target.ref(id), record.lastModified(), record.fields());
    }

    private static String notes(String references, List<String> mapping) {
        List<String> all = new ArrayList<>();
        if (references != null) {
            all.add(references);
        }
        all.addAll(mapping);
        return all.isEmpty() ? null : String.join("; ", all);
    }
}

package io.middlemile.sync;

import io.middlemile.connector.Lifecycle;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.model.SourceRef;
import io.middlemile.model.Target;
import io.middlemile.store.CrosswalkStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Carries deletes and merges from a sync's source to its target and keeps the crosswalk pointing at
 * surviving records. Both go through the governed write path, so the target connection's policy for
 * {@code archive} and {@code merge} decides (auto, review or deny), with the journal and rollback.
 *
 * <ul>
 * <li>A record deleted (archived) at the source archives its linked target record, unless the route
 *     says {@code deletes=ignore}.</li>
 * <li>A merge at the source (HubSpot {@code hs_merged_object_ids} on the survivor, Salesforce
 *     {@code MasterRecordId} on the merged-away record) merges the two linked target records the same
 *     way. When only the merged-away record was ever synced, the survivor takes over its target record.
 *     Either way the merged-away source id is re-linked to the survivor's canonical record, so references
 *     to it still resolve.</li>
 * </ul>
 */
public final class DeletesAndMerges {

    /** What a source delete does to the linked target record. */
    public enum Deletes { ARCHIVE, IGNORE }

    /**
     * One merge to follow. {@code settles} is the merged-away record read from the source (Salesforce), which this merge
     * settles; null when the survivor carries the merge (HubSpot): the survivor is still written, and its outcome says
     * what following the merge did ({@link Live#survivors}).
     */
    private record Merge(String survivor, String mergedAway, Batch.Item settles) {
    }

    /**
     * What following one merge did: the note for the record's outcome, whether the target's records were merged,
     * whether there was nothing to do (followed before, never synced, one record already), and whether the target refused
     * the merge or its call failed ({@code failed}: the record that carries the merge is rejected and queued, and the
     * merged-away record keeps its own canonical record, so a retry or the next read follows the merge again).
     */
    private record Followed(String note, boolean merged, boolean moot, boolean failed) {
    }

    /**
     * What a survivor's merges did, for its outcome: {@code note} says what changed, {@code merged} is true when a merge
     * was written to the target (or planned), so the survivor counts as written even when none of its own fields changed;
     * {@code failed} when the target refused one of them or its call failed: the survivor is then rejected, so it is queued
     * and a retry follows the merge again.
     */
    public record SurvivorMerges(String note, boolean merged, boolean failed) {
    }

    /**
     * What {@link #apply} leaves to sync: the live records (merge survivors included), and by survivor what following
     * its merges did, when that did something (a survivor keeps {@code hs_merged_object_ids} for good, so later reads
     * find its merges already followed and carry no note).
     */
    /**
     * {@code gone}: the target records this page archived or merged away (executed, not planned), which an index of the
     * target's records must stop offering ({@link RecordFeed#gone}).
     */
    public record Live(List<Batch.Item> items, Map<SourceRef, SurvivorMerges> survivors, List<SourceRef> gone) {

        /** What following the item's merges did, or null when it is no survivor or they were already followed. */
        public SurvivorMerges of(Batch.Item item) {
            return survivors.get(item.ref());
        }
    }

    private final CrosswalkStore crosswalk;

    public DeletesAndMerges(CrosswalkStore crosswalk) {
        this.crosswalk = crosswalk;
    }

    /**
     * Settles the page's deleted and merged-away records, follows the page's merges, and returns the
     * items still to sync (live records, merge survivors included) with what their merges did.
     */
    public Live apply(Batch batch, List<Batch.Item> items, String entity, Target target, Deletes deletes) {
        List<Merge> merges = new ArrayList<>();
        List<Batch.Item> deleted = new ArrayList<>();
        List<Batch.Item> live = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Batch.Item item : items) {
            Lifecycle lifecycle = item.lifecycle();
            String id = item.ref().sourceId();
            if (lifecycle.mergedInto() != null) {
                merges.add(new Merge(lifecycle.mergedInto(), id, item));
                ids.add(lifecycle.mergedInto());
            } else if (lifecycle.deleted()) {
                deleted.add(item);
            } else {
                lifecycle.mergedIds().forEach(mergedAway -> merges.add(new Merge(id, mergedAway, null)));
                ids.addAll(lifecycle.mergedIds());
                live.add(item);
            }
            ids.add(id);
        }
        if (merges.isEmpty() && deleted.isEmpty()) {
            return new Live(items, Map.of(), List.of());
        }
        SourceRef first = items.get(0).ref();
        Map<String, UUID> canonical = new LinkedHashMap<>(crosswalk.canonicalIds(first.connection(), first.object(), ids));
        Map<UUID, String> targets = new LinkedHashMap<>(crosswalk.memberIds(target.connection(), target.object(), canonical.values()));
        GovernedWrites writes = batch.run().writes();
        Map<String, List<Followed>> bySurvivor = new LinkedHashMap<>();
        List<SourceRef> gone = new ArrayList<>();
        for (Merge merge : merges) {
            Followed followed = follow(merge, first, canonical, targets, entity, target, writes, gone);
            if (merge.settles() != null) {
                if (followed.merged()) {
                    batch.written(merge.settles(), followed.note());
                } else if (followed.failed()) {
                    batch.reject(merge.settles(), followed.note() + retry(batch, "merges them"));
                } else {
                    batch.skipped(merge.settles(), followed.note());
                }
            } else if (!followed.moot()) {
                bySurvivor.computeIfAbsent(merge.survivor(), key -> new ArrayList<>()).add(followed);
            }
        }
        archive(batch, deleted, first, canonical, targets, target, deletes, writes, gone);
        Map<SourceRef, SurvivorMerges> survivors = new LinkedHashMap<>();
        bySurvivor.forEach((survivor, followed) -> survivors.put(new SourceRef(first.connection(), first.object(), survivor),
                new SurvivorMerges(String.join("; ", followed.stream().map(Followed::note).toList())
                        + (followed.stream().anyMatch(Followed::failed) ? retry(batch, "merges them") : ""),
                        followed.stream().anyMatch(Followed::merged), followed.stream().anyMatch(Followed::failed))));
        return new Live(live, survivors, writes.mode() == GovernedWrites.Mode.EXECUTE ? gone : List.of());
    }

    /**
     * Archives the linked target records of the page's deleted records in one governed call (before-images
     * read in one batch, the archive split by the provider's maximum), and settles each deleted record; the target
     * records archived go into {@code gone}.
     */
    private static void archive(Batch batch, List<Batch.Item> deleted, SourceRef first, Map<String, UUID> canonical,
                                Map<UUID, String> targets, Target target, Deletes deletes, GovernedWrites writes,
                                List<SourceRef> gone) {
        Map<String, List<Batch.Item>> byTarget = new LinkedHashMap<>();
        for (Batch.Item item : deleted) {
            UUID id = canonical.get(item.ref().sourceId());
            String targetId = id == null ? null : targets.get(id);
            String where = where(first, item);
            if (targetId == null) {
                batch.skipped(item, "nothing to do: deleted in " + where + ", which was never synced to " + target.connection());
            } else if (deletes == Deletes.IGNORE) {
                batch.skipped(item, "deleted in " + where + "; " + target + " " + targetId
                        + " is kept because the route says deletes=ignore");
            } else {
                byTarget.computeIfAbsent(targetId, key -> new ArrayList<>()).add(item);
            }
        }
        if (byTarget.isEmpty()) {
            return;
        }
        List<String> keys = List.copyOf(byTarget.keySet());
        // each archive names the deleted record it follows (the first, when several were linked to one target record), so
        // a plan applied later queues that record for a retry when the archive is not made
        List<WriteOutcome> outcomes = writes.archive(target.connection(), target.object(), keys,
                keys.stream().map(key -> byTarget.get(key).get(0).ref()).toList());
        for (int i = 0; i < keys.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            if (outcome.status() == WriteOutcome.Status.WRITTEN) {
                gone.add(target.ref(keys.get(i)));
            }
            for (Batch.Item item : byTarget.get(keys.get(i))) {
                String what = "deleted in " + where(first, item) + "; " + target + " " + keys.get(i);
                if (outcome.status() == WriteOutcome.Status.WRITTEN) {
                    batch.written(item, "deleted in " + where(first, item) + ": archived " + target + " " + keys.get(i));
                } else if (outcome.status() == WriteOutcome.Status.REJECTED && !outcome.denied()) {
                    // the target refused or the call failed: the deleted record is queued, and a retry archives it (the
                    // source no longer has it to read, so the retry goes by the queue: RetrySource)
                    batch.reject(item, what + " could not be archived: " + outcome.reason() + retry(batch, "archives it"));
                } else {
                    // a policy that keeps deletes from propagating is a decision, not a failure to retry; a review parks it
                    batch.skipped(item, what + " not archived: " + outcome.reason());
                }
            }
        }
    }

    /** What the ops person does about a refused archive or merge: the queued record's retry makes it. */
    private static String retry(Batch batch, String makes) {
        return "; once the cause is fixed, middlemile job retry-failed " + batch.run().run().job() + " " + makes;
    }

    private static String where(SourceRef source, Batch.Item item) {
        return source.connection() + "/" + source.object() + " " + item.ref().sourceId();
    }

    /** Follows one merge of the source in the target; a target record merged away goes into {@code gone}. */
    private Followed follow(Merge merge, SourceRef source, Map<String, UUID> canonical, Map<UUID, String> targets,
                            String entity, Target target, GovernedWrites writes, List<SourceRef> gone) {
        String where = source.connection() + "/" + source.object();
        UUID mergedAway = canonical.get(merge.mergedAway());
        UUID survivor = canonical.get(merge.survivor());
        String note;
        boolean merged = false;
        boolean moot = false;
        boolean failed = false;
        if (mergedAway == null) {
            note = "nothing to do: merged into " + merge.survivor() + " in " + where + "; the merged-away record was never synced";
            moot = true;
        } else if (mergedAway.equals(survivor)) {
            note = "nothing to do: merged into " + merge.survivor() + " in " + where + ", already followed";
            moot = true;
        } else if (survivor == null) {
            // the survivor was never synced: it takes over the merged-away record's canonical record and target
            link(writes, entity, source, merge.survivor(), mergedAway, canonical, false);
            link(writes, entity, source, merge.mergedAway(), mergedAway, canonical, true);
            note = "merged into " + merge.survivor() + " in " + where + "; the survivor now stands for the synced record";
        } else {
            String survivorTarget = targets.get(survivor);
            String mergedAwayTarget = targets.get(mergedAway);
            if (mergedAwayTarget == null || mergedAwayTarget.equals(survivorTarget)) {
                note = "nothing to do: merged into " + merge.survivor() + " in " + where + "; " + target.connection()
                        + " already holds one record for both";
                moot = true;
            } else if (survivorTarget == null) {
                relink(writes, entity, target.ref(mergedAwayTarget), survivor, false);
                targets.put(survivor, mergedAwayTarget);
                note = "merged into " + merge.survivor() + " in " + where + "; " + target + " " + mergedAwayTarget
                        + " now stands for the survivor";
            } else {
                WriteOutcome outcome = mergeInTarget(writes, target, survivorTarget, mergedAwayTarget);
                merged = outcome.status() == WriteOutcome.Status.WRITTEN;
                // a policy's deny, a review, or a target that cannot merge is a decision; a refusal or failed call is retried
                failed = outcome.status() == WriteOutcome.Status.REJECTED && !outcome.denied();
                if (merged) {
                    gone.add(target.ref(mergedAwayTarget));
                    relink(writes, entity, target.ref(mergedAwayTarget), survivor, true);
                    note = "merged into " + merge.survivor() + " in " + where + ": merged " + target + " "
                            + mergedAwayTarget + " into " + survivorTarget;
                } else {
                    note = "merged into " + merge.survivor() + " in " + where + "; " + target + " " + mergedAwayTarget
                            + " not merged into " + survivorTarget + ": " + outcome.reason();
                }
            }
            if (!failed) {
                link(writes, entity, source, merge.mergedAway(), survivor, canonical, true);
            }
        }
        return new Followed(note, merged, moot, failed);
    }

    private static WriteOutcome mergeInTarget(GovernedWrites writes, Target target, String survivor, String mergedAway) {
        try {
            // the source already decided these are one record: full confidence
            return writes.merge(target.connection(), target.object(), survivor, List.of(mergedAway), 1.0).get(0);
        } catch (IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
            // the target cannot merge these (no merge operation, another type): trying again does not change that
            return WriteOutcome.denied(null, mergedAway, e.getMessage() + "; both stay linked to one canonical record");
        }
    }

    private void link(GovernedWrites writes, String entity, SourceRef source, String sourceId, UUID canonicalId,
                      Map<String, UUID> canonical, boolean mergedAway) {
        relink(writes, entity, new SourceRef(source.connection(), source.object(), sourceId), canonicalId, mergedAway);
        canonical.put(sourceId, canonicalId);
    }

    /**
     * Moves a record to another canonical record in the crosswalk, as its copy or as a record merged into it (which
     * resolves to it but is never written); a plan only reports what it would do.
     */
    private void relink(GovernedWrites writes, String entity, SourceRef ref, UUID canonicalId, boolean mergedAway) {
        if (writes.mode() == GovernedWrites.Mode.EXECUTE) {
            if (mergedAway) {
                crosswalk.linkMergedAway(entity, Map.of(ref, canonicalId));
            } else {
                crosswalk.linkAll(entity, Map.of(ref, canonicalId));
            }
        }
    }
}

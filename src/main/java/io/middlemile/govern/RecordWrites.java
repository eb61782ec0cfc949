package io.middlemile.govern;

import io.middlemile.connector.CurrentState;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.store.RecordLocks;
import io.middlemile.workspace.ObjectConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates and updates: the target's current values make each record a create, an update or nothing
 * to do, the policy decides each changed field, and what it lets through takes the
 * {@link WritePipeline}. Fields under review are parked; a create is written whole or not at all.
 */
final class RecordWrites {

    private final WriteRun run;
    private final Reconciler reconciler;

    RecordWrites(WriteRun run, Reconciler reconciler) {
        this.run = run;
        this.reconciler = reconciler;
    }

    /**
     * One outcome per record, in order.
     *
     * @param reasons per record, why the hub writes it (journaled and shown in review), or null; null for none at all
     */
    List<WriteOutcome> write(String connection, String object, List<TargetRecord> records, List<String> reasons) {
        return write(connection, object, records, reasons, null);
    }

    /**
     * Records that must already exist (an agent's proposal updates, never creates), checked against the one read of the
     * target the write makes anyway, under the records' locks.
     *
     * @param unreadable why every record is refused when the target cannot be read back
     * @param missing    why a record the target does not hold is refused, by key
     */
    record Existing(String unreadable, java.util.function.Function<String, String> missing) {
    }

    /** As {@link #write(String, String, List, List)}; with {@code existing}, only records the target holds are written. */
    List<WriteOutcome> write(String connection, String object, List<TargetRecord> records, List<String> reasons, Existing existing) {
        if (records.isEmpty()) {
            return List.of();
        }
        WriteTarget<RecordSink> target = run.target(connection, RecordSink.class,
                () -> new IllegalStateException("Connection " + connection + " cannot be written to"));
        RecordSink sink = target.capability();
        if (!run.planning()) {
            reconciler.reconcile(connection, target.connector());
        }
        List<String> keys = records.stream().map(TargetRecord::key).distinct().toList();
        try (RecordLocks.Held held = run.lock(connection, object, keys)) {
            Optional<CurrentState> state = target.connector().capability(CurrentState.class);
            BeforeImages before = BeforeImages.read(state, object, keys, null);
            run.plan.calls(target, state.isPresent() ? PlanRecorder.batches(keys.size(), sink.maxBatchSize()) : 0);
            if (existing == null) {
                return decideAndWrite(target, sink, object, records, reasons, before);
            }
            WriteOutcome[] outcomes = new WriteOutcome[records.size()];
            List<TargetRecord> present = new ArrayList<>();
            List<String> presentReasons = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                TargetRecord record = records.get(i);
                if (before.current() == null) {
                    outcomes[i] = WriteOutcome.rejected(record.origin(), existing.unreadable());
                } else if (before.current().get(record.key()) == null && !before.unreadable().containsKey(record.key())) {
                    outcomes[i] = WriteOutcome.rejected(record.origin(), existing.missing().apply(record.key()));
                } else {
                    present.add(record);
                    presentReasons.add(reasons == null ? null : reasons.get(i));
                    at.add(i);
                }
            }
            List<WriteOutcome> written = present.isEmpty() ? List.of() : decideAndWrite(target, sink, object, present, presentReasons, before);
            for (int i = 0; i < written.size(); i++) {
                outcomes[at.get(i)] = written.get(i);
            }
            return List.of(outcomes);
        }
    }

    private List<WriteOutcome> decideAndWrite(WriteTarget<RecordSink> target, RecordSink sink, String object, List<TargetRecord> records,
                                              List<String> reasons, BeforeImages before) {
        List<TargetRecord> checked = before.current() == null ? records
                : journaledOurs(target.connection(), object, records, before.current());
        Batch batch = decide(target, object, checked, reasons, before.current(), before.unreadable());
        batch.settle(WritePipeline.run(run, target, object, batch.writes, sink.maxBatchSize(), CapGate.Batch.PAGE, false,
                chunk -> sink.upsert(object, chunk)));
        return batch.outcomes();
    }

    /**
     * The records, each field the target holds another value in than the hub expected to find there
     * ({@link ChangeSet#changedInTarget}) knowing what the journal says the hub last wrote to it. What a run expects comes
     * from the owner list as it reads today: an owner whose address changed there since would look like a person's change
     * on every lead the hub gave her, while the target holds the address the hub wrote itself. Asked only for such fields,
     * one query per field and batch.
     */
    private List<TargetRecord> journaledOurs(String connection, String object, List<TargetRecord> records,
                                             Map<String, Map<String, Object>> current) {
        Map<String, Set<String>> differing = new LinkedHashMap<>(); // field -> keys
        for (TargetRecord record : records) {
            Map<String, Object> now = current.get(record.key());
            if (now != null) {
                record.writes().forEach((field, write) -> {
                    if (record.fields().containsKey(field) && ChangeSet.changedInTarget(write, now.get(field))) {
                        differing.computeIfAbsent(field, f -> new java.util.LinkedHashSet<>()).add(record.key());
                    }
                });
            }
        }
        if (differing.isEmpty()) {
            return records;
        }
        Map<String, Map<String, String>> written = new LinkedHashMap<>();
        differing.forEach((field, keys) -> written.put(field, run.governance.journal.lastWritten(connection, object, field, keys)));
        List<TargetRecord> checked = new ArrayList<>(records.size());
        for (TargetRecord record : records) {
            Map<String, io.middlemile.connector.FieldWrite> writes = new LinkedHashMap<>(record.writes());
            written.forEach((field, byKey) -> {
                String ours = byKey.get(record.key());
                if (ours != null && writes.containsKey(field) && writes.get(field).ours() != null) {
                    writes.put(field, writes.get(field).withOurs(ours));
                }
            });
            checked.add(writes.equals(record.writes()) ? record
                    : new TargetRecord(record.object(), record.key(), record.fields(), record.origin(), writes, record.matchOn()));
        }
        return checked;
    }

    /** Everything decided about a batch of records before anything is written. */
    private static final class Batch {
        final WriteOutcome[] outcomes;
        final List<WritePipeline.Approved<TargetRecord>> writes = new ArrayList<>();
        /** Per write: the index of its record. */
        final List<Integer> indexes = new ArrayList<>();
        final List<String> notes;
        /** Per record: fields asked for that the target will not hold (write rule, policy deny, review). */
        final List<Set<String>> held;

        Batch(int size) {
            outcomes = new WriteOutcome[size];
            notes = new ArrayList<>(Collections.nCopies(size, (String) null));
            held = new ArrayList<>(Collections.nCopies(size, Set.<String>of()));
        }

        void add(int index, WritePipeline.Approved<TargetRecord> write) {
            indexes.add(index);
            writes.add(write);
        }

        void note(int index, String note) {
            notes.set(index, join(notes.get(index), note));
        }

        /** Takes the pipeline's outcomes (the call's, or a plan's) for the written part of each record. */
        void settle(List<WriteOutcome> results) {
            for (int i = 0; i < results.size(); i++) {
                int index = indexes.get(i);
                WriteOutcome result = results.get(i);
                outcomes[index] = result.status() == WriteOutcome.Status.WRITTEN
                        ? new WriteOutcome(result.origin(), result.targetId(), WriteOutcome.Status.WRITTEN, notes.get(index), held.get(index))
                        : new WriteOutcome(result.origin(), result.targetId(), result.status(), join(result.reason(), notes.get(index)));
            }
        }

        List<WriteOutcome> outcomes() {
            List<WriteOutcome> all = new ArrayList<>(outcomes.length);
            for (int i = 0; i < outcomes.length; i++) {
                all.add(held.get(i).isEmpty() || outcomes[i].status() == WriteOutcome.Status.REJECTED
                        ? outcomes[i] : outcomes[i].withHeld(held.get(i)));
            }
            return List.copyOf(all);
        }
    }

    private Batch decide(WriteTarget<RecordSink> target, String object, List<TargetRecord> records, List<String> reasons,
                         Map<String, Map<String, Object>> current, Map<String, String> unreadable) {
        Batch batch = new Batch(records.size());
        ObjectConfig objectConfig = target.object(object);
        String modifiedField = objectConfig == null ? null : objectConfig.modifiedField();
        String connection = target.connection();
        for (int i = 0; i < records.size(); i++) {
            TargetRecord record = records.get(i);
            String unaskable = unreadable.get(record.key());
            if (unaskable != null) {
                batch.outcomes[i] = WriteOutcome.rejected(record.origin(), unaskable);
                continue;
            }
            String readdressed = current == null ? null : readdressed(record, current.get(record.key()), objectConfig, target.capability(),
                    object);
            if (readdressed != null) {
                batch.outcomes[i] = WriteOutcome.rejected(record.origin(), readdressed);
                continue;
            }
            RecordChange change = (current == null
                    ? blindUpsert(record)
                    : ChangeSet.of(record, current.get(record.key()), modifiedField)).because(reasons == null ? null : reasons.get(i));
            batch.held.set(i, change.held());
            String kept = current == null ? null : keptInTarget(connection, object, record, current.get(record.key()), change.held());
            if (change.changesNothing()) {
                batch.outcomes[i] = new WriteOutcome(record.origin(), record.key(), WriteOutcome.Status.SKIPPED,
                        kept != null ? kept // said in the run's report, unlike an unchanged record
                                : change.held().isEmpty() ? "unchanged: " + connection + " already holds these values"
                                : "unchanged: " + connection + " keeps its own " + String.join(", ", change.held())
                                + " (write rules in the mapping) and holds the other values already");
                continue;
            }
            if (kept != null) {
                batch.note(i, kept);
            }
            FieldSplit split = target.gate().split(object, change, run.volume(target, change.action()));
            if (!split.review().isEmpty() || !split.denied().isEmpty()) {
                batch.held.set(i, split.notWritten(change.held()));
            }
            if (split.blocksCreate(change.action())) {
                if (split.strictest().kind() == PolicyVerdict.Kind.DENY) {
                    batch.outcomes[i] = WriteOutcome.rejected(record.origin(), "denied by connectors/" + connection + ".yaml "
                            + split.strictest().rule());
                    run.planned(target, object, part(change, change.after()), split.strictest(), record.origin());
                } else {
                    park(batch, i, target, object, record, part(change, change.after()), split.strictest(), List.of());
                    batch.outcomes[i] = waiting(record, batch.notes.get(i));
                }
                continue;
            }
            boolean parked = !split.review().isEmpty();
            if (parked) {
                park(batch, i, target, object, record, part(change, split.review()), split.reviewRule(), split.deniedRules());
            }
            if (!split.denied().isEmpty()) {
                batch.note(i, "not written, denied by policy: " + String.join(", ", split.deniedRules()));
                run.planned(target, object, part(change, split.denied()), split.deniedVerdict(), record.origin());
            }
            if (split.auto().isEmpty()) {
                // made once the note holds everything: a parked part and a refused part are both said (the refusal is not lost
                // behind "waiting for review", which would leave the agent waiting for a change nobody can approve)
                batch.outcomes[i] = parked ? waiting(record, batch.notes.get(i)) : WriteOutcome.rejected(record.origin(), batch.notes.get(i));
                continue;
            }
            batch.add(i, new WritePipeline.Approved<>(partial(record, split.auto(), objectConfig), part(change, split.auto()),
                    split.autoRule(), WriteOutcome.written(record.origin(), record.key())));
        }
        return batch;
    }

    /**
     * The fields a person changed in the target since the hub last wrote them (an owner a rep gave the lead to someone else
     * in the CRM or the file, {@link ChangeSet#changedInTarget}): each is kept, told to the run's listeners (the assignment
     * step records the lead as the target's owner's) and said in the record's outcome; null when there is none.
     */
    private String keptInTarget(String connection, String object, TargetRecord record, Map<String, Object> now, Set<String> held) {
        if (now == null || held.isEmpty()) {
            return null;
        }
        List<String> said = new ArrayList<>();
        for (String field : held) {
            io.middlemile.connector.FieldWrite write = record.write(field);
            Object value = now.get(field);
            if (!ChangeSet.changedInTarget(write, value)) {
                continue;
            }
            String theirs = value.toString().strip();
            run.keptInTarget(new GovernedWrites.KeptInTarget(record.origin(), connection, object, record.key(), field, theirs,
                    write.ours()));
            said.add(String.format("a person changed %s of record %s in %s to %s since Middlemile wrote %s there, so it is kept, not"
                            + " written over with %s; the lead is %s's now", field, record.key(), connection, theirs, write.ours(),
                    record.fields().get(field), theirs));
        }
        return said.isEmpty() ? null : String.join("; ", said);
    }

    /**
     * Why an update would land on another record than the one it read, or null: a record carries the field that says which
     * record the target writes (the object's id, or a CRM's own record id) with a value other than the record's own. The
     * target would write that other record, while the before-image, the policy's decision and the journal are the read
     * record's: a change nobody could see or roll back (an agent proposing {@code hs_object_id} beside a field).
     */
    private static String readdressed(TargetRecord record, Map<String, Object> now, ObjectConfig objectConfig, RecordSink sink,
                                      String object) {
        if (now == null) {
            return null; // a create: no record read, nothing to land beside
        }
        Set<String> addressing = new java.util.LinkedHashSet<>(sink.addressedBy(object));
        if (objectConfig != null && objectConfig.id() != null && !objectConfig.id().isBlank()) {
            addressing.add(objectConfig.id());
        }
        for (String field : addressing) {
            Object value = record.fields().get(field);
            if (ChangeSet.blank(value)) {
                continue; // nothing to address by: the target goes by the key
            }
            // the record's own value: what the target holds for it, or for the id field its key
            Object own = now.get(field) != null ? now.get(field)
                    : objectConfig != null && field.equals(objectConfig.id()) ? record.key() : null;
            // HubSpot matches an email (a contact's unique property) without regard to case, and so do people
            if (own != null && !ChangeSet.same(own, value) && !own.toString().strip().equalsIgnoreCase(value.toString().strip())) {
                return "not written: " + field + " says which " + object + " record is written, and this write for record "
                        + record.key() + " would change it to \"" + value + "\", so it would land on another record than the one"
                        + " read, decided and journaled. Nothing of record " + record.key() + " was written; leave " + field
                        + " out of the fields to change, and write another record under its own key";
            }
        }
        return null;
    }

    /**
     * Parks the part of a record under review and notes it for the record; a plan names the record's source record for it,
     * as for its written part, so applying the plan settles that record by this write too.
     *
     * @param deniedRules "field (rule)" per field of the same proposal the policy refused: the review item names them, so the
     *                    person approving it knows those fields are not part of what they approve (a plan lists them apart)
     */
    private void park(Batch batch, int index, WriteTarget<?> target, String object, TargetRecord record, RecordChange part,
                      PolicyVerdict verdict, List<String> deniedRules) {
        PolicyVerdict shown = deniedRules.isEmpty() || run.planning() ? verdict : new PolicyVerdict(verdict.kind(), verdict.rule()
                + "; not part of this review, denied by policy: " + String.join(", ", deniedRules));
        String parked = run.park(target, object, part, shown, record.origin());
        batch.note(index, parked + ": " + part.after().keySet() + " (" + verdict.rule() + ")");
    }

    /** A record whose fields wait for review (and whose others were refused or kept), with everything its note says. */
    private static WriteOutcome waiting(TargetRecord record, String note) {
        return new WriteOutcome(record.origin(), record.key(), WriteOutcome.Status.SKIPPED, note);
    }

    /** Without a way to read the target, a write is an upsert of every field, with an unknown before-image. */
    private static RecordChange blindUpsert(TargetRecord record) {
        Map<String, Object> after = new LinkedHashMap<>();
        record.fields().forEach((field, value) -> {
            if (!ChangeSet.blank(value)) {
                after.put(field, value);
            }
        });
        return new RecordChange(record.key(), WriteAction.UPDATE, null, after);
    }

    /** The part of a change that touches these fields, with their before-images. */
    private static RecordChange part(RecordChange change, Map<String, Object> fields) {
        Map<String, Object> before = null;
        if (change.before() != null) {
            before = new LinkedHashMap<>();
            for (String field : fields.keySet()) {
                before.put(field, change.before().get(field));
            }
        }
        return new RecordChange(change.key(), change.action(), before, fields, Set.of(), change.matchOn(), change.reason());
    }

    /** The fields to write plus the object's id field, so the sink can find the record. */
    private static TargetRecord partial(TargetRecord record, Map<String, Object> fields, ObjectConfig objectConfig) {
        if (fields.size() == record.fields().size()) {
            return record;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        if (objectConfig != null && objectConfig.id() != null && record.fields().get(objectConfig.id()) != null) {
            kept.put(objectConfig.id(), record.fields().get(objectConfig.id()));
        }
        kept.putAll(fields);
        return new TargetRecord(record.object(), record.key(), kept, record.origin(), record.writes());
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}

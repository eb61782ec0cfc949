package io.middlemile.govern;

import io.middlemile.connector.CheckpointedSink;
import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewItem;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The single write path of one run. Every record goes through the same steps: the kill switch, the
 * target's current values (before-images; an unchanged record is skipped), the connection's policy
 * per field (auto, review, deny), the caps, then a journal intent committed before the write and a
 * result after it. In plan mode the same decisions are made and collected, and nothing is written.
 *
 * <p>Not thread-safe: one run writes on one thread. Different runs serialize on the records they
 * share through {@link RecordLocks}.
 */
public final class GovernedWrites {

    public enum Mode { EXECUTE, PLAN }

    private final Governance governance;
    private final JobRun run;
    private final Function<String, Connector> connectors;
    private final Mode mode;
    private final boolean deferResults;
    private final Map<String, CheckpointedSink> sinks = new LinkedHashMap<>();
    private final Map<String, String> committedStates = new LinkedHashMap<>();
    private final Map<String, Long> volume = new HashMap<>();
    private final Map<String, Long> appliedToday = new HashMap<>();
    private final Set<String> reconciled = new HashSet<>();
    private final List<JournalStore.Result> pendingResults = new ArrayList<>();
    private final List<PlannedWrite> planned = new ArrayList<>();
    private final Map<String, Long> apiCalls = new TreeMap<>();
    private String source = "run";
    private String approval;

    GovernedWrites(Governance governance, JobRun run, Function<String, Connector> connectors, Mode mode, boolean deferResults) {
        this.governance = governance;
        this.run = run;
        this.connectors = connectors;
        this.mode = mode;
        this.deferResults = deferResults;
    }

    /** Names what made these writes in the journal's decision column (run, apply, review, rollback). */
    public GovernedWrites source(String name) {
        this.source = name;
        return this;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Writes made on a person's explicit decision (an approved review, a rollback): a policy's
     * {@code review} no longer parks them, but {@code deny} still refuses them.
     */
    public GovernedWrites approvedBy(String approval) {
        this.approval = approval;
        return this;
    }

    // ------------------------------------------------------------------ checkpointed sinks

    /**
     * Enlists every checkpointed sink the run writes to before its first page: each starts fresh or,
     * when the run resumes, from the state committed with its last page. Nothing is enlisted in plan mode.
     */
    public void enlist(List<String[]> targets, Map<String, String> committed) {
        committedStates.putAll(committed);
        if (mode == Mode.PLAN) {
            return;
        }
        for (String[] target : targets) {
            String key = target[0] + "/" + target[1];
            connectors.apply(target[0]).capability(CheckpointedSink.class).ifPresent(sink -> {
                if (!sinks.containsKey(key)) {
                    sink.begin(target[1], committed.get(key));
                    sinks.put(key, sink);
                }
            });
        }
    }

    /** Makes every checkpointed sink durable; returns the states to commit with the page. */
    public Map<String, String> flush() {
        Map<String, String> states = new LinkedHashMap<>(committedStates);
        sinks.forEach((key, sink) -> states.put(key, sink.flush(objectOf(key))));
        return states;
    }

    /** Publishes the checkpointed sinks' output; called when the run succeeded. */
    public void complete() {
        sinks.forEach((key, sink) -> sink.complete(objectOf(key)));
        if (!deferResults) {
            recordResults();
        }
    }

    /** Results of writes made since the last call, to be committed with the page that made them. */
    public List<JournalStore.Result> drainResults() {
        List<JournalStore.Result> drained = List.copyOf(pendingResults);
        pendingResults.clear();
        return drained;
    }

    private void recordResults() {
        governance.journal.results(drainResults());
    }

    private static String objectOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    // ------------------------------------------------------------------ writing

    /** The workspace's configuration of a target object (its id field, modified field), or null. */
    public ObjectConfig objectConfig(String connection, String object) {
        ConnectorConfig config = governance.connectors.get(connection);
        return config == null ? null : config.object(object);
    }

    /** Writes records (creates and updates) through the policy; one outcome per record, in order. */
    public List<WriteOutcome> write(String connection, String object, List<TargetRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        governance.killSwitch.check();
        Connector connector = connectors.apply(connection);
        RecordSink sink = connector.capability(RecordSink.class)
                .orElseThrow(() -> new IllegalStateException("Connection " + connection + " cannot be written to"));
        ConnectorConfig config = governance.connectors.get(connection);
        PolicyConfig policy = config == null ? PolicyConfig.allowAll() : config.writePolicy();
        ObjectConfig objectConfig = config == null ? null : config.object(object);
        if (mode == Mode.EXECUTE) {
            reconcile(connection, connector);
        }
        List<String> keys = records.stream().map(TargetRecord::key).distinct().toList();
        try (RecordLocks.Held held = mode == Mode.EXECUTE ? governance.locks.lock(connection, object, keys) : null) {
            Optional<CurrentState> state = connector.capability(CurrentState.class);
            // a key the target cannot be asked about has no before-image: its record is rejected, not written blind
            Map<String, String> unreadable = state.map(s -> s.unreadableKeys(object, keys)).orElse(Map.of());
            List<String> readable = keys.stream().filter(key -> !unreadable.containsKey(key)).toList();
            Map<String, Map<String, Object>> current = state.map(s -> s.current(object, readable)).orElse(null);
            countCalls(config, connection, state.isPresent() ? batches(keys.size(), sink.maxBatchSize()) : 0);
            Decided decided = decide(connection, object, records, current, unreadable, policy, objectConfig);
            enforceCaps(connection, policy, decided);
            if (mode == Mode.PLAN) {
                countCalls(config, connection, batches(decided.writes.size(), sink.maxBatchSize()));
                decided.writes.forEach(write -> count(connection, write.change.action()));
                return decided.outcomes();
            }
            execute(connection, object, sink, decided, objectConfig);
            return decided.outcomes();
        }
    }

    /** Everything decided about a batch before anything is written. */
    private final class Decided {
        final WriteOutcome[] outcomes;
        final List<Write> writes = new ArrayList<>();
        final List<String> notes;
        /** Per record: fields asked for that the target will not hold (write rule, policy deny, review). */
        final List<Set<String>> held;

        Decided(int size) {
            outcomes = new WriteOutcome[size];
            notes = new ArrayList<>(java.util.Collections.nCopies(size, (String) null));
            held = new ArrayList<>(java.util.Collections.nCopies(size, Set.<String>of()));
        }

        List<WriteOutcome> outcomes() {
            for (Write write : writes) {
                if (outcomes[write.index] == null) {
                    outcomes[write.index] = new WriteOutcome(write.record.origin(), write.record.key(), WriteOutcome.Status.WRITTEN,
                            notes.get(write.index));
                }
            }
            List<WriteOutcome> all = new ArrayList<>(outcomes.length);
            for (int i = 0; i < outcomes.length; i++) {
                all.add(held.get(i).isEmpty() || outcomes[i].status() == WriteOutcome.Status.REJECTED
                        ? outcomes[i] : outcomes[i].withHeld(held.get(i)));
            }
            return List.copyOf(all);
        }
    }

    /** A record (or the auto part of it) that the policy lets through. */
    private record Write(int index, TargetRecord record, RecordChange change, Decision decision) {
    }

    private Decided decide(String connection, String object, List<TargetRecord> records, Map<String, Map<String, Object>> current,
                           Map<String, String> unreadable, PolicyConfig policy, ObjectConfig objectConfig) {
        Decided decided = new Decided(records.size());
        String modifiedField = objectConfig == null ? null : objectConfig.modifiedField();
        for (int i = 0; i < records.size(); i++) {
            TargetRecord record = records.get(i);
            String unaskable = unreadable.get(record.key());
            if (unaskable != null) {
                decided.outcomes[i] = WriteOutcome.rejected(record.origin(), unaskable);
                continue;
            }
            RecordChange change = current == null
                    ? blindUpsert(record)
                    : ChangeSet.of(record, current.get(record.key()), modifiedField);
            decided.held.set(i, change.held());
            if (change.changesNothing()) {
                decided.outcomes[i] = new WriteOutcome(record.origin(), record.key(), WriteOutcome.Status.SKIPPED,
                        change.held().isEmpty() ? "unchanged: " + connection + " already holds these values"
                                : "unchanged: " + connection + " keeps its own " + String.join(", ", change.held())
                                + " (write rules in the mapping) and holds the other values already");
                continue;
            }
            long soFar = volume.getOrDefault(connection + "|" + change.action().id(), 0L);
            Map<String, Object> auto = new LinkedHashMap<>();
            Map<String, Object> review = new LinkedHashMap<>();
            Map<String, Object> denied = new LinkedHashMap<>();
            List<String> deniedRules = new ArrayList<>();
            Decision strictest = new Decision(Decision.Kind.AUTO, "policy.default auto");
            Decision autoRule = null;
            Decision reviewRule = null;
            for (Map.Entry<String, Object> field : change.after().entrySet()) {
                Decision decision = PolicyEngine.decide(policy, object, field.getKey(), change.action(), soFar,
                        today(connection, change.action(), policy) + soFar, null);
                if (approval != null && decision.kind() == Decision.Kind.REVIEW) {
                    decision = new Decision(Decision.Kind.AUTO, approval + " (" + decision.rule() + ")");
                }
                strictest = strictest.stricter(decision);
                switch (decision.kind()) {
                    case AUTO -> {
                        auto.put(field.getKey(), field.getValue());
                        autoRule = autoRule == null ? decision : autoRule;
                    }
                    case REVIEW -> {
                        review.put(field.getKey(), field.getValue());
                        reviewRule = reviewRule == null ? decision : reviewRule;
                    }
                    case DENY -> {
                        denied.put(field.getKey(), field.getValue());
                        deniedRules.add(field.getKey() + " (" + decision.rule() + ")");
                    }
                }
            }
            if (!review.isEmpty() || !denied.isEmpty()) {
                Set<String> notHeld = new java.util.LinkedHashSet<>(change.held());
                notHeld.addAll(review.keySet());
                notHeld.addAll(denied.keySet());
                decided.held.set(i, notHeld);
            }
            if (change.action() == WriteAction.CREATE && strictest.kind() != Decision.Kind.AUTO) {
                // a record is created whole or not at all
                if (strictest.kind() == Decision.Kind.DENY) {
                    decided.outcomes[i] = WriteOutcome.rejected(record.origin(), "denied by connectors/" + connection + ".yaml "
                            + strictest.rule());
                    plan(connection, object, change, change.after(), strictest);
                } else {
                    park(decided, i, connection, object, record, change, change.after(), strictest);
                }
                continue;
            }
            if (!review.isEmpty()) {
                park(decided, i, connection, object, record, change, review, reviewRule);
            }
            if (!denied.isEmpty()) {
                String note = "not written, denied by policy: " + String.join(", ", deniedRules);
                decided.notes.set(i, join(decided.notes.get(i), note));
                plan(connection, object, change, denied, new Decision(Decision.Kind.DENY, String.join(", ", deniedRules)));
            }
            if (auto.isEmpty()) {
                if (decided.outcomes[i] == null) {
                    decided.outcomes[i] = WriteOutcome.rejected(record.origin(), decided.notes.get(i));
                }
                continue;
            }
            decided.outcomes[i] = null;
            RecordChange autoChange = new RecordChange(change.key(), change.action(), subset(change.before(), auto.keySet()), auto);
            decided.writes.add(new Write(i, partial(record, auto, objectConfig), autoChange, autoRule));
            plan(connection, object, autoChange, auto, autoRule);
        }
        return decided;
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

    private void park(Decided decided, int index, String connection, String object, TargetRecord record, RecordChange change,
                      Map<String, Object> fields, Decision rule) {
        Map<String, Object> before = subset(change.before(), fields.keySet());
        plan(connection, object, change, fields, rule);
        String note;
        if (mode == Mode.PLAN) {
            note = "would wait for review: " + fields.keySet() + " (" + rule.rule() + ")";
        } else {
            long id = governance.reviews.park(new ReviewItem(0, run.id(), run.job(), connection, object, record.key(),
                    change.action().id(), before, fields, rule.rule(), "pending", null, null, null, null, null), governance.reviewExpiry);
            note = "waiting for review #" + id + ": " + fields.keySet() + " (" + rule.rule() + ")";
        }
        decided.notes.set(index, join(decided.notes.get(index), note));
        decided.outcomes[index] = new WriteOutcome(record.origin(), record.key(), WriteOutcome.Status.SKIPPED, decided.notes.get(index));
    }

    private void plan(String connection, String object, RecordChange change, Map<String, Object> fields, Decision decision) {
        if (mode == Mode.PLAN) {
            planned.add(new PlannedWrite(connection, object, change.key(), change.action().id(),
                    subset(change.before(), fields.keySet()), fields, decision.kind().name().toLowerCase(), decision.rule(), source));
        }
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

    private void enforceCaps(String connection, PolicyConfig policy, Decided decided) {
        Map<WriteAction, Long> batch = new HashMap<>();
        decided.writes.forEach(write -> batch.merge(write.change.action(), 1L, Long::sum));
        for (PolicyConfig.Cap cap : policy.caps()) {
            long adding = batch.getOrDefault(WriteAction.of(cap.action()), 0L);
            if (adding == 0) {
                continue;
            }
            long thisRun = volume.getOrDefault(connection + "|" + cap.action(), 0L);
            if (cap.perRun() != null && thisRun + adding > cap.perRun()) {
                throw new WritesHaltedException("Cap reached at " + connection + ": this run already made " + thisRun + " "
                        + cap.action() + " writes and the next page has " + adding + " more, over perRun " + cap.perRun()
                        + " (connectors/" + connection + ".yaml policy.caps). Nothing of this page was written. Check that the"
                        + " volume is expected, raise the cap if it is, and run the job again to resume.");
            }
            if (cap.perDay() != null && mode == Mode.EXECUTE) {
                long today = appliedToday.computeIfAbsent(connection + "|" + cap.action(),
                        key -> governance.journal.appliedToday(connection, cap.action()));
                if (today + thisRun + adding > cap.perDay()) {
                    throw new WritesHaltedException("Daily cap reached at " + connection + ": " + (today + thisRun) + " "
                            + cap.action() + " writes today and the next page has " + adding + " more, over perDay "
                            + cap.perDay() + " (connectors/" + connection + ".yaml policy.caps). Nothing of this page was written;"
                            + " run the job again tomorrow (UTC) or raise the cap.");
                }
            }
        }
    }

    private void execute(String connection, String object, RecordSink sink, Decided decided, ObjectConfig objectConfig) {
        if (decided.writes.isEmpty()) {
            return;
        }
        List<JournalEntry> intents = new ArrayList<>(decided.writes.size());
        for (Write write : decided.writes) {
            intents.add(new JournalEntry(0, run.id(), run.job(), connection, object, write.record.key(), write.change.action().id(),
                    write.change.before(), write.change.after(), decisionName(write.decision), write.decision.rule(),
                    governance.workspaceVersion, null, Instant.now()));
        }
        List<Long> ids = governance.journal.intend(intents);
        int max = Math.max(1, sink.maxBatchSize());
        for (int from = 0; from < decided.writes.size(); from += max) {
            List<Write> chunk = decided.writes.subList(from, Math.min(decided.writes.size(), from + max));
            List<WriteOutcome> results = sink.upsert(object, chunk.stream().map(Write::record).toList());
            if (results.size() != chunk.size()) {
                throw new IllegalStateException("Connection " + connection + " answered " + results.size() + " outcomes for "
                        + chunk.size() + " records; every record must get an outcome");
            }
            for (int i = 0; i < chunk.size(); i++) {
                Write write = chunk.get(i);
                WriteOutcome result = results.get(i);
                long entry = ids.get(from + i);
                String note = decided.notes.get(write.index);
                if (result.status() == WriteOutcome.Status.WRITTEN) {
                    pendingResults.add(new JournalStore.Result(entry, "applied", null));
                    count(connection, write.change.action());
                    decided.outcomes[write.index] = new WriteOutcome(result.origin(), result.targetId(), WriteOutcome.Status.WRITTEN, note,
                            decided.held.get(write.index));
                } else {
                    pendingResults.add(new JournalStore.Result(entry, result.status() == WriteOutcome.Status.SKIPPED
                            ? "not-applied" : "failed", result.reason()));
                    decided.outcomes[write.index] = new WriteOutcome(result.origin(), result.targetId(), result.status(),
                            join(result.reason(), note));
                }
            }
        }
        if (!deferResults && sinks.isEmpty() && !(sink instanceof CheckpointedSink)) {
            recordResults();
        }
    }

    /**
     * Archives records by key (undoing creates), through the kill switch, the policy for
     * {@code archive} and the journal. Keys the target does not hold are skipped.
     */
    public List<WriteOutcome> archive(String connection, String object, List<String> keys, io.middlemile.model.SourceRef origin) {
        if (keys.isEmpty()) {
            return List.of();
        }
        governance.killSwitch.check();
        Connector connector = connectors.apply(connection);
        io.middlemile.connector.Archiver archiver = connector.capability(io.middlemile.connector.Archiver.class)
                .orElseThrow(() -> new WritesHaltedException("Connection " + connection + " cannot archive records,"
                        + " so these creates cannot be undone here: " + keys));
        ConnectorConfig config = governance.connectors.get(connection);
        PolicyConfig policy = config == null ? PolicyConfig.allowAll() : config.writePolicy();
        List<WriteOutcome> outcomes = new ArrayList<>();
        try (RecordLocks.Held held = governance.locks.lock(connection, object, keys)) {
            Optional<CurrentState> state = connector.capability(CurrentState.class);
            Map<String, String> unreadable = state.map(s -> s.unreadableKeys(object, keys)).orElse(Map.of());
            List<String> readable = keys.stream().filter(key -> !unreadable.containsKey(key)).toList();
            Map<String, Map<String, Object>> current = state.map(s -> s.current(object, readable)).orElse(Map.of());
            List<String> allowed = new ArrayList<>();
            List<JournalEntry> intents = new ArrayList<>();
            for (String key : keys) {
                if (unreadable.containsKey(key)) {
                    outcomes.add(WriteOutcome.rejected(origin, unreadable.get(key)));
                    continue;
                }
                if (state.isPresent() && !current.containsKey(key)) {
                    outcomes.add(new WriteOutcome(origin, key, WriteOutcome.Status.SKIPPED, "nothing to do: " + connection
                            + " does not hold " + object + " " + key + " (already archived or deleted)"));
                    continue;
                }
                long archived = volume.getOrDefault(connection + "|archive", 0L);
                Decision decision = PolicyEngine.decide(policy, object, null, WriteAction.ARCHIVE, archived,
                        today(connection, WriteAction.ARCHIVE, policy) + archived, null);
                if (approval != null && decision.kind() == Decision.Kind.REVIEW) {
                    decision = new Decision(Decision.Kind.AUTO, approval + " (" + decision.rule() + ")");
                }
                if (decision.kind() != Decision.Kind.AUTO) {
                    outcomes.add(WriteOutcome.rejected(origin, "archive of " + key + " not allowed: " + decision.rule()));
                    continue;
                }
                if (mode == Mode.PLAN) {
                    planned.add(new PlannedWrite(connection, object, key, WriteAction.ARCHIVE.id(), current.getOrDefault(key, Map.of()),
                            Map.of(), decision.kind().name().toLowerCase(), decision.rule(), source));
                    outcomes.add(new WriteOutcome(origin, key, WriteOutcome.Status.WRITTEN, "would archive " + object + " " + key));
                    continue;
                }
                allowed.add(key);
                intents.add(new JournalEntry(0, run.id(), run.job(), connection, object, key, WriteAction.ARCHIVE.id(),
                        current.get(key), null, decisionName(decision), decision.rule(), governance.workspaceVersion, null,
                        Instant.now()));
            }
            List<Long> ids = governance.journal.intend(intents);
            List<WriteOutcome> results = archiver.archive(object, allowed, origin);
            for (int i = 0; i < results.size(); i++) {
                WriteOutcome result = results.get(i);
                pendingResults.add(new JournalStore.Result(ids.get(i), result.status() == WriteOutcome.Status.WRITTEN
                        ? "applied" : "not-applied", result.reason()));
                if (result.status() == WriteOutcome.Status.WRITTEN) {
                    count(connection, WriteAction.ARCHIVE);
                }
                outcomes.add(result);
            }
        }
        return outcomes;
    }

    /**
     * Merges duplicates into a surviving record through the policy for {@code merge} (with the match
     * confidence, so low-confidence merges can go to review), the caps and the journal. Every record
     * is snapshotted first: the journal's before-image of a merge holds the merged-away record and
     * the survivor as they were, which is what a rollback re-creates from.
     *
     * @param confidence the match probability of the pair, from the dedupe engine
     */
    public List<WriteOutcome> merge(String connection, String object, String primaryId, List<String> duplicateIds, double confidence) {
        return merge(connection, object, primaryId, duplicateIds, confidence, false);
    }

    /**
     * @param forceReview true for pairs in the dedupe rule's review band: a person decides, whatever the policy says
     */
    public List<WriteOutcome> merge(String connection, String object, String primaryId, List<String> duplicateIds, double confidence,
                                    boolean forceReview) {
        if (duplicateIds.isEmpty()) {
            return List.of();
        }
        governance.killSwitch.check();
        Connector connector = connectors.apply(connection);
        io.middlemile.connector.Merger merger = connector.capability(io.middlemile.connector.Merger.class)
                .orElseThrow(() -> new IllegalStateException("Connection " + connection + " has no merge operation; link these"
                        + " records in the crosswalk instead"));
        ConnectorConfig config = governance.connectors.get(connection);
        PolicyConfig policy = config == null ? PolicyConfig.allowAll() : config.writePolicy();
        List<String> all = new ArrayList<>(duplicateIds);
        all.add(0, primaryId);
        List<WriteOutcome> outcomes = new ArrayList<>();
        try (RecordLocks.Held held = governance.locks.lock(connection, object, all)) {
            Map<String, Map<String, Object>> snapshot = merger.snapshot(object, all);
            for (String duplicate : duplicateIds) {
                io.middlemile.model.SourceRef origin = new io.middlemile.model.SourceRef(connection, object, duplicate);
                Map<String, Object> before = new LinkedHashMap<>();
                before.put("record", snapshot.get(duplicate));
                before.put("primary", snapshot.get(primaryId));
                Map<String, Object> after = Map.of("mergedInto", primaryId, "confidence", confidence);
                long mergedSoFar = volume.getOrDefault(connection + "|merge", 0L);
                Decision decision = PolicyEngine.decide(policy, object, null, WriteAction.MERGE, mergedSoFar,
                        today(connection, WriteAction.MERGE, policy) + mergedSoFar, confidence);
                if (approval != null && decision.kind() == Decision.Kind.REVIEW) {
                    decision = new Decision(Decision.Kind.AUTO, approval + " (" + decision.rule() + ")");
                }
                if (forceReview && decision.kind() == Decision.Kind.AUTO) {
                    decision = new Decision(Decision.Kind.REVIEW, "dedupe review band (p=" + String.format("%.3f", confidence) + ")");
                }
                if (decision.kind() == Decision.Kind.DENY) {
                    outcomes.add(WriteOutcome.rejected(origin, "merge denied by connectors/" + connection + ".yaml " + decision.rule()));
                    continue;
                }
                if (decision.kind() == Decision.Kind.REVIEW) {
                    long id = governance.reviews.park(new ReviewItem(0, run.id(), run.job(), connection, object, duplicate,
                            WriteAction.MERGE.id(), before, after, decision.rule(), "pending", null, null, null, null, null),
                            governance.reviewExpiry);
                    outcomes.add(new WriteOutcome(origin, duplicate, WriteOutcome.Status.SKIPPED, "waiting for review #" + id + ": merge into "
                            + primaryId + " (" + decision.rule() + ")"));
                    continue;
                }
                if (mode == Mode.PLAN) {
                    planned.add(new PlannedWrite(connection, object, duplicate, WriteAction.MERGE.id(), before, after,
                            decision.kind().name().toLowerCase(), decision.rule(), source));
                    outcomes.add(new WriteOutcome(origin, primaryId, WriteOutcome.Status.WRITTEN, "would merge " + duplicate + " into " + primaryId));
                    continue;
                }
                PolicyConfig.Cap cap = policy.caps().stream().filter(c -> c != null && "merge".equals(c.action())).findFirst().orElse(null);
                long soFar = volume.getOrDefault(connection + "|merge", 0L);
                if (cap != null && cap.perRun() != null && soFar + 1 > cap.perRun()) {
                    throw new WritesHaltedException("Cap reached at " + connection + ": this run already made " + soFar
                            + " merges, the most policy.caps allows per run. Review the merge plan, raise the cap if it is right,"
                            + " and run again.");
                }
                long entry = governance.journal.intend(List.of(new JournalEntry(0, run.id(), run.job(), connection, object, duplicate,
                        WriteAction.MERGE.id(), before, after, decisionName(decision), decision.rule(), governance.workspaceVersion, null,
                        Instant.now()))).get(0);
                WriteOutcome result = merger.merge(object, primaryId, duplicate, origin);
                governance.journal.results(List.of(new JournalStore.Result(entry,
                        result.status() == WriteOutcome.Status.WRITTEN ? "applied" : "failed", result.reason())));
                if (result.status() == WriteOutcome.Status.WRITTEN) {
                    count(connection, WriteAction.MERGE);
                }
                outcomes.add(result);
            }
        }
        return outcomes;
    }

    private String decisionName(Decision decision) {
        return decision.kind().name().toLowerCase() + (source.equals("run") ? "" : " via " + source);
    }

    // ------------------------------------------------------------------ crash recovery

    /**
     * Settles journal intents left without a result by a process that died between journal and
     * write: the target is read back and each intent is recorded as applied or not-applied, so the
     * journal says what really happened. Intents of a job another live process is running are left
     * alone (its writes are still in flight).
     */
    private void reconcile(String connection, Connector connector) {
        if (!reconciled.add(connection)) {
            return;
        }
        List<JournalEntry> unresolved = governance.journal.unresolved(connection);
        if (unresolved.isEmpty()) {
            return;
        }
        Map<String, List<JournalEntry>> byJob = new LinkedHashMap<>();
        unresolved.forEach(entry -> byJob.computeIfAbsent(entry.job(), job -> new ArrayList<>()).add(entry));
        for (Map.Entry<String, List<JournalEntry>> job : byJob.entrySet()) {
            if (job.getKey().equals(run.job())) {
                settle(connector, job.getValue());
                continue;
            }
            Optional<JobLock> lock = governance.runs.tryLock(job.getKey());
            if (lock.isPresent()) {
                try (JobLock held = lock.get()) {
                    settle(connector, job.getValue());
                }
            }
        }
    }

    private void settle(Connector connector, List<JournalEntry> entries) {
        Optional<CurrentState> state = connector.capability(CurrentState.class);
        List<JournalStore.Result> results = new ArrayList<>();
        Map<String, List<JournalEntry>> byObject = new LinkedHashMap<>();
        entries.forEach(entry -> byObject.computeIfAbsent(entry.object(), o -> new ArrayList<>()).add(entry));
        for (Map.Entry<String, List<JournalEntry>> object : byObject.entrySet()) {
            Map<String, Map<String, Object>> current = state.map(s -> s.current(object.getKey(),
                    object.getValue().stream().map(JournalEntry::recordKey).distinct().toList())).orElse(null);
            for (JournalEntry entry : object.getValue()) {
                if (current == null) {
                    results.add(new JournalStore.Result(entry.id(), "not-applied",
                            "interrupted before its result was recorded; the target cannot be read back to check"));
                } else if (holds(current.get(entry.recordKey()), entry.after())) {
                    results.add(new JournalStore.Result(entry.id(), "applied", "confirmed by reading the target after an interruption"));
                } else {
                    results.add(new JournalStore.Result(entry.id(), "not-applied", "the target does not hold these values after an"
                            + " interruption; the write is made again when the job resumes"));
                }
            }
        }
        governance.journal.results(results);
    }

    static boolean holds(Map<String, Object> current, Map<String, Object> expected) {
        if (expected == null) {
            return current == null;
        }
        if (current == null) {
            return false;
        }
        return expected.entrySet().stream().allMatch(field -> ChangeSet.same(current.get(field.getKey()), field.getValue()));
    }

    // ------------------------------------------------------------------ bookkeeping

    /** Writes of an action applied here today before this run; read once per run, and only when a rule asks. */
    private long today(String connection, WriteAction action, PolicyConfig policy) {
        if (mode == Mode.PLAN || policy.rules().stream().noneMatch(rule -> rule != null && rule.todayOver() != null)) {
            return 0;
        }
        return appliedToday.computeIfAbsent(connection + "|" + action.id(), key -> governance.journal.appliedToday(connection, action.id()));
    }

    private void count(String connection, WriteAction action) {
        volume.merge(connection + "|" + action.id(), 1L, Long::sum);
    }

    private void countCalls(ConnectorConfig config, String connection, long calls) {
        if (config != null && !"csv".equals(config.type()) && calls > 0) {
            apiCalls.merge(connection, calls, Long::sum);
        }
    }

    private static long batches(int records, int max) {
        return records == 0 ? 0 : (records + Math.max(1, max) - 1) / Math.max(1, max);
    }

    private static Map<String, Object> subset(Map<String, Object> values, Set<String> fields) {
        if (values == null) {
            return null;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String field : fields) {
            kept.put(field, values.get(field));
        }
        return kept;
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }

    /** The plan collected in plan mode. */
    public WritePlan plan() {
        return new WritePlan(run.job(), run.id(), governance.workspaceVersion, Instant.now(), List.copyOf(planned), Map.copyOf(apiCalls));
    }

    /** Writes made so far this run, by connection and action, e.g. {@code hubspot|update → 120}. */
    public Map<String, Long> volume() {
        return Map.copyOf(volume);
    }
}

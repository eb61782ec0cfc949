package io.middlemile.govern;

import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory CRM object for write-path tests, with hooks to simulate slow writes and crashes. */
final class MemoryTarget implements Connector, RecordSink, CurrentState, io.middlemile.connector.Archiver, io.middlemile.connector.Merger {

    /** What the next upsert does besides writing. */
    enum Failure { NONE, BEFORE_WRITE, AFTER_WRITE }

    final Map<String, Map<String, Object>> rows = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();
    /** Read-backs asked ({@link #current}): each is a call to the provider. */
    final AtomicInteger reads = new AtomicInteger();
    /** Keys this target cannot be asked about, with why (as a provider whose request for them would be too long). */
    final Map<String, String> unreadable = new ConcurrentHashMap<>();
    volatile long writeDelayMillis;
    volatile Failure failure = Failure.NONE;
    /** Thrown by the next writes (upsert, archive, merge) until cleared, as a provider's classified failure would be. */
    volatile RuntimeException failWritesWith;

    @Override
    public ConnectorDescription describe() {
        return new ConnectorDescription("memory", "memory", Map.of("contacts", List.of("id", "stage")), List.of("RecordSink"));
    }

    @Override
    public HealthCheck check() {
        return HealthCheck.ok("in memory");
    }

    /** Fields that say which record a write goes to besides the object's id, as HubSpot's hs_object_id does. */
    volatile java.util.Set<String> addressing = java.util.Set.of();

    @Override
    public java.util.Set<String> addressedBy(String object) {
        return addressing;
    }

    @Override
    public int maxBatchSize() {
        return 100;
    }

    /** Runs once, at the start of the next upsert, on the writing thread: what happens elsewhere while a write is under way. */
    volatile Runnable beforeUpsert;

    @Override
    public List<WriteOutcome> upsert(String object, List<TargetRecord> records) {
        Runnable meanwhile = beforeUpsert;
        beforeUpsert = null;
        if (meanwhile != null) {
            meanwhile.run();
        }
        failIfAsked();
        if (failure == Failure.BEFORE_WRITE) {
            throw new IllegalStateException("simulated crash before the write reached the target");
        }
        sleep();
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (TargetRecord record : records) {
            rows.merge(record.key(), new LinkedHashMap<>(record.fields()), (old, update) -> {
                Map<String, Object> merged = new LinkedHashMap<>(old);
                merged.putAll(update);
                return merged;
            });
            writes.incrementAndGet();
            outcomes.add(WriteOutcome.written(record.origin(), record.key()));
        }
        if (failure == Failure.AFTER_WRITE) {
            throw new IllegalStateException("simulated crash after the write, before its result was recorded");
        }
        return outcomes;
    }

    @Override
    public List<WriteOutcome> archive(String object, List<String> keys, io.middlemile.model.SourceRef origin) {
        failIfAsked();
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (String key : keys) {
            rows.remove(key);
            writes.incrementAndGet();
            outcomes.add(WriteOutcome.written(origin, key));
        }
        return outcomes;
    }

    @Override
    public Map<String, String> unreadableKeys(String object, Collection<String> keys) {
        Map<String, String> refused = new LinkedHashMap<>();
        keys.stream().filter(unreadable::containsKey).forEach(key -> refused.put(key, unreadable.get(key)));
        return refused;
    }

    @Override
    public Map<String, Map<String, Object>> snapshot(String object, List<String> ids) {
        return current(object, ids);
    }

    /** The duplicate disappears into the survivor, as in a CRM; a missing record is refused. */
    @Override
    public WriteOutcome merge(String object, String primaryId, String duplicateId, io.middlemile.model.SourceRef origin) {
        failIfAsked();
        if (!rows.containsKey(primaryId) || !rows.containsKey(duplicateId)) {
            return WriteOutcome.rejected(origin, "no such record: " + primaryId + " or " + duplicateId);
        }
        rows.remove(duplicateId);
        writes.incrementAndGet();
        return WriteOutcome.written(origin, primaryId);
    }

    @Override
    public boolean providerManaged(String object, String field) {
        return field.equals("id");
    }

    @Override
    public Map<String, Map<String, Object>> current(String object, Collection<String> keys) {
        reads.incrementAndGet();
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        keys.forEach(key -> {
            if (unreadable.containsKey(key)) {
                // as the provider would: a request naming this key fails as a whole
                throw new IllegalStateException("the target was asked about a key it cannot read: " + key);
            }
            Map<String, Object> row = rows.get(key);
            if (row != null) {
                found.put(key, new LinkedHashMap<>(row));
            }
        });
        return found;
    }

    private void failIfAsked() {
        RuntimeException failure = failWritesWith;
        if (failure != null) {
            throw failure;
        }
    }

    private void sleep() {
        if (writeDelayMillis > 0) {
            try {
                Thread.sleep(writeDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

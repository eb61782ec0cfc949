package io.middlemile.connector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every connector passes (DESIGN.md section 8): paging without gaps or repeats, also
 * across a page boundary inside one shared timestamp; resume from a stored cursor with a new
 * instance; idempotent replay of a write batch; per-record errors that do not sink a batch.
 * A connector's subclass supplies a {@link Fixture}: a source seeded with records and a sink.
 */
public abstract class ConnectorContractTest {

    /** A seeded source and a target for one test; closed after it. */
    protected interface Fixture extends AutoCloseable {
        String object();

        /** A connector reading the seeded records (a new instance on every call). */
        ChangeSource openSource();

        RecordSink sink();

        /** Records to write that the target accepts; keys are unique per {@code seed}. */
        List<TargetRecord> validRecords(int count, String seed);

        /** A record the target rejects (bad value or unknown field). */
        TargetRecord invalidRecord();

        /** Records now in the target object. */
        int countInTarget();

        @Override
        void close();
    }

    /**
     * A fixture whose source holds {@code total} records, of which {@code sharingOneTimestamp}
     * share a single modification timestamp.
     */
    protected abstract Fixture fixture(int total, int sharingOneTimestamp);

    private Fixture fixture;

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Fixture open(int total, int shared) {
        fixture = fixture(total, shared);
        return fixture;
    }

    @Test
    void pagesWithoutGapsOrRepeatsAcrossASharedTimestamp() {
        Fixture f = open(260, 130);
        List<String> ids = readAll(f.openSource(), f.object(), Cursor.START, 50, new ArrayList<>());
        assertThat(ids).hasSize(260);
        assertThat(new HashSet<>(ids)).hasSize(260);
    }

    @Test
    void resumesFromAStoredCursorWithANewInstance() {
        Fixture f = open(180, 90);
        ChangeSource first = f.openSource();
        List<String> ids = new ArrayList<>();
        SourcePage page = first.readChanges(f.object(), Cursor.START, 40);
        page.records().forEach(r -> ids.add(r.ref().sourceId()));
        page = first.readChanges(f.object(), page.next(), 40);
        page.records().forEach(r -> ids.add(r.ref().sourceId()));
        Cursor stored = new Cursor(page.next().value()); // as the hub stores and reloads it
        readAll(f.openSource(), f.object(), stored, 40, ids);
        assertThat(ids).hasSize(180);
        assertThat(new HashSet<>(ids)).hasSize(180);
    }

    @Test
    void replayingAWriteBatchCreatesNoDuplicates() {
        Fixture f = open(0, 0);
        int before = f.countInTarget();
        List<TargetRecord> batch = f.validRecords(30, "replay");
        List<WriteOutcome> first = f.sink().upsert(f.object(), batch);
        List<WriteOutcome> replay = f.sink().upsert(f.object(), batch);
        assertThat(first).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(replay).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(replay).extracting(WriteOutcome::targetId).containsExactlyElementsOf(first.stream().map(WriteOutcome::targetId).toList());
        assertThat(f.countInTarget()).isEqualTo(before + 30);
    }

    @Test
    void oneBadRecordDoesNotSinkItsBatch() {
        Fixture f = open(0, 0);
        List<TargetRecord> batch = new ArrayList<>(f.validRecords(9, "mixed"));
        batch.add(4, f.invalidRecord());
        List<WriteOutcome> outcomes = f.sink().upsert(f.object(), batch);
        assertThat(outcomes).hasSize(10);
        assertThat(outcomes.get(4).status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(4).reason()).isNotBlank();
        assertThat(outcomes).filteredOn(o -> o.status() == WriteOutcome.Status.WRITTEN).hasSize(9);
    }

    /** Reads from {@code cursor} until the last page, appending ids; fails on an endless source. */
    protected static List<String> readAll(ChangeSource source, String object, Cursor cursor, int pageSize, List<String> ids) {
        Cursor at = cursor;
        Set<String> cursors = new HashSet<>();
        for (int pages = 0; pages < 10_000; pages++) {
            SourcePage page = source.readChanges(object, at, pageSize);
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            page.records().forEach(r -> ids.add(r.ref().sourceId()));
            if (page.last()) {
                return ids;
            }
            assertThat(cursors.add(page.next().value())).as("cursor must advance: %s", page.next().value()).isTrue();
            at = page.next();
        }
        throw new AssertionError("source never reported its last page");
    }
}

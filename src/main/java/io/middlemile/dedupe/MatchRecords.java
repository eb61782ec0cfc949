package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The columnar record store the matcher works on. Each record is a row index; each matched field is a column of
 * dictionary ids of the normalized value (-1 = missing), each survivorship field a column of the value as written. A million CRM contacts take a few hundred megabytes instead of the gigabytes their
 * {@link CanonicalRecord}s would, and the scoring loop touches only int arrays.
 *
 * <p>Appends are single-threaded ({@link #addAll} parallelizes normalization internally); reads are safe from any
 * thread once the appends they depend on have happened-before (the engine's phases, the incremental matcher's lock).
 */
public final class MatchRecords {

    private final Entity entity;
    private final List<String> matchFields;
    private final RecordNormalizer normalizer;
    private final Dictionary[] dicts;
    private int[][] ids;
    private final List<String> rawFields;
    // values as written are mostly unique (addresses, phones), so they are kept per row, not dictionary-encoded
    private String[][] raw;
    private final List<SourceKey> sourceTable = new ArrayList<>();
    private final Map<SourceKey, Integer> sourceIndex = new HashMap<>();
    private int[] source;
    private String[] recordIds;
    private long[] lastModified;
    private long[] createdAt;
    private byte[] completeness;
    private boolean[] removed;
    private int size;

    private record SourceKey(String connection, String object) {
    }

    /** An empty store that keeps {@code matchFields} normalized and {@code rawFields} as written. */
    public MatchRecords(Entity entity, List<String> matchFields, List<String> rawFields, int expectedSize) {
        this.entity = entity;
        this.matchFields = List.copyOf(matchFields);
        this.rawFields = List.copyOf(rawFields);
        this.normalizer = new RecordNormalizer(entity, matchFields, rawFields);
        int cap = Math.max(16, expectedSize);
        dicts = new Dictionary[matchFields.size()];
        dictionarySizes = new int[matchFields.size()];
        ids = new int[matchFields.size()][cap];
        for (int f = 0; f < dicts.length; f++) {
            dicts[f] = new Dictionary(cap / 4);
        }
        raw = new String[rawFields.size()][cap];
        source = new int[cap];
        recordIds = new String[cap];
        lastModified = new long[cap];
        createdAt = new long[cap];
        completeness = new byte[cap];
        removed = new boolean[cap];
    }

    /** An empty store with the columns {@code rules} needs. */
    public static MatchRecords forRules(DedupeRules rules, int expectedSize) {
        return new MatchRecords(rules.entity(), rules.matchFields(), rules.rawFields(), expectedSize);
    }

    /** Appends one record and returns its row index. */
    public int add(CanonicalRecord record) {
        return store(normalizer.normalize(record));
    }

    /**
     * Appends all records: read one chunk ahead on a helper thread ({@link ChunkReader}), each chunk normalized on
     * every core and dictionary-encoded, so memory holds a few chunks of canonical records at a time. The standardized
     * sink (saving the match index) takes each chunk on a thread of its own, in order, while the next is normalized.
     */
    public void addAll(Iterator<CanonicalRecord> records) {
        addAll(records, record -> record);
    }

    /**
     * As {@link #addAll(Iterator)}, each item made a record by {@code toRecord} on the thread that normalizes it next,
     * while the record is in that core's cache (a record mapped on one thread and normalized on another was read from
     * memory twice); an item it makes null of is left out. {@code toRecord} must be thread-safe.
     */
    public <T> void addAll(Iterator<T> items, ToRecord<T> toRecord) {
        StandardizedSink sink = standardizedSink;
        if (sink == null) {
            ChunkReader.read(items, chunk -> addChunk(chunk, toRecord, null));
            return;
        }
        ExecutorService sinking = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "dedupe-standardized-sink");
            thread.setDaemon(true);
            return thread;
        });
        Future<?>[] last = new Future<?>[1];
        Throwable failed = null;
        try {
            ChunkReader.read(items, chunk -> {
                String[][] standardized = new String[chunk.size()][];
                Object[] prepared = new Object[chunk.size()];
                CanonicalRecord[] records = addChunk(chunk, toRecord, (i, record, row) -> {
                    standardized[i] = standardized(row);
                    prepared[i] = sink.prepare(record, standardized[i]);
                });
                // the sink of the chunk before has ended before this one is handed over: at most one chunk waits for it
                if (last[0] != null) {
                    Spread.join(last[0]);
                }
                last[0] = sinking.submit(() -> {
                    for (int r = 0; r < records.length; r++) {
                        if (records[r] != null) {
                            sink.accept(records[r], standardized[r], prepared[r]);
                        }
                    }
                });
            });
        } catch (RuntimeException | Error e) {
            failed = e;
        } finally {
            sinking.shutdown();
        }
        // the sink has seen every record before this returns, or the first failure is thrown
        Throwable sunk = last[0] == null ? null : Spread.await(last[0]);
        Spread.rethrow(failed != null ? failed : sunk);
    }

    /** Makes an item a record (null: left out) on the thread that normalizes it next; thread-safe. */
    @FunctionalInterface
    public interface ToRecord<T> {
        CanonicalRecord apply(T item);

        /**
         * About to make {@code items} records, one by one, on this thread: a hint to read ahead for all of them at once
         * ({@link io.middlemile.mapping.Mapper#warm}); the records are the same without it.
         */
        default void warm(List<T> items) {
        }
    }

    public void addAll(Iterable<CanonicalRecord> records) {
        addAll(records.iterator());
    }

    /** Sees each record of a chunk as it is normalized, on the thread that normalized it. */
    interface Normalized {
        void row(int index, CanonicalRecord record, RecordNormalizer.Row row);
    }

    /**
     * Makes each item of a chunk a record, normalizes and stores it, handing each row to {@code normalized} (or null) as
     * it is made; returns the chunk's records, null where {@code toRecord} left an item out.
     */
    private <T> CanonicalRecord[] addChunk(List<T> chunk, ToRecord<T> toRecord, Normalized normalized) {
        CanonicalRecord[] records = new CanonicalRecord[chunk.size()];
        RecordNormalizer.Row[] rows = new RecordNormalizer.Row[chunk.size()];
        Spread.forEachRun(rows.length, (from, to) -> normalizeRun(normalizer, chunk, from, to, toRecord, records, rows, normalized));
        int kept = 0;
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] != null) {
                rows[kept++] = rows[r];
            }
        }
        RecordNormalizer.Row[] stored = kept == rows.length ? rows : Arrays.copyOf(rows, kept);
        SourceRef[] refs = new SourceRef[kept];
        for (int r = 0; r < kept; r++) {
            refs[r] = stored[r].record().source();
        }
        storeChunk(stored, refs);
        return records;
    }

    /** Items a thread makes records and normalizes at a time, each step's look-ups read ahead first. */
    static final int AHEAD = 64;

    /**
     * Items {@code from} to {@code to - 1} made records and normalized, into {@code records} and {@code rows} at their
     * positions (null where {@code toRecord} left an item out), each handed to {@code normalized} (or null). In steps of
     * {@link #AHEAD} items: a step's mapping reads ahead ({@link ToRecord#warm}), its records are made, its normalizing
     * reads ahead ({@link RecordNormalizer#warm}), and its records are normalized. Sixty-four records' look-ups stay in
     * a core's own cache until they are used; the processor reads them side by side instead of one miss at a time.
     */
    static <T> void normalizeRun(RecordNormalizer normalizer, List<T> items, int from, int to, ToRecord<T> toRecord,
                                 CanonicalRecord[] records, RecordNormalizer.Row[] rows, Normalized normalized) {
        for (int start = from; start < to; start += AHEAD) {
            int end = Math.min(to, start + AHEAD);
            toRecord.warm(items.subList(start, end));
            Object[][] values = new Object[end - start][];
            for (int i = start; i < end; i++) {
                records[i] = toRecord.apply(items.get(i));
                values[i - start] = records[i] == null ? null : normalizer.values(records[i]);
            }
            normalizer.warm(values);
            for (int i = start; i < end; i++) {
                if (records[i] != null) {
                    rows[i] = normalizer.normalize(records[i], values[i - start]);
                    if (normalized != null) {
                        normalized.row(i, records[i], rows[i]);
                    }
                }
            }
        }
    }

    private void storeChunk(RecordNormalizer.Row[] rows, SourceRef[] refs) {
        ensure(size + rows.length);
        int base = size;
        // dictionaries are independent, so columns are encoded side by side; the row metadata goes alongside
        Spread.forEachTask(1 + dicts.length + raw.length, f -> {
            if (f == 0) {
                for (int r = 0; r < rows.length; r++) {
                    storeMeta(base + r, refs[r], rows[r]);
                }
            } else if (f <= dicts.length) {
                String[] column = new String[rows.length];
                for (int r = 0; r < rows.length; r++) {
                    column[r] = rows[r].match()[f - 1];
                }
                dicts[f - 1].internAll(column, ids[f - 1], base);
            } else {
                int g = f - 1 - dicts.length;
                for (int r = 0; r < rows.length; r++) {
                    raw[g][base + r] = rows[r].raw()[g];
                }
            }
        });
        size += rows.length;
    }

    /**
     * Sees each record with its standardized values as {@link #addAll} takes it in, in input order, on one thread;
     * what it makes of a record alone it can make ahead ({@link #prepare}), in parallel.
     */
    @FunctionalInterface
    public interface StandardizedSink {
        /** {@code standardized} is in the store's own layout ({@link #standardizedLayout}), for {@link #addStandardized}. */
        void accept(CanonicalRecord record, String[] standardized);

        /**
         * What the sink makes of one record alone, made on the thread that just standardized it, while the record is
         * in that core's cache; any thread, any order. Null (the default) for nothing.
         */
        default Object prepare(CanonicalRecord record, String[] standardized) {
            return null;
        }

        /** As {@link #accept(CanonicalRecord, String[])}, with what {@link #prepare} made of the record. */
        default void accept(CanonicalRecord record, String[] standardized, Object prepared) {
            accept(record, standardized);
        }
    }

    private StandardizedSink standardizedSink;

    /** Hands every record {@link #addAll} stores from now on, with its standardized values, to {@code sink}. */
    public void onStandardized(StandardizedSink sink) {
        this.standardizedSink = sink;
    }

    /**
     * What the standardized values of {@link StandardizedSink} and {@link #addStandardized} mean: a format version,
     * the matched fields and the fields kept as written. Values saved under another layout must be standardized
     * again from the record. The version goes up when a standardizer's output changes.
     */
    public String standardizedLayout() {
        return STANDARDIZED_VERSION + ";" + String.join(",", matchFields) + ";" + String.join(",", rawFields);
    }

    static final int STANDARDIZED_VERSION = 1;
    private static final int STANDARDIZED_META = 3; // last modified, created, fields filled

    private String[] standardized(RecordNormalizer.Row row) {
        String[] out = new String[STANDARDIZED_META + row.match().length + row.raw().length];
        out[0] = Long.toString(row.modified());
        out[1] = Long.toString(row.created());
        out[2] = Integer.toString(row.filled());
        System.arraycopy(row.match(), 0, out, STANDARDIZED_META, row.match().length);
        System.arraycopy(row.raw(), 0, out, STANDARDIZED_META + row.match().length, row.raw().length);
        return out;
    }

    /**
     * Appends records saved with their standardized values ({@link StandardizedSink}, same layout) without
     * standardizing them again: how a restarted engine reloads a match index in seconds.
     *
     * @throws IllegalArgumentException when a row does not have the layout's number of values
     */
    public void addStandardized(List<SourceRef> sources, List<String[]> standardized) {
        RecordNormalizer.Row[] rows = new RecordNormalizer.Row[sources.size()];
        int matched = dicts.length;
        for (int r = 0; r < rows.length; r++) {
            String[] v = standardized.get(r);
            if (v.length != STANDARDIZED_META + matched + raw.length) {
                throw new IllegalArgumentException("record " + sources.get(r) + " has " + v.length
                        + " standardized values, the layout " + standardizedLayout() + " has "
                        + (STANDARDIZED_META + matched + raw.length));
            }
            rows[r] = new RecordNormalizer.Row(null, Arrays.copyOfRange(v, STANDARDIZED_META, STANDARDIZED_META + matched),
                    Arrays.copyOfRange(v, STANDARDIZED_META + matched, v.length), Long.parseLong(v[0]),
                    Long.parseLong(v[1]), Integer.parseInt(v[2]));
        }
        storeChunk(rows, sources.toArray(SourceRef[]::new));
    }

    private int store(RecordNormalizer.Row row) {
        ensure(size + 1);
        int i = size;
        for (int f = 0; f < dicts.length; f++) {
            ids[f][i] = dicts[f].intern(row.match()[f]);
        }
        for (int f = 0; f < raw.length; f++) {
            raw[f][i] = row.raw()[f];
        }
        storeMeta(i, row.record().source(), row);
        size++;
        return i;
    }

    private void storeMeta(int i, SourceRef ref, RecordNormalizer.Row row) {
        source[i] = sourceIndexOf(ref.connection(), ref.object());
        recordIds[i] = ref.sourceId();
        lastModified[i] = row.modified();
        createdAt[i] = row.created();
        completeness[i] = (byte) Math.min(127, row.filled());
    }

    private int lastSource = -1;

    private int sourceIndexOf(String connection, String object) {
        // rows arrive in runs from one connection: skip the map while it does not change
        if (lastSource >= 0) {
            SourceKey last = sourceTable.get(lastSource);
            if (last.connection.equals(connection) && last.object.equals(object)) {
                return lastSource;
            }
        }
        SourceKey key = new SourceKey(connection, object);
        Integer s = sourceIndex.get(key);
        if (s == null) {
            s = sourceTable.size();
            sourceTable.add(key);
            sourceIndex.put(key, s);
        }
        lastSource = s;
        return s;
    }

    private void ensure(int capacity) {
        if (capacity <= source.length) {
            return;
        }
        int cap = Math.max(capacity, source.length + (source.length >> 1));
        for (int f = 0; f < ids.length; f++) {
            ids[f] = Arrays.copyOf(ids[f], cap);
        }
        for (int f = 0; f < raw.length; f++) {
            raw[f] = Arrays.copyOf(raw[f], cap);
        }
        source = Arrays.copyOf(source, cap);
        recordIds = Arrays.copyOf(recordIds, cap);
        lastModified = Arrays.copyOf(lastModified, cap);
        createdAt = Arrays.copyOf(createdAt, cap);
        completeness = Arrays.copyOf(completeness, cap);
        removed = Arrays.copyOf(removed, cap);
    }

    /**
     * Takes back the last row appended (a lookup's temporary row), so lookups do not grow the store: a match API
     * answering thousands of lookups a second would otherwise add as many rows, and copy every column when they fill.
     */
    void dropLast(int row) {
        if (row != size - 1 || temporary != row) {
            throw new IllegalStateException("only the last row added by addTemporary can be dropped: row " + row + " of "
                    + size);
        }
        remove(row);
        removed[row] = false;
        size--;
        for (int f = 0; f < dicts.length; f++) {
            dicts[f].truncate(dictionarySizes[f]);
        }
        temporary = -1;
    }

    /**
     * Appends a record that {@link #dropLast} takes back, together with the values it brought into the dictionaries:
     * a lookup scores a record against the index without keeping anything of it.
     */
    int addTemporary(CanonicalRecord record) {
        for (int f = 0; f < dicts.length; f++) {
            dictionarySizes[f] = dicts[f].size();
        }
        temporary = add(record);
        return temporary;
    }

    /** The row {@link #addTemporary} appended and {@link #dropLast} has not yet dropped, or -1. */
    private int temporary = -1;
    /** Dictionary sizes before the temporary row's values were interned. */
    private final int[] dictionarySizes;

    /** Marks a row as replaced (incremental updates); its values stop counting toward term frequencies. */
    void remove(int row) {
        if (!removed[row]) {
            removed[row] = true;
            for (int f = 0; f < dicts.length; f++) {
                dicts[f].release(ids[f][row]);
            }
        }
    }

    public int size() {
        return size;
    }

    public Entity entity() {
        return entity;
    }

    public List<String> matchFields() {
        return matchFields;
    }

    public List<String> rawFields() {
        return rawFields;
    }

    /** Where row {@code row} came from. */
    public SourceRef source(int row) {
        SourceKey k = sourceTable.get(source[row]);
        return new SourceRef(k.connection, k.object, recordIds[row]);
    }

    public String connection(int row) {
        return sourceTable.get(source[row]).connection;
    }

    public String recordId(int row) {
        return recordIds[row];
    }

    /** Dense index of the row's connection+object, for link-only blocking and one-per-source clustering. */
    int sourceIndex(int row) {
        return source[row];
    }

    boolean removed(int row) {
        return removed[row];
    }

    int fieldIndex(String field) {
        return matchFields.indexOf(field);
    }

    FieldNormalizer normalizer(int field) {
        return normalizer.normalizer(field);
    }

    Dictionary dictionary(int field) {
        return dicts[field];
    }

    /** Column of dictionary ids of a matched field; valid up to {@link #size()}. */
    int[] column(int field) {
        return ids[field];
    }

    /** The normalized value of a matched field, or null. */
    public String value(String field, int row) {
        int f = fieldIndex(field);
        return f < 0 ? null : dicts[f].value(ids[f][row]);
    }

    /** A survivorship field as written (multi-values joined by newlines), or null. */
    public String raw(int rawField, int row) {
        return raw[rawField][row];
    }

    /** Epoch millis of the last change, or {@link Long#MIN_VALUE} when unknown. */
    long lastModified(int row) {
        return lastModified[row];
    }

    /** Epoch millis of creation, or {@link Long#MIN_VALUE} when unknown. */
    long createdAt(int row) {
        return createdAt[row];
    }

    int completeness(int row) {
        return completeness[row];
    }

    /** Approximate heap bytes of the columns (dictionaries excluded), for the benchmark's memory report. */
    long columnBytes() {
        long perRow = 4L * (ids.length + raw.length + 1) + 8 + 16 + 2;
        return perRow * source.length;
    }
}

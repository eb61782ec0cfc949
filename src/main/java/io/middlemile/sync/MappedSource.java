package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.Lifecycle;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every live record of one mapped object, read page by page from its connection and mapped to canonical
 * records, for jobs that look at a whole object at once (dedupe). Records the connection or the
 * mapping rejects are counted, not lost silently; so are the deleted ones left out.
 */
public final class MappedSource {

    // a page is in memory at once: small enough that a collection meeting it copies little (see ChunkReader.CHUNK)
    private static final int PAGE = 2_000;

    private final ChangeSource source;
    private final String object;
    private final Mapper mapper;
    private Cursor cursor = Cursor.START;
    private boolean last;
    private long read;
    private long deleted;
    // records are mapped on the threads of whoever reads them (map), so rejections are counted from any thread
    private final java.util.concurrent.atomic.LongAdder rejected = new java.util.concurrent.atomic.LongAdder();

    public MappedSource(Connector connector, String object, Mapper mapper) {
        this.source = connector.capability(ChangeSource.class)
                .orElseThrow(() -> new IllegalArgumentException(connector.describe().id() + " cannot be read from"));
        this.object = object;
        this.mapper = mapper;
    }

    /**
     * The records as read, not yet mapped: the reader maps each record ({@link #map}) on the thread that works on it
     * next, so mapping (every standardizer of the mapping, the slow part of reading a big export) runs on every core
     * and a record is read from memory once.
     */
    public Iterator<SourceRecord> unmapped() {
        return new Iterator<>() {
            private final Deque<SourceRecord> page = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (page.isEmpty() && !last) {
                    page.addAll(nextPage());
                }
                return !page.isEmpty();
            }

            @Override
            public SourceRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.poll();
            }
        };
    }

    /** About to {@link #map} {@code records}: see {@link Mapper#warm}. */
    public void warm(List<SourceRecord> records) {
        mapper.warm(records);
    }

    /** {@code record} as a canonical record, or null when the mapping rejects it (counted in {@link #rejected}); thread-safe. */
    public CanonicalRecord map(SourceRecord record) {
        try {
            return mapper.toCanonical(record).record();
        } catch (MappingException e) {
            rejected.increment();
            return null;
        }
    }

    private List<SourceRecord> nextPage() {
        SourcePage page = source.readChanges(object, cursor, PAGE);
        rejected.add(page.rejected().size());
        cursor = page.next();
        last = page.last();
        // a read from the start brings the recycle bin too (HubSpot's archived, Salesforce's deleted rows), which a sync
        // needs to carry deletes over; to a dedupe they are no one: a deleted master cannot be merged into, and the match
        // index would offer them as people already known
        List<SourceRecord> live = new java.util.ArrayList<>(page.records().size());
        for (SourceRecord record : page.records()) {
            if (Lifecycle.of(record.fields()).deleted()) {
                deleted++;
            } else {
                live.add(record);
            }
        }
        read += live.size() + page.rejected().size();
        return live;
    }

    /** The live records read and the input the connection could not make records of; deleted records are not in it. */
    public long read() {
        return read;
    }

    /** The records read that are deleted or archived at their source, left out. */
    public long deleted() {
        return deleted;
    }

    public long rejected() {
        return rejected.sum();
    }
}

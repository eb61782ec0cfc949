package io.middlemile.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last requests an emulator answered, oldest first; thread-safe and bounded (older entries are dropped). */
public final class RequestLog {

    /** One answered request: method, raw path plus query as sent, and the status answered (-1 when none was sent). */
    public record Entry(String method, String target, int status) {
        @Override
        public String toString() {
            return method + " " + target + " -> " + status;
        }
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RequestLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A request log holds at least one request, not " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.pollFirst();
        }
        entries.addLast(entry);
    }

    /** A copy of the entries, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public int capacity() {
        return capacity;
    }

    public synchronized void clear() {
        entries.clear();
    }
}

package io.middlemile.dedupe;

import java.util.Arrays;

/** A growable int array: the engine's columns and member lists, without boxing. Not thread-safe. */
final class IntList {
    private int[] data;
    private int size;

    IntList(int capacity) {
        data = new int[Math.max(2, capacity)];
    }

    IntList() {
        this(8);
    }

    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length + (data.length >> 1) + 1);
        }
        data[size++] = v;
    }

    void addAll(IntList other) {
        for (int i = 0; i < other.size; i++) {
            add(other.data[i]);
        }
    }

    int get(int i) {
        return data[i];
    }

    void set(int i, int v) {
        data[i] = v;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    boolean contains(int v) {
        for (int i = 0; i < size; i++) {
            if (data[i] == v) {
                return true;
            }
        }
        return false;
    }

    int[] toArray() {
        return Arrays.copyOf(data, size);
    }

    /** The backing array; valid up to {@link #size()}. */
    int[] raw() {
        return data;
    }
}

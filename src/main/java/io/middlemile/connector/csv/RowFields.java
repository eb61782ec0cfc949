package io.middlemile.connector.csv;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One CSV row's values by column name, in column order and read-only: the file's columns are indexed once
 * ({@link Columns}) and a row is its array of values. A hash map per row was a dozen entry objects for every record of
 * an export, each a cache miss when a mapping asked for its field, and the garbage of a million contacts' read.
 */
final class RowFields extends AbstractMap<String, Object> {

    /** A file's column names in header order, with each one's position. */
    static final class Columns {
        private final String[] names;
        private final Map<String, Integer> index;

        Columns(String[] names) {
            this.names = names.clone();
            Map<String, Integer> positions = new java.util.HashMap<>();
            for (int i = 0; i < names.length; i++) {
                // the reader rejects a header naming a column twice; were one to slip through, the last would win, as in a map
                positions.put(names[i], i);
            }
            // a hash map's look-up is a mask of the name's cached hash; Map.copyOf's takes a division per field read
            this.index = positions;
        }
    }

    private final Columns columns;
    private final String[] values;

    /** @param values one per column, in header order */
    RowFields(Columns columns, String[] values) {
        if (values.length != columns.names.length) {
            throw new IllegalArgumentException("a row of " + values.length + " values for " + columns.names.length + " columns");
        }
        this.columns = columns;
        this.values = values;
    }

    @Override
    public Object get(Object key) {
        Integer i = key == null ? null : columns.index.get(key);
        return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && columns.index.containsKey(key);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(columns.names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}

package io.middlemile.sandbox.hubspot;

/**
 * A record's place in the search API's order for an ascending sort on the type's last-modified
 * property: modified time, then the fixed but arbitrary tie order (a hash of the id, see
 * {@link SearchEngine}), then the id (the order a stable sort of records listed by id gives
 * records whose hashes collide). The modified property always holds {@code updatedAt} in ISO form,
 * so the key needs no parsing.
 */
record ModifiedKey(long modified, int tie, long id) implements Comparable<ModifiedKey> {

    static ModifiedKey of(StoredRecord record) {
        return new ModifiedKey(record.updatedAt, tie(record.id), record.id);
    }

    /** The first key at or after a modified time, for a range scan. */
    static ModifiedKey from(long modified) {
        return new ModifiedKey(modified, Integer.MIN_VALUE, Long.MIN_VALUE);
    }

    /** How records that tie on the sort value are ordered: a hash of the id, not the id itself. */
    static int tie(long id) {
        return Long.hashCode(id * 0x9E3779B97F4A7C15L);
    }

    @Override
    public int compareTo(ModifiedKey other) {
        int c = Long.compare(modified, other.modified);
        if (c == 0) {
            c = Integer.compare(tie, other.tie);
        }
        return c != 0 ? c : Long.compare(id, other.id);
    }
}

package io.middlemile.connector;

import java.util.List;

/**
 * One page read from a {@link ChangeSource}.
 *
 * @param records  the records read, in cursor order
 * @param rejected input on this page that could not become records
 * @param next     the cursor to commit once this page's writes are durable
 * @param last     true when the source has nothing after this page (for now)
 * @param progress fraction of the source read so far, 0..1, or -1 when unknown
 */
public record SourcePage(List<SourceRecord> records, List<RejectedRecord> rejected, Cursor next, boolean last, double progress) {
    public int size() {
        return records.size() + rejected.size();
    }
}

package io.middlemile.workspace;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The optional {@code bulk:} section of a {@code salesforce} connector file: from which size reads and
 * writes go through Bulk API 2.0 jobs instead of REST query paging and sObject Collections. A job costs
 * a few calls of its own (create, poll, results) and runs asynchronously, so it only pays off for
 * large volumes. 0 switches the bulk path off for that direction.
 *
 * @param queryAbove  a read whose query matches more than this many records runs as a Bulk API 2.0 query job
 *                    (default 10,000; Salesforce recommends Bulk API for 10,000 records or more)
 * @param ingestAbove a write batch of more than this many records runs as a Bulk API 2.0 ingest job (default 2,000)
 */
public record SalesforceBulk(
        @Min(value = 0, message = "must be 0 (off) or a record count, e.g. 10000") Integer queryAbove,
        @Min(value = 0, message = "must be 0 (off) or a record count, e.g. 2000")
        @Max(value = SalesforceBulk.MAX_INGEST_BATCH, message = "must be at most 10000: the hub hands at most 10,000 records to one ingest job")
        Integer ingestAbove) {

    public static final int DEFAULT_QUERY_ABOVE = 10_000;
    public static final int DEFAULT_INGEST_ABOVE = 2_000;
    /** Records handed to one ingest job at most (one upload of well under the 100 MB per-job limit). */
    public static final int MAX_INGEST_BATCH = 10_000;

    public static SalesforceBulk defaults() {
        return new SalesforceBulk(DEFAULT_QUERY_ABOVE, DEFAULT_INGEST_ABOVE);
    }

    public static SalesforceBulk off() {
        return new SalesforceBulk(0, 0);
    }

    public SalesforceBulk {
        queryAbove = queryAbove == null ? DEFAULT_QUERY_ABOVE : queryAbove;
        ingestAbove = ingestAbove == null ? DEFAULT_INGEST_ABOVE : ingestAbove;
    }

    public boolean queryEnabled() {
        return queryAbove > 0;
    }

    public boolean ingestEnabled() {
        return ingestAbove > 0;
    }
}

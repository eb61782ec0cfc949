package io.middlemile.connector.crustdata;

import java.util.List;

/**
 * The state of a batch job ({@code GET /batch/{batch_id}}): {@code pending}, {@code processing}, {@code completed}
 * (with pre-signed download URLs of gzipped JSONL, valid 5 days) or {@code failed} (with an error message).
 */
public record CrustdataBatchStatus(String batchId, String status, List<String> downloadUrls, String errorMessage,
                                   int entitiesRequested, int entitiesFulfilled) {

    public CrustdataBatchStatus {
        downloadUrls = List.copyOf(downloadUrls);
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    public boolean failed() {
        return "failed".equals(status);
    }
}

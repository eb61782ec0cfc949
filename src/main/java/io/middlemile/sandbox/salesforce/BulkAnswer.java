package io.middlemile.sandbox.salesforce;

import java.util.Map;

/** An HTTP answer of the Bulk API 2.0 resources: JSON job info, CSV results (with Sforce-* headers), or an empty 201. */
record BulkAnswer(int status, String contentType, String body, Map<String, String> headers) {

    static BulkAnswer json(int status, Object node) {
        return new BulkAnswer(status, "application/json;charset=UTF-8", node.toString(), Map.of());
    }

    static BulkAnswer csv(String body, Map<String, String> headers) {
        return new BulkAnswer(200, "text/csv", body, headers);
    }

    static BulkAnswer empty(int status) {
        return new BulkAnswer(status, null, null, Map.of());
    }
}

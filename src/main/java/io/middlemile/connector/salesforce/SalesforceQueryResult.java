package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One batch of a SOQL query: {@code totalSize, done, records, nextRecordsUrl} (null when done).
 *
 * @param serverTime the org's time when it answered, from the response's {@code Date} header (whole seconds), or null
 *                   when the answer had none
 */
public record SalesforceQueryResult(int totalSize, boolean done, List<ObjectNode> records, String nextRecordsUrl,
                                    java.time.Instant serverTime) {
}

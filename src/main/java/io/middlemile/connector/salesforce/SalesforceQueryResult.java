package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** One batch of a SOQL query: {@code totalSize, done, records, nextRecordsUrl} (null when done). */
public record SalesforceQueryResult(int totalSize, boolean done, List<ObjectNode> records, String nextRecordsUrl) {
}

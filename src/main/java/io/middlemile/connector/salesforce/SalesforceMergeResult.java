package io.middlemile.connector.salesforce;

import java.util.List;

/** One MergeResult of SOAP merge(): the master's id, success, errors[statusCode, message] and the ids merged away. */
public record SalesforceMergeResult(String id, boolean success, List<SalesforceError> errors, List<String> mergedRecordIds) {

    public SalesforceMergeResult {
        errors = errors == null ? List.of() : List.copyOf(errors);
        mergedRecordIds = mergedRecordIds == null ? List.of() : List.copyOf(mergedRecordIds);
    }
}

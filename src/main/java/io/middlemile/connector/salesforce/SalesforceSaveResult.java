package io.middlemile.connector.salesforce;

import java.util.List;

/** One record's SaveResult / UpsertResult of an sObject Collections call; {@code created} only for upserts. */
public record SalesforceSaveResult(String id, boolean success, List<SalesforceError> errors, Boolean created) {
}

package io.middlemile.connector.salesforce;

import java.util.List;

/** One entry of an error answer ({@code [{message, errorCode, fields?}]}) or of a per-record result ({@code statusCode}). */
public record SalesforceError(String errorCode, String message, List<String> fields) {

    public SalesforceError {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    @Override
    public String toString() {
        return errorCode + ": " + message + (fields.isEmpty() ? "" : " " + fields);
    }
}

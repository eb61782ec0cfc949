package io.middlemile.sandbox.salesforce;

import java.util.List;

/**
 * One record's result of a collections call (SaveResult / UpsertResult): {@code id}, {@code success},
 * {@code errors:[{statusCode, message, fields}]}, and for upserts {@code created}.
 */
public record SaveOutcome(String id, boolean success, List<Problem> errors, Boolean created) {

    public record Problem(String statusCode, String message, List<String> fields) {
    }

    static SaveOutcome ok(String id, Boolean created) {
        return new SaveOutcome(id, true, List.of(), created);
    }

    static SaveOutcome failed(String statusCode, String message, List<String> fields) {
        return new SaveOutcome(null, false, List.of(new Problem(statusCode, message, fields)), null);
    }
}

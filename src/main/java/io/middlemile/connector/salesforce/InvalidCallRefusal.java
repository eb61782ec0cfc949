package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reasons given to the records of an sObject Collections call that Salesforce refused as a whole as invalid (a 4xx
 * other than JSON_PARSER_ERROR, which {@link WholeCallRefusal} explains: an unknown field describe did not list yet, a
 * wrong object type, a body Salesforce could not take; https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 * Nothing of the call was written, and the cause may lie in any of its records: one record's field, or the mapping of the
 * whole object. So no record is told that retrying is useless; each is told that the whole call was refused, what Salesforce
 * answered, and what to check: the record Salesforce's answer names by the key it was sent with (its Id for an update, its
 * external id for an upsert), else the mapping of the call's object.
 *
 * @param code  Salesforce's error code (INVALID_REQUEST when it gave none)
 * @param named which of {@code sent} the answer names by the key it was sent with
 */
record InvalidCallRefusal(String object, List<Sent> sent, String code, String answer, List<Integer> named) {

    /** One record of the refused call: where it came from, and the key it was sent with (null for a create, sent without one). */
    record Sent(SourceRef origin, String key) {
    }

    /**
     * Shorter keys ("7", "42") are not looked for in the answer: they turn up in any message as numbers, and the record found
     * would be the wrong one.
     */
    private static final int KEY_MIN = 3;

    /** The refusal of a call that carried these records, from its classified failure. */
    static InvalidCallRefusal of(String object, List<Sent> sent, ConnectorException failure) {
        SalesforceCallException call = failure instanceof SalesforceCallException e ? e : null;
        String code = call != null && call.errorCode() != null ? call.errorCode() : "INVALID_REQUEST";
        String answer = call != null && call.answer() != null ? call.answer() : failure.getMessage();
        List<Integer> named = new ArrayList<>();
        for (int n = 0; n < sent.size(); n++) {
            String key = sent.get(n).key();
            if (key != null && key.strip().length() >= KEY_MIN && names(answer, key.strip())) {
                named.add(n);
            }
        }
        return new InvalidCallRefusal(object, List.copyOf(sent), code, answer, List.copyOf(named));
    }

    /** Whether the answer holds the key as a whole word: "new-1" is not found in "new-12". */
    private static boolean names(String answer, String key) {
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(key) + "(?![\\w-])").matcher(answer).find();
    }

    /** The reason for the call's n-th record. */
    String reason(int n) {
        String refused = "Salesforce refused the whole call that carried this record ("
                + WholeCallRefusal.describeCall(object, sent.stream().map(Sent::origin).toList()) + ") and wrote none of its records";
        String quoted = " Salesforce's answer: " + answer + ".";
        if (named.contains(n)) {
            return code + ": not written. " + refused + "; its answer names this record (key " + sent.get(n).key() + ")." + quoted
                    + " Check this record's values and the mapping of " + object + " that gives them, fix them (the mapping or the "
                    + "source), then retry the job's failed records.";
        }
        if (!named.isEmpty()) {
            return code + ": not written. " + refused + "; its answer names " + namedRecords() + ", not this record." + quoted
                    + " Check " + (named.size() == 1 ? "that record's" : "those records'") + " values and the mapping of " + object + " that gives them, fix them (the mapping or the "
                    + "source), then retry the job's failed records: this one is sent again then.";
        }
        return code + ": not written. " + refused + "; its answer names no record, so the cause may be in this record or in "
                + "another of the call." + quoted + " Check the mapping of " + object + " (its target fields and the values they get, "
                + "and the object and id field in the connector file), fix it, then retry the job's failed records.";
    }

    /** "csv/leads/new-2 (key new-2)" for each record the answer names. */
    private String namedRecords() {
        return String.join(", ", named.stream().map(n -> sent.get(n).origin() + " (key " + sent.get(n).key() + ")").toList());
    }
}

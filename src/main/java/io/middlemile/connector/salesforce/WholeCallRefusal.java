package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reasons given to the records of an sObject Collections call that Salesforce refused as a whole with 400
 * JSON_PARSER_ERROR (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm): a value
 * its JSON parser could not read as its field's type, of a type the writer does not check before the call (see
 * {@link SalesforceFieldCatalog#valueProblem}). Nothing of the call was written. Salesforce quotes the value
 * ("Cannot deserialize instance of date from VALUE_STRING value next Tuesday or request may be missing a required field
 * at [line:1, column:507]") but names neither its record nor its field, so they are found by the value. Each record of
 * the call gets a reason: the one holding the value is told to fix it, the others that they were not at fault and are
 * written once it is fixed.
 */
final class WholeCallRefusal {

    /** One record of the refused call: where it came from and the fields that were sent. */
    record Sent(SourceRef origin, Map<String, Object> fields) {
    }

    /** A record of the call holding the quoted value, and in which field. */
    private record Holder(int index, String field) {
    }

    /** Records named in full in a reason; a call of 200 would make a reason no one reads. */
    private static final int NAMED_MAX = 10;
    /** The classifier's words "[JSON_PARSER_ERROR: ...]. " with the error's message. */
    private static final Pattern DETAIL = Pattern.compile("JSON_PARSER_ERROR: (.*?)\\]\\. ", Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("from \\S+ value (.*?) or request may be missing a required field", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile("instance of (\\w+) from");

    private final String object;
    private final List<Sent> sent;
    private final String detail;
    private final String value;
    private final String type;
    private final List<Holder> holders;

    private WholeCallRefusal(String object, List<Sent> sent, String detail, String value, String type, List<Holder> holders) {
        this.object = object;
        this.sent = sent;
        this.detail = detail;
        this.value = value;
        this.type = type;
        this.holders = holders;
    }

    /** True when the failure is Salesforce refusing a whole call because its JSON body did not deserialize. */
    static boolean unreadableValue(ConnectorException e) {
        return e instanceof SalesforceCallException call && "JSON_PARSER_ERROR".equals(call.errorCode());
    }

    /** The refusal of a call that carried these records, from the classified failure's message. */
    static WholeCallRefusal of(String object, List<Sent> sent, String failure) {
        Matcher detailMatch = DETAIL.matcher(failure);
        String detail = detailMatch.find() ? "JSON_PARSER_ERROR: " + detailMatch.group(1) : failure;
        Matcher valueMatch = VALUE.matcher(detail);
        String value = valueMatch.find() ? valueMatch.group(1) : null;
        Matcher typeMatch = TYPE.matcher(detail);
        String type = typeMatch.find() ? typeMatch.group(1) : null;
        List<Holder> holders = new ArrayList<>();
        for (int n = 0; value != null && n < sent.size(); n++) {
            for (Map.Entry<String, Object> field : sent.get(n).fields().entrySet()) {
                if (field.getValue() != null && String.valueOf(field.getValue()).strip().equals(value.strip())) {
                    holders.add(new Holder(n, field.getKey()));
                }
            }
        }
        return new WholeCallRefusal(object, List.copyOf(sent), detail, value, type, List.copyOf(holders));
    }

    /** The reason for the call's n-th record. */
    String reason(int n) {
        List<String> ownFields = holders.stream().filter(h -> h.index() == n).map(Holder::field).toList();
        if (!ownFields.isEmpty()) {
            return "JSON_PARSER_ERROR: Salesforce could not read " + SalesforceFieldCatalog.quote(value) + " in " + object + " "
                    + String.join(", ", ownFields) + " as " + typeName() + " and refused the whole call that carried this record ("
                    + call() + "); nothing of that call was written. Fix the mapping for " + String.join(", ", ownFields)
                    + " (target field, or a transform that gives the field's type) or the source value, then retry the job's failed "
                    + "records. Salesforce's answer: " + detail;
        }
        if (!holders.isEmpty()) {
            return "JSON_PARSER_ERROR: not written, but this record was not at fault. Salesforce refused the whole call that carried "
                    + "it (" + call() + ") because it could not read " + SalesforceFieldCatalog.quote(value) + " in " + held() + " as "
                    + typeName() + "; nothing of that call was written. Once that value is fixed (the mapping or the source), "
                    + "retrying the job's failed records writes this one too. Salesforce's answer: " + detail;
        }
        return "JSON_PARSER_ERROR: not written. Salesforce refused the whole call that carried this record (" + call() + ") because "
                + "one value in it is not of its field's type (for example a word in a number, date or checkbox field); Salesforce "
                + "does not say which record holds it, and nothing of that call was written. Find that value in these records, fix "
                + "the mapping or the source, then retry the job's failed records: the records not at fault are written then. "
                + "Salesforce's answer: " + detail;
    }

    /** "3 Lead records: a, b, c", naming at most {@link #NAMED_MAX}. */
    private String call() {
        List<String> names = sent.stream().limit(NAMED_MAX).map(s -> String.valueOf(s.origin())).toList();
        return sent.size() + " " + object + " record" + (sent.size() == 1 ? "" : "s") + ": " + String.join(", ", names)
                + (sent.size() > NAMED_MAX ? " and " + (sent.size() - NAMED_MAX) + " more" : "");
    }

    /** "Demo_Date__c of csv/leads/new-2" for each record and field holding the value. */
    private String held() {
        return String.join(", ", holders.stream().map(h -> h.field() + " of " + sent.get(h.index()).origin()).toList());
    }

    private String typeName() {
        if (type == null) {
            return "its field's type";
        }
        return ("aeiou".indexOf(Character.toLowerCase(type.charAt(0))) >= 0 ? "an " : "a ") + type;
    }
}

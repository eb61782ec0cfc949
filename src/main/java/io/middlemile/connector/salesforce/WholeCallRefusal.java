package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * written once it is fixed. When the records holding the value are known for sure ({@link #atFault}), the writer rejects only
 * them and sends the others again in a new call.
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

    /**
     * The positions in the call of the records that hold the quoted value where Salesforce's parser failed on it, when that is
     * certain; empty when it is not. Certain when one record holds the value (the parser failed in that record, in one of its
     * fields holding it), or when every record holding it holds it in the same field (that field's type cannot take the value,
     * so each of them fails alike). Not when the value sits in different fields of different records: one of those may be a text
     * field that takes it, and its record would be rejected for nothing.
     */
    Set<Integer> atFault() {
        Set<Integer> records = new TreeSet<>();
        Set<String> fields = new HashSet<>();
        for (Holder holder : holders) {
            records.add(holder.index());
            fields.add(holder.field().toLowerCase(Locale.ROOT));
        }
        return records.size() == 1 || fields.size() == 1 ? records : Set.of();
    }

    /** The reason for the call's n-th record, when every record of the call is rejected. */
    String reason(int n) {
        return reason(n, false);
    }

    /**
     * The reason for the call's n-th record.
     *
     * @param othersResent the records not {@link #atFault} were sent again in a new call without the ones at fault
     */
    String reason(int n, boolean othersResent) {
        List<String> ownFields = holders.stream().filter(h -> h.index() == n).map(Holder::field).toList();
        if (!ownFields.isEmpty()) {
            int atFault = atFault().size();
            int others = sent.size() - atFault;
            String resent = othersResent ? "; its other " + others + " record" + (others == 1 ? " was" : "s were") + " sent again in a "
                    + "new call without " + (atFault == 1 ? "this one" : "the " + atFault + " records holding that value") : "";
            return "JSON_PARSER_ERROR: Salesforce could not read " + SalesforceFieldCatalog.quote(value) + " in " + object + " "
                    + String.join(", ", ownFields) + " as " + typeName() + " and refused the whole call that carried this record ("
                    + call() + "); nothing of that call was written" + resent + ". Fix the mapping for " + String.join(", ", ownFields)
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

    private String call() {
        return describeCall(object, sent.stream().map(Sent::origin).toList());
    }

    /** "3 Lead records: a, b, c", naming at most {@link #NAMED_MAX}. */
    static String describeCall(String object, List<SourceRef> origins) {
        List<String> names = origins.stream().limit(NAMED_MAX).map(String::valueOf).toList();
        return origins.size() + " " + object + " record" + (origins.size() == 1 ? "" : "s") + ": " + String.join(", ", names)
                + (origins.size() > NAMED_MAX ? " and " + (origins.size() - NAMED_MAX) + " more" : "");
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

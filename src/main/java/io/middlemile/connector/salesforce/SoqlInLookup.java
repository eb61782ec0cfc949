package io.middlemile.connector.salesforce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A lookup {@code SELECT ... WHERE field IN (values) ...} cut into as many GET query calls as Salesforce's request
 * size limit needs.
 *
 * <p>Salesforce caps one REST call's URI plus headers at 16,384 bytes and answers 414 URI Too Long or 431 Request
 * Header Fields Too Large above it (https://help.salesforce.com/s/articleView?id=000386264&type=1). A query travels
 * percent-encoded in the URI (GET /services/data/vXX.X/query?q=...), so a count of values says little about its
 * size: 200 record Ids make about 6,000 bytes, 200 Japanese company names of 15 characters about 30,000 (each
 * character is three UTF-8 bytes, nine once encoded). Values are added to a query while its request target stays
 * within {@link #MAX_URI_BYTES}: half the limit, the other half left to the headers (the session in Authorization,
 * Host, User-Agent; Salesforce advises keeping headers to about 8,000 bytes) and to what a proxy may add.
 *
 * <p>Every value goes into exactly one query, in the order given, and a query holds at most {@link #MAX_VALUES}.
 * A value that does not fit even alone is returned in {@link Split#tooLong()}: the caller rejects its record with a
 * reason instead of sending a request Salesforce refuses, or failing the whole lookup.
 */
final class SoqlInLookup {

    /** Salesforce's limit on a request's URI plus headers. */
    static final int URI_AND_HEADERS_LIMIT = 16_384;
    /** What a lookup's request target may use: the limit less 8 KiB for headers. */
    static final int MAX_URI_BYTES = URI_AND_HEADERS_LIMIT - 8_192;
    /** Values per query at most, whatever their size: the answer stays one batch of records per value or so. */
    static final int MAX_VALUES = 200;

    private static final int OPEN = encodedLength("(");
    private static final int CLOSE = encodedLength(")");
    private static final int SEPARATOR = encodedLength(", ");

    /**
     * The values cut into queries.
     *
     * @param batches the values of each query, in order; together with tooLong, every value once
     * @param tooLong values whose query alone would be over the limit
     */
    record Split(List<List<String>> batches, List<String> tooLong) {
    }

    private final String uriPrefix;
    private final String head;
    private final String tail;
    private final int maxUriBytes;
    private final int fixedBytes;

    /**
     * @param uriPrefix the request target before the encoded query, e.g. {@code /services/data/v60.0/query?q=}
     * @param head      the SOQL before the list, e.g. {@code SELECT Id, Name FROM Account WHERE Name IN }
     * @param tail      the SOQL after the list, e.g. {@code  ORDER BY Id}, or empty
     */
    SoqlInLookup(String uriPrefix, String head, String tail, int maxUriBytes) {
        this.uriPrefix = uriPrefix;
        this.head = head;
        this.tail = tail;
        this.maxUriBytes = maxUriBytes;
        this.fixedBytes = uriPrefix.length() + encodedLength(head) + OPEN + CLOSE + encodedLength(tail);
    }

    SoqlInLookup(String uriPrefix, String head, String tail) {
        this(uriPrefix, head, tail, MAX_URI_BYTES);
    }

    String soql(List<String> values) {
        return head + Soql.inList(values) + tail;
    }

    /** The size of the request target of the query for these values, as the client sends it. */
    int uriBytes(List<String> values) {
        return uriPrefix.length() + encodedLength(soql(values));
    }

    int maxUriBytes() {
        return maxUriBytes;
    }

    /** Whether even a query for one empty value is over the limit: the SELECT list itself is too long. */
    boolean nothingFits() {
        return fixedBytes + encodedLength(Soql.string("")) > maxUriBytes;
    }

    /**
     * Greedy, in order: a value joins the current query while the query stays within the limit and
     * {@code maxValues}; otherwise it starts the next one. Sizes add up per value because URL encoding maps each
     * character on its own, so the whole query is never encoded more than once per value.
     */
    Split split(List<String> values, int maxValues) {
        List<List<String>> batches = new ArrayList<>();
        List<String> tooLong = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int currentBytes = fixedBytes;
        for (String value : values) {
            int valueBytes = encodedLength(Soql.string(value));
            if (fixedBytes + valueBytes > maxUriBytes) {
                tooLong.add(value);
                continue;
            }
            int added = current.isEmpty() ? valueBytes : SEPARATOR + valueBytes;
            if (!current.isEmpty() && (current.size() >= maxValues || currentBytes + added > maxUriBytes)) {
                batches.add(current);
                current = new ArrayList<>();
                currentBytes = fixedBytes;
                added = valueBytes;
            }
            current.add(value);
            currentBytes += added;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return new Split(batches, tooLong);
    }

    Split split(List<String> values) {
        return split(values, MAX_VALUES);
    }

    private static int encodedLength(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).length();
    }
}

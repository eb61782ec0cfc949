package io.middlemile.connector.salesforce;

import java.util.regex.Pattern;

/**
 * Salesforce record Ids come in two forms for the same record: 15 case-sensitive characters (what a record's URL and
 * reports show, so what an admin copies into a listed owner's {@code crmId}) and 18 case-insensitive ones (what the API
 * returns, so what {@code owners: {from: CONNECTION}} and a record read from Salesforce hold). The 18-character form is
 * the 15-character Id plus a 3-character suffix that records which of its letters are upper case (the conversion the
 * {@code CASESAFEID()} formula function does, https://developer.salesforce.com/docs/atlas.en-us.usefulFormulaFields.meta/usefulFormulaFields/customize_functions.htm#CASESAFEID,
 * and Marketing Cloud's LongSFID, https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/longsfid.html).
 * Owner ids are compared through {@link #same}, so one user is one owner whichever form each side holds.
 */
public final class SalesforceIds {

    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}");
    /** Suffix characters: the 5 case bits of a chunk of 5 characters, as a number 0..31. */
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {
    }

    /** Whether {@code value} has the shape of a Salesforce Id: 15 or 18 letters and digits. */
    public static boolean looksLikeId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /**
     * The 18-character form of a 15-character Id: for each 5 characters, in order, a suffix character whose bit i (value
     * 2^i) is set when the chunk's character i is an upper-case letter, read from {@code ABCDEFGHIJKLMNOPQRSTUVWXYZ012345}.
     * An 18-character Id is returned as it is.
     *
     * @throws IllegalArgumentException when {@code id} is not 15 or 18 letters and digits
     */
    public static String to18(String id) {
        if (!looksLikeId(id)) {
            throw new IllegalArgumentException("\"" + id + "\" is not a Salesforce Id (15 or 18 letters and digits)");
        }
        if (id.length() == 18) {
            return id;
        }
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX.charAt(bits));
        }
        return id + suffix;
    }

    /**
     * Whether two owner ids name the same owner. Values that are not both Salesforce-shaped (a HubSpot owner id, an email)
     * must be equal. Two 15-character Ids are case-sensitive; two 18-character ones are compared without case (that is
     * what the suffix is for). A 15-character Id names the record of an 18-character one whose first 15 characters it is,
     * or, when the 18-character Id has lost its case (a spreadsheet, a case-insensitive tool), whose suffix it computes to.
     */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        String x = a.strip();
        String y = b.strip();
        if (x.equals(y)) {
            return true;
        }
        if (!looksLikeId(x) || !looksLikeId(y)) {
            return false;
        }
        if (x.length() == y.length()) {
            return x.length() == 18 && x.equalsIgnoreCase(y);
        }
        String short15 = x.length() == 15 ? x : y;
        String long18 = x.length() == 18 ? x : y;
        return long18.startsWith(short15) || to18(short15).equalsIgnoreCase(long18);
    }
}

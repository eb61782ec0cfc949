package io.middlemile.connector.csv;

/**
 * Keeps a spreadsheet from running a CSV cell as a formula (CSV or formula injection, see
 * https://owasp.org/www-community/attacks/CSV_Injection). Every CSV the hub writes for people goes
 * through here: a CSV connector target (unless its {@code csv.neutralizeFormulas} is false), the
 * rejects file and the {@code dedupe --export} file. CSV that is protocol data between machines
 * (Salesforce Bulk API 2.0 bodies, the sandbox emulators) must not: there a value has to arrive
 * exactly as it is.
 *
 * <p>The rule, on writing ({@link #neutralize}): a value whose first character is {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets one {@code '} in front, as OWASP
 * recommends; a spreadsheet then shows it as text instead of evaluating it. Two refinements:
 * <ul>
 *   <li>A value that starts with {@code '} itself is prefixed too. That is what makes the rule
 *       reversible: without it, a value that really is {@code '=1} could not be told apart from a
 *       neutralized {@code =1} when the file is read back.</li>
 *   <li>A plain number (an optional {@code +} or {@code -}, ASCII digits, optionally {@code .} and more
 *       digits, nothing else) is left as it is. See {@link #isPlainNumber}.</li>
 * </ul>
 *
 * <p>On reading ({@link #restore}): exactly one leading {@code '} is removed when the rest of the
 * value is one that {@link #neutralize} prefixes; any other value is returned unchanged. So
 * {@code restore(neutralize(v)).equals(v)} for every string {@code v}, and a file the hub wrote
 * reads back to exactly the values it was given.
 */
public final class CsvFormulaGuard {

    private CsvFormulaGuard() {
    }

    /** The value as it goes into a CSV meant for people: with a leading {@code '} when it needs one. */
    public static String neutralize(String value) {
        return needsPrefix(value) ? "'" + value : value;
    }

    /** Undoes {@link #neutralize}: drops one leading {@code '} when the rest is a value that gets one. */
    public static String restore(String value) {
        if (value != null && value.length() > 1 && value.charAt(0) == '\'') {
            String rest = value.substring(1);
            if (needsPrefix(rest)) {
                return rest;
            }
        }
        return value;
    }

    /** Neutralizes each value of a row (null stays null; anything else as its {@code toString()}). */
    public static Object[] neutralizeAll(Object... values) {
        Object[] safe = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            safe[i] = values[i] == null ? null : neutralize(values[i].toString());
        }
        return safe;
    }

    static boolean needsPrefix(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value.charAt(0)) {
            case '=', '@', '\t', '\r', '\'' -> true;
            case '+', '-' -> !isPlainNumber(value);
            default -> false;
        };
    }

    /**
     * True for an optional sign, ASCII digits and an optional decimal part, and nothing else, e.g.
     * {@code +14155550100} or {@code -12.50}. No spreadsheet can run such a cell: it has no function,
     * no reference and no operator after the sign, so at most it is shown as a number. Leaving these
     * alone keeps standardized E.164 phones and negative amounts exactly as the CRM import expects
     * them, instead of putting a {@code '} in front of every phone number.
     */
    static boolean isPlainNumber(String value) {
        int i = 0;
        int n = value.length();
        if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            i++;
        }
        int digits = skipDigits(value, i);
        if (digits == i) {
            return false;
        }
        i = digits;
        if (i < n && value.charAt(i) == '.') {
            int fraction = skipDigits(value, i + 1);
            if (fraction == i + 1) {
                return false;
            }
            i = fraction;
        }
        return i == n;
    }

    private static int skipDigits(String value, int from) {
        int i = from;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}

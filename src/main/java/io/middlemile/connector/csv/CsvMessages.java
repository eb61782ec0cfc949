package io.middlemile.connector.csv;

import java.util.List;

/**
 * Keeps what a CSV file puts into an error message short. Column names come from the file, and a
 * damaged header can hold a value of any size (a stray quote turns the whole file into one "column"),
 * so a refusal or reject reason that quoted them in full could run to megabytes in logs, run records
 * and the rejects file. Names are cut, lists are cut; what is left still says which column and where.
 */
final class CsvMessages {

    /** Characters of one column name shown; a longer name is cut and ends in "…". */
    static final int MAX_NAME_CHARS = 60;
    /** Column names shown in one list at most. */
    static final int MAX_LISTED = 30;
    /** Characters a list may reach before the rest is only counted (so many long names stay short too). */
    static final int MAX_LIST_CHARS = 600;

    private CsvMessages() {
    }

    /** The column name, cut to {@value #MAX_NAME_CHARS} characters with "…" when longer. */
    static String name(String column) {
        if (column == null || column.length() <= MAX_NAME_CHARS) {
            return column;
        }
        int cut = MAX_NAME_CHARS;
        if (Character.isHighSurrogate(column.charAt(cut - 1))) {
            cut--; // do not split a character in two
        }
        return column.substring(0, cut) + "… (" + column.length() + " characters)";
    }

    /**
     * The names as {@code [a, b, c]} (the form {@link List#toString()} gives, so a short header reads as
     * before), each cut by {@link #name}, and after {@value #MAX_LISTED} names or about
     * {@value #MAX_LIST_CHARS} characters only counted: {@code [a, b, and 12 more]}.
     */
    static String list(List<String> columns) {
        StringBuilder text = new StringBuilder("[");
        int listed = 0;
        for (String column : columns) {
            String shown = name(column);
            if (listed > 0 && (listed == MAX_LISTED || text.length() + shown.length() > MAX_LIST_CHARS)) {
                break;
            }
            text.append(listed == 0 ? "" : ", ").append(shown);
            listed++;
        }
        if (listed < columns.size()) {
            text.append(", and ").append(columns.size() - listed).append(" more");
        }
        return text.append(']').toString();
    }
}

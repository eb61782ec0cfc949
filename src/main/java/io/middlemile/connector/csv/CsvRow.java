package io.middlemile.connector.csv;

/**
 * One logical record read from a CSV file: either its values, or why it was rejected.
 *
 * @param line   1-based physical line the record starts on
 * @param values the field values in header order; for a rejected row the values that could be
 *               parsed (to recover its id), or null
 * @param reason null when the row is good, else what is wrong, for the person fixing the file
 * @param raw    null when the row is good, else the raw text of its lines (truncated)
 */
record CsvRow(long line, String[] values, String reason, String raw) {

    boolean rejected() {
        return reason != null;
    }
}

package io.middlemile.connector.csv;

/**
 * Resolves the field delimiter of a CSV connection: the configured one, or for {@code auto} the
 * candidate that occurs most often outside quotes in the header line.
 */
final class CsvDelimiter {

    /** Candidates in tie-break order: when two occur equally often, the earlier wins. */
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};

    private CsvDelimiter() {
    }

    /** The configured delimiter, or 0 when the setting is {@code auto} (detect from the header). */
    static char configured(String setting) {
        if (setting == null || setting.equals("auto")) {
            return 0;
        }
        return switch (setting) {
            case "," -> ',';
            case ";" -> ';';
            case "|" -> '|';
            case "tab", "\t" -> '\t';
            default -> throw new IllegalArgumentException("CSV delimiter '" + setting
                    + "' is not supported; use auto, \",\", \";\", \"|\" or tab in the connector file");
        };
    }

    /** The delimiter files are written with: the configured one, or ',' when the setting is auto. */
    static char forWriting(String setting) {
        char configured = configured(setting);
        return configured == 0 ? ',' : configured;
    }

    /**
     * Counts each candidate outside double quotes in {@code line[from, to)} and returns the most
     * frequent; ',' when none occurs (a one-column file).
     */
    static char detect(byte[] line, int from, int to) {
        int[] counts = new int[CANDIDATES.length];
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (b == '"') {
                // "" inside a quoted field toggles twice, so it leaves the state unchanged.
                quoted = !quoted;
            } else if (!quoted) {
                for (int c = 0; c < CANDIDATES.length; c++) {
                    if (b == CANDIDATES[c]) {
                        counts[c]++;
                    }
                }
            }
        }
        int best = 0;
        for (int c = 1; c < CANDIDATES.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return counts[best] == 0 ? ',' : CANDIDATES[best];
    }

    /** How the delimiter is shown in messages. */
    static String describe(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }
}

package io.middlemile.workspace;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The {@code csv:} section of a connector file of type {@code csv}.
 *
 * @param file               path of the CSV file, relative to the workspace root
 * @param delimiter          {@code auto} (detect from the header line), {@code ","}, {@code ";"} or {@code tab}
 * @param encoding           character set of the file; only UTF-8 (with or without BOM) is read strictly
 * @param neutralizeFormulas true (the default): a cell written that a spreadsheet would run as a formula
 *                           (it starts with {@code = + - @}, a tab or a carriage return, and is not a plain
 *                           number) gets a leading {@code '}, as does a cell that starts with {@code '};
 *                           reading removes that one {@code '} again, so the hub reads its own files back
 *                           exactly (see {@code io.middlemile.connector.csv.CsvFormulaGuard}). False writes
 *                           and reads every value as it is.
 */
public record CsvSettings(
        @NotBlank(message = "is required: the CSV file path, relative to the workspace folder") String file,
        @Pattern(regexp = "auto|,|;|tab|\\|", message = "must be auto, \",\", \";\", \"|\" or tab") String delimiter,
        String encoding,
        Boolean neutralizeFormulas) {

    public CsvSettings {
        delimiter = delimiter == null ? "auto" : delimiter;
        encoding = encoding == null ? "UTF-8" : encoding;
        // Safe by default: a CSV target is usually opened in a spreadsheet by someone.
        neutralizeFormulas = neutralizeFormulas == null ? Boolean.TRUE : neutralizeFormulas;
    }

    /** Settings with formula neutralizing at its default (on). */
    public CsvSettings(String file, String delimiter, String encoding) {
        this(file, delimiter, encoding, null);
    }
}

package io.middlemile.workspace;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The {@code csv:} section of a connector file of type {@code csv}.
 *
 * @param file      path of the CSV file, relative to the workspace root
 * @param delimiter {@code auto} (detect from the header line), {@code ","}, {@code ";"} or {@code tab}
 * @param encoding  character set of the file; only UTF-8 (with or without BOM) is read strictly
 */
public record CsvSettings(
        @NotBlank(message = "is required: the CSV file path, relative to the workspace folder") String file,
        @Pattern(regexp = "auto|,|;|tab|\\|", message = "must be auto, \",\", \";\", \"|\" or tab") String delimiter,
        String encoding) {

    public CsvSettings {
        delimiter = delimiter == null ? "auto" : delimiter;
        encoding = encoding == null ? "UTF-8" : encoding;
    }
}

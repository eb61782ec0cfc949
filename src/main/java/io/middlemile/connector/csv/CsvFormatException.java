package io.middlemile.connector.csv;

/**
 * The file as a whole cannot be read as CSV (no header, a header row that cannot be read or is many
 * megabytes long). Row-level problems, an over-long data line included, are rejects, not exceptions;
 * the connector turns this into a {@link io.middlemile.connector.ConnectorException} of kind
 * INVALID_REQUEST.
 */
final class CsvFormatException extends RuntimeException {
    CsvFormatException(String message) {
        super(message);
    }
}

package io.middlemile.connector;

/**
 * Input that could not become a record: a malformed CSV row, a payload of the wrong shape. It is
 * kept, with its raw text, so nothing is silently lost and it can be fixed and retried.
 *
 * @param sourceId the provider id when it could be read, otherwise the location
 * @param location file and line (or API page) where it was found
 * @param reason   what is wrong, written for the person who has to fix it
 * @param raw      the raw input as read (may be truncated for very large inputs)
 */
public record RejectedRecord(String sourceId, String location, String reason, String raw) {
}

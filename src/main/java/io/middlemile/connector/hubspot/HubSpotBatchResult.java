package io.middlemile.connector.hubspot;

import java.util.List;

/**
 * The answer to a batch call: 200/201 when every input succeeded, 207 multi-status when some failed.
 *
 * @param httpStatus the HTTP status of the answer
 * @param results    the records written or read
 * @param errors     per-input errors (empty unless 207)
 */
public record HubSpotBatchResult(int httpStatus, List<HubSpotObject> results, List<HubSpotError> errors) {
}

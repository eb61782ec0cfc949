package io.middlemile.connector.hubspot;

import java.util.List;
import java.util.Map;

/**
 * One error of a batch answer ({@code errors[]} of a 207 multi-status response) or the body of an
 * error response.
 *
 * @param status        "error"
 * @param category      e.g. VALIDATION_ERROR, OBJECT_NOT_FOUND, CONFLICT
 * @param message       HubSpot's message
 * @param context       e.g. {@code ids -> [..]} naming the inputs the error belongs to; may be empty
 * @param correlationId HubSpot's request id, for support tickets; may be null inside batches
 */
public record HubSpotError(String status, String category, String message, Map<String, List<String>> context,
                           String correlationId) {

    /** The input ids this error names in its context, if any. */
    public List<String> ids() {
        return context == null ? List.of() : context.getOrDefault("ids", List.of());
    }
}

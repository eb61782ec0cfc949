package io.middlemile.connector;

import java.util.List;
import java.util.Map;

/**
 * What a connection offers.
 *
 * @param id           the connection id (file name in {@code connectors/} without extension)
 * @param type         the connector type, e.g. {@code csv} or {@code hubspot}
 * @param objects      object name to its field names
 * @param capabilities simple names of the capability interfaces it implements
 */
public record ConnectorDescription(String id, String type, Map<String, List<String>> objects, List<String> capabilities) {
}

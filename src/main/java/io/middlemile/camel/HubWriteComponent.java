package io.middlemile.camel;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hub-write:CONNECTION/OBJECT} writes every in-flight record of the page to the connection,
 * in batches no larger than the sink allows, and settles each record with its own outcome.
 */
public class HubWriteComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = remaining.split("/", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("hub-write needs CONNECTION/OBJECT, e.g. hub-write:clean-contacts/contacts; got " + uri);
        }
        HubWriteEndpoint endpoint = new HubWriteEndpoint(uri, this, parts[0], parts[1]);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

package io.middlemile.camel;

import io.middlemile.workspace.HubEndpoint;
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
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.WRITE, uri);
        HubWriteEndpoint endpoint = new HubWriteEndpoint(uri, this, parsed.target().orElseThrow());
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

package io.middlemile.camel;

import io.middlemile.mapping.Mapper;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hub-map:MAPPING?direction=in|out} applies a mapping file to every record of the page:
 * {@code in} turns provider records into canonical records, {@code out} canonical records into
 * records of the mapping's object. A record that cannot be mapped is rejected with the reason;
 * the rest of the page goes on.
 */
public class HubMapComponent extends DefaultComponent {

    private final Map<String, Mapper> mappers;

    public HubMapComponent(Map<String, Mapper> mappers) {
        this.mappers = mappers;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Mapper mapper = mappers.get(remaining);
        if (mapper == null) {
            throw new IllegalArgumentException("Unknown mapping \"" + remaining + "\" in " + uri + "; mappings are " + mappers.keySet());
        }
        HubMapEndpoint endpoint = new HubMapEndpoint(uri, this, mapper);
        setProperties(endpoint, parameters);
        if (endpoint.getDirection() == null) {
            throw new IllegalArgumentException(uri + " needs direction=in or direction=out");
        }
        return endpoint;
    }
}

package io.middlemile.camel;

import io.middlemile.mapping.Mapper;
import io.middlemile.sync.RecordFeed;
import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hub-map:MAPPING?direction=in|out} applies a mapping file to every record of the page:
 * {@code in} turns provider records into canonical records, {@code out} canonical records into
 * records of the mapping's object. A record that cannot be mapped is rejected with the reason;
 * the rest of the page goes on. Records mapped {@code in} are reported to the record feed (the match index).
 */
public class HubMapComponent extends DefaultComponent {

    private final Map<String, Mapper> mappers;
    private final RecordFeed feed;

    public HubMapComponent(Map<String, Mapper> mappers) {
        this(mappers, RecordFeed.NONE);
    }

    public HubMapComponent(Map<String, Mapper> mappers, RecordFeed feed) {
        this.mappers = mappers;
        this.feed = feed;
    }

    RecordFeed feed() {
        return feed;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.MAP, uri);
        Mapper mapper = mappers.get(parsed.mapping());
        if (mapper == null) {
            throw new IllegalArgumentException("Unknown mapping \"" + parsed.mapping() + "\" in " + uri + "; mappings are "
                    + mappers.keySet() + " (files in mappings/)");
        }
        HubMapEndpoint endpoint = new HubMapEndpoint(uri, this, mapper);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

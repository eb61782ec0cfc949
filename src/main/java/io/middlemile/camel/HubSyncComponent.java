package io.middlemile.camel;

import io.middlemile.mapping.Mapper;
import io.middlemile.model.Target;
import io.middlemile.sync.SyncServices;
import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hub-sync:CONNECTION/OBJECT?mapping=MAPPING&matchOn=email} writes the page's canonical
 * records to another system as updates of the records they are already linked to (crosswalk), or of
 * records found by {@code matchOn} on the first sync, or as creates; creates are linked in the
 * crosswalk so the next sync updates them. Only fields changed at the source since the last sync are
 * written. {@code deletes=archive} (default) or {@code ignore} says what a record deleted at the source
 * does to its linked target record; merges at the source are merged in the target. Every write, archive
 * and merge goes through the governed write path, under the target connection's policy. The sync
 * itself is {@link io.middlemile.sync.SyncDirection}.
 */
public class HubSyncComponent extends DefaultComponent {

    private final Map<String, Mapper> mappers;
    private final SyncServices services;

    public HubSyncComponent(Map<String, Mapper> mappers, SyncServices services) {
        this.mappers = mappers;
        this.services = services;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Target target = HubEndpoint.require(HubEndpoint.Kind.SYNC, uri).target().orElseThrow();
        HubSyncEndpoint endpoint = new HubSyncEndpoint(uri, this, target, services);
        setProperties(endpoint, parameters);
        Mapper mapper = mappers.get(endpoint.getMapping());
        if (mapper == null || !mapper.object().equals(target.object())) {
            throw new IllegalArgumentException(uri + " needs mapping= naming a mapping of " + target + "; mappings are "
                    + mappers.keySet());
        }
        endpoint.mapper(mapper);
        return endpoint;
    }
}

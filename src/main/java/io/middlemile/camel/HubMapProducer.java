package io.middlemile.camel;

import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.sync.Batch;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Maps every in-flight record of the page; rejects the ones that cannot be mapped. */
class HubMapProducer extends DefaultProducer {

    private final Mapper mapper;
    private final boolean inbound;

    HubMapProducer(HubMapEndpoint endpoint, Mapper mapper, boolean inbound) {
        super(endpoint);
        this.mapper = mapper;
        this.inbound = inbound;
    }

    @Override
    public void process(Exchange exchange) {
        Batch batch = Pages.batch(exchange, getEndpoint().getEndpointUri());
        batch.map(MappingException.class, item -> {
            if (inbound) {
                if (!(item.payload() instanceof SourceRecord record)) {
                    throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects provider records;"
                            + " direction=in belongs right after hub-read");
                }
                return mapper.toCanonical(record);
            }
            if (!(item.payload() instanceof CanonicalRecord record)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects canonical records;"
                        + " put a hub-map with direction=in before it");
            }
            return mapper.fromCanonical(record);
        });
    }
}

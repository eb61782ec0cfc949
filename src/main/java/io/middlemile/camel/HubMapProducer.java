package io.middlemile.camel;

import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.sync.Batch;
import io.middlemile.sync.RecordFeed;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Maps every in-flight record of the page; rejects the ones that cannot be mapped; reports the records read. */
class HubMapProducer extends DefaultProducer {

    private final Mapper mapper;
    private final boolean inbound;
    private final RecordFeed feed;

    HubMapProducer(HubMapEndpoint endpoint, Mapper mapper, boolean inbound, RecordFeed feed) {
        super(endpoint);
        this.mapper = mapper;
        this.inbound = inbound;
        this.feed = feed;
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
        if (inbound) {
            feed.seen(batch.items().stream().map(Batch.Item::payload).filter(CanonicalRecord.class::isInstance)
                    .map(CanonicalRecord.class::cast).toList());
        }
    }
}

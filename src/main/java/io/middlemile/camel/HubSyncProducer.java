package io.middlemile.camel;

import io.middlemile.sync.SyncDirection;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Hands the exchange's page to the sync it runs ({@link SyncDirection}), which settles every record of it. */
class HubSyncProducer extends DefaultProducer {

    private final SyncDirection sync;

    HubSyncProducer(HubSyncEndpoint endpoint, SyncDirection sync) {
        super(endpoint);
        this.sync = sync;
    }

    @Override
    public void process(Exchange exchange) {
        sync.sync(Pages.batch(exchange, getEndpoint().getEndpointUri()));
    }
}

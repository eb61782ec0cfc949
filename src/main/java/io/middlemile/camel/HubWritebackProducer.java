package io.middlemile.camel;

import io.middlemile.connector.Lookup;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.outreach.EventWriteback;
import io.middlemile.sync.Batch;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.List;

/** Hands the page's activities to {@link EventWriteback} and settles each one with its result. */
class HubWritebackProducer extends DefaultProducer {

    private final EventWriteback writeback;
    private final String connection;

    HubWritebackProducer(HubWritebackEndpoint endpoint, EventWriteback writeback, String connection) {
        super(endpoint);
        this.writeback = writeback;
        this.connection = connection;
    }

    @Override
    public void process(Exchange exchange) {
        String step = getEndpoint().getEndpointUri();
        Batch batch = Pages.batch(exchange, step);
        List<Batch.Item> items = batch.items();
        List<EventWriteback.Event> events = new ArrayList<>(items.size());
        for (Batch.Item item : items) {
            if (!(item.payload() instanceof CanonicalRecord record) || record.entity() != Entity.ACTIVITY) {
                throw new IllegalStateException(step + " expects canonical activities (outreach events); put"
                        + " hub-map:MAPPING?direction=in with an activity mapping of the events read before it");
            }
            events.add(new EventWriteback.Event(item.ref(), record));
        }
        if (events.isEmpty()) {
            return;
        }
        List<EventWriteback.Result> results = writeback.write(batch.run().writes(),
                batch.run().connector(connection).capability(Lookup.class), events);
        for (int i = 0; i < items.size(); i++) {
            EventWriteback.Result result = results.get(i);
            switch (result.status()) {
                case WRITTEN -> batch.written(items.get(i), result.reason());
                case SKIPPED -> batch.skipped(items.get(i), result.reason());
                case REJECTED -> batch.reject(items.get(i), result.reason());
            }
        }
        batch.retain(List.of());
    }
}

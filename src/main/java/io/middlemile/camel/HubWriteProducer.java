package io.middlemile.camel;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.Target;
import io.middlemile.sync.Batch;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.List;

/** Writes the page's in-flight records and settles each one with the sink's per-record outcome. */
class HubWriteProducer extends DefaultProducer {

    private final Target target;

    HubWriteProducer(HubWriteEndpoint endpoint, Target target) {
        super(endpoint);
        this.target = target;
    }

    @Override
    public void process(Exchange exchange) {
        Batch batch = Pages.batch(exchange, getEndpoint().getEndpointUri());
        List<Batch.Item> items = batch.items();
        for (Batch.Item item : items) {
            if (!(item.payload() instanceof TargetRecord)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects records mapped for " + target
                        + "; put hub-map:MAPPING?direction=out before it");
            }
        }
        List<TargetRecord> records = new ArrayList<>(items.size());
        List<String> reasons = new ArrayList<>(items.size());
        items.forEach(item -> {
            records.add((TargetRecord) item.payload());
            reasons.add(item.reason());
        });
        // the run's governed writer is the only way to the sink: policy, caps, journal, before-images
        List<WriteOutcome> outcomes = batch.run().writes().write(target.connection(), target.object(), records, reasons);
        for (int i = 0; i < items.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            switch (outcome.status()) {
                case WRITTEN -> batch.written(items.get(i), outcome.reason());
                case SKIPPED -> batch.skipped(items.get(i), outcome.reason());
                case REJECTED -> batch.reject(items.get(i), outcome.reason());
            }
        }
        batch.retain(List.of());
    }
}

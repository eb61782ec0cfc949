package io.middlemile.camel;

import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.sync.Batch;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.List;

/** Writes the page's in-flight records and settles each one with the sink's per-record outcome. */
class HubWriteProducer extends DefaultProducer {

    private final String connection;
    private final String object;

    HubWriteProducer(HubWriteEndpoint endpoint, String connection, String object) {
        super(endpoint);
        this.connection = connection;
        this.object = object;
    }

    @Override
    public void process(Exchange exchange) {
        Batch batch = Pages.batch(exchange, getEndpoint().getEndpointUri());
        RecordSink sink = batch.run().connector(connection).capability(RecordSink.class)
                .orElseThrow(() -> new IllegalStateException("Connection " + connection + " cannot be written to"));
        List<Batch.Item> items = batch.items();
        for (Batch.Item item : items) {
            if (!(item.payload() instanceof TargetRecord)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects records mapped for " + connection + "/"
                        + object + "; put hub-map:MAPPING?direction=out before it");
            }
        }
        int max = Math.max(1, sink.maxBatchSize());
        for (int from = 0; from < items.size(); from += max) {
            List<Batch.Item> chunk = items.subList(from, Math.min(items.size(), from + max));
            List<TargetRecord> records = new ArrayList<>(chunk.size());
            chunk.forEach(item -> records.add((TargetRecord) item.payload()));
            List<WriteOutcome> outcomes = sink.upsert(object, records);
            if (outcomes.size() != chunk.size()) {
                throw new IllegalStateException("Connection " + connection + " answered " + outcomes.size() + " outcomes for "
                        + chunk.size() + " records; every record must get an outcome");
            }
            for (int i = 0; i < chunk.size(); i++) {
                WriteOutcome outcome = outcomes.get(i);
                switch (outcome.status()) {
                    case WRITTEN -> batch.written(chunk.get(i));
                    case SKIPPED -> batch.skipped(chunk.get(i), outcome.reason());
                    case REJECTED -> batch.reject(chunk.get(i), outcome.reason());
                }
            }
        }
        batch.retain(List.of());
    }
}

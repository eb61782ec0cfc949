package io.middlemile.camel;

import io.middlemile.connector.Enricher;
import io.middlemile.enrich.Enrichment;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.enrich.Subject;
import io.middlemile.enrich.WaterfallRun;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.mapping.Mapped;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldValue;
import io.middlemile.sync.Batch;
import io.middlemile.sync.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Enriches the canonical records of the page through the job run's {@link WaterfallRun}. */
class HubEnrichProducer extends DefaultProducer {

    private final String waterfall;
    private final EnrichmentRuns runs;

    HubEnrichProducer(HubEnrichEndpoint endpoint, String waterfall, EnrichmentRuns runs) {
        super(endpoint);
        this.waterfall = waterfall;
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        Batch batch = Pages.batch(exchange, getEndpoint().getEndpointUri());
        RunContext context = batch.run();
        boolean planning = context.writes() != null && context.writes().mode() == GovernedWrites.Mode.PLAN;
        WaterfallRun run = runs.of(waterfall, context.run(), connection -> context.connector(connection).capability(Enricher.class)
                .orElseThrow(() -> new IllegalStateException("Connection " + connection + " is not an enrichment provider; waterfall "
                        + waterfall + " cannot ask it (enrich/" + waterfall + ".yaml)")), planning);
        List<Subject> subjects = new ArrayList<>();
        for (Batch.Item item : batch.items()) {
            if (!(item.payload() instanceof CanonicalRecord record)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects canonical records; put a hub-map with"
                        + " direction=in before it");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, FieldValue> field : record.fields().entrySet()) {
                values.put(field.getKey(), field.getValue().value());
            }
            subjects.add(new Subject(key(item), values, item.ref(), item.location()));
        }
        Map<String, Enrichment> found = run.enrich(subjects);
        boolean refresh = run.waterfall().refresh();
        batch.map(IllegalArgumentException.class, item -> {
            Enrichment enrichment = found.get(key(item));
            CanonicalRecord record = (CanonicalRecord) item.payload();
            return new Mapped<>(enrichment == null ? record : EnrichmentRuns.apply(record, enrichment, refresh),
                    enrichment == null ? List.of() : enrichment.notes());
        });
    }

    /** The page's records are keyed by where they came from: unique within a page. */
    private static String key(Batch.Item item) {
        return item.ref().sourceId() + "@" + item.location();
    }
}

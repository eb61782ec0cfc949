package io.middlemile.camel;

import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.Target;
import io.middlemile.quality.CleanUp;
import io.middlemile.quality.HygieneFile;
import io.middlemile.sync.Batch;
import io.middlemile.workspace.HygieneConfig;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces each record read by the changes that bring it in line with the hygiene file: a target record keyed by
 * its own id that holds only the fields to change, so the governed writer's before-images cover exactly what a
 * rollback must restore. A record with nothing to fix is settled as skipped here and never reaches the writer.
 */
class HubCleanProducer extends DefaultProducer {

    private final String name;
    private final HygieneConfig config;
    private final CleanUp cleanUp;
    private final String object;

    HubCleanProducer(HubCleanEndpoint endpoint, String name, HygieneConfig config, CleanUp cleanUp) {
        super(endpoint);
        this.name = name;
        this.config = config;
        this.cleanUp = cleanUp;
        this.object = Target.parse(config.source()).object();
    }

    @Override
    public void process(Exchange exchange) {
        Batch batch = Pages.batch(exchange, getEndpoint().getEndpointUri());
        Instant now = Instant.now();
        List<Batch.Item> toWrite = new ArrayList<>();
        for (Batch.Item item : batch.items()) {
            if (!(item.payload() instanceof SourceRecord record)) {
                throw new IllegalStateException(getEndpoint().getEndpointUri() + " expects the records hub-read gives; put it right"
                        + " after hub-read:" + config.source());
            }
            if (item.lifecycle().deleted()) {
                batch.skipped(item, "archived or deleted in " + config.source() + ": nothing to clean");
                continue;
            }
            CleanUp.Fix fix = cleanUp.fix(HygieneFile.inspected(config, object, record), now);
            if (fix.none()) {
                batch.skipped(item, fix.conflicts().isEmpty() ? "nothing to fix under hygiene/" + name + ".yaml"
                        : String.join("; ", fix.conflicts()));
                continue;
            }
            TargetRecord changes = new TargetRecord(object, record.ref().sourceId(), new java.util.LinkedHashMap<String, Object>(fix.values()),
                    record.ref());
            // the rules that fixed it are the write's reason: the run's outcome, the journal and a review item show it
            List<String> notes = new ArrayList<>(item.notes());
            notes.add(fix.describe());
            toWrite.add(new Batch.Item(item.ref(), item.location(), changes, item.raw(), List.copyOf(notes), item.lifecycle(),
                    "hygiene/" + name + ".yaml: " + fix.describe()));
        }
        batch.retain(toWrite);
    }
}

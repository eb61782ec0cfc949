package io.middlemile.camel;

import io.middlemile.connector.Lifecycle;
import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.sync.Batch;
import io.middlemile.sync.RecordFeed;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps every in-flight record of the page; rejects the ones that cannot be mapped; reports the records read: the live
 * ones as seen, those deleted or merged away at their source as gone.
 */
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
        // taken before mapping: a deleted record the mapping rejects (its recycle-bin copy lacks a required field) is
        // still gone at its source
        List<SourceRef> gone = inbound ? gone(batch.items()) : List.of();
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
            feed.gone(gone);
            feed.seen(batch.items().stream().filter(item -> live(item.lifecycle())).map(Batch.Item::payload)
                    .filter(CanonicalRecord.class::isInstance).map(CanonicalRecord.class::cast).toList());
        }
    }

    /** Whether the record still exists as itself at its source: not in its recycle bin, not merged into another. */
    private static boolean live(Lifecycle lifecycle) {
        return !lifecycle.deleted() && lifecycle.mergedInto() == null;
    }

    /**
     * The records of the page that no longer exist as themselves: those deleted or merged away (Salesforce's
     * {@code IsDeleted}, {@code MasterRecordId}; HubSpot's archived), and those a survivor names as merged into it
     * (HubSpot's {@code hs_merged_object_ids}: the merged-away record itself is not read again).
     */
    private static List<SourceRef> gone(List<Batch.Item> items) {
        List<SourceRef> gone = new ArrayList<>();
        for (Batch.Item item : items) {
            Lifecycle lifecycle = item.lifecycle();
            if (!live(lifecycle)) {
                gone.add(item.ref());
            }
            for (String mergedAway : lifecycle.mergedIds()) {
                gone.add(new SourceRef(item.ref().connection(), item.ref().object(), mergedAway));
            }
        }
        return gone;
    }
}

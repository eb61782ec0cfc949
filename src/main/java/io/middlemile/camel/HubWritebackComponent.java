package io.middlemile.camel;

import io.middlemile.mapping.Mapper;
import io.middlemile.outreach.EventWriteback;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.JournalStore;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hub-writeback:CONNECTION/OBJECT?mapping=PERSON_MAPPING&notes=NOTES_OBJECT&noteMapping=NOTE_MAPPING} writes
 * outreach events (canonical activities, after {@code hub-map:...?direction=in} of {@code hub-read:C/events}) back to
 * the person's record in CONNECTION/OBJECT: one note per event in NOTES_OBJECT, associated with the record, and the
 * fields the event says about the person (outreach status, lead status, opt-out, bounced) through PERSON_MAPPING. Both
 * through the governed write path. The work is {@link EventWriteback}'s.
 */
public class HubWritebackComponent extends DefaultComponent {

    private final Map<String, Mapper> mappers;
    private final OutreachSendStore sends;
    private final CrosswalkStore crosswalk;
    private final JournalStore journal;

    public HubWritebackComponent(Map<String, Mapper> mappers, OutreachSendStore sends, CrosswalkStore crosswalk, JournalStore journal) {
        this.mappers = mappers;
        this.sends = sends;
        this.crosswalk = crosswalk;
        this.journal = journal;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.WRITEBACK, uri);
        String notes = parsed.parameters().get("notes");
        EventWriteback.Target target = new EventWriteback.Target(parsed.connection(), parsed.object(),
                mapper(uri, parsed.parameters().get("mapping"), parsed.object()), notes,
                mapper(uri, parsed.parameters().get("noteMapping"), notes));
        // the parameters are the writeback's own, read above: none is a Camel endpoint property
        parameters.clear();
        return new HubWritebackEndpoint(uri, this, new EventWriteback(target, sends, crosswalk, journal), parsed.connection());
    }

    private Mapper mapper(String uri, String name, String object) {
        Mapper mapper = mappers.get(name);
        if (mapper == null || !mapper.object().equals(object)) {
            throw new IllegalArgumentException(uri + " names mapping " + name + ", which is not a mapping of " + object + "; mappings are "
                    + mappers.keySet());
        }
        return mapper;
    }
}

package io.middlemile.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.model.SourceRef;
import io.middlemile.store.WebhookEventStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code hub-read:CONNECTION/events}: the events a provider pushed and the webhook ingress kept whole (an Instantly
 * reply, a LinkedIn acceptance), read from the store in the order received. The provider is not called: its events
 * exist only as deliveries. Each event is one record whose fields are the payload's top-level fields plus
 * {@code event_id}, {@code event_type}, {@code received_at} and {@code object_id} (who the event is about, as the receiver read
 * it: a lead's email, a LinkedIn identifier); its id is the event id. The cursor is the store's
 * sequence, committed after the page's writes as for any source, so an event is written back at least once and a
 * crash between receiving and writing loses nothing.
 */
public final class StoredEvents implements ChangeSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookEventStore store;
    private final String connection;
    private final ChangeSource provider;

    /**
     * @param provider the connection's own source for its other objects, or null when it has none
     */
    StoredEvents(WebhookEventStore store, String connection, ChangeSource provider) {
        this.store = store;
        this.connection = connection;
        this.provider = provider;
    }

    /**
     * The opener jobs use: the connections routes read events of ({@code readsEvents}) also read their kept events
     * as the object {@value WebhookReceiver#EVENTS}; everything else is the connector's own.
     */
    public static Function<String, Connector> opener(Function<String, Connector> open, WebhookEventStore store,
                                                    Predicate<String> readsEvents) {
        return connection -> {
            Connector connector = open.apply(connection);
            return readsEvents.test(connection) ? new WithEvents(connector, new StoredEvents(store, connection,
                    connector.capability(ChangeSource.class).orElse(null))) : connector;
        };
    }

    @Override
    public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
        if (!WebhookReceiver.EVENTS.equals(object)) {
            if (provider == null) {
                throw new IllegalStateException("Connection " + connection + " cannot be read from except its webhook events"
                        + " (hub-read:" + connection + "/" + WebhookReceiver.EVENTS + ")");
            }
            return provider.readChanges(object, cursor, pageSize);
        }
        long after = cursor == null || cursor.isStart() ? 0 : Long.parseLong(cursor.value());
        List<WebhookEventStore.Kept> kept = store.keptAfter(connection, after, pageSize);
        List<SourceRecord> records = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        long last = after;
        for (WebhookEventStore.Kept event : kept) {
            last = event.seq();
            String location = connection + " webhook event " + event.eventId() + " (" + event.kind() + ", received " + event.receivedAt() + ")";
            Map<String, Object> fields = new LinkedHashMap<>();
            try {
                fields.putAll(JSON.readValue(event.payload(), new TypeReference<LinkedHashMap<String, Object>>() { }));
            } catch (IOException e) {
                rejected.add(new RejectedRecord(event.eventId(), location, "the stored event is not a JSON object: " + e.getMessage(), null));
                continue;
            }
            fields.put("event_id", event.eventId());
            fields.put("event_type", event.kind());
            fields.put("received_at", event.receivedAt().toString());
            if (event.objectId() != null) {
                fields.put("object_id", event.objectId()); // who it is about, as the receiver read it (a lead's email, a LinkedIn id)
            }
            records.add(new SourceRecord(new SourceRef(connection, WebhookReceiver.EVENTS, event.eventId()), fields,
                    event.occurredAt() == null ? event.receivedAt() : event.occurredAt(), location));
        }
        boolean end = kept.size() < pageSize;
        return new SourcePage(records, rejected, new Cursor(Long.toString(last)), end, -1);
    }

    /** A connection that reads its kept events besides what its connector offers. */
    private record WithEvents(Connector connector, StoredEvents events) implements Connector {

        @Override
        public ConnectorDescription describe() {
            return connector.describe();
        }

        @Override
        public HealthCheck check() {
            return connector.check();
        }

        @Override
        public <T> Optional<T> capability(Class<T> type) {
            return type == ChangeSource.class ? Optional.of(type.cast(events)) : connector.capability(type);
        }

        @Override
        public void close() {
            connector.close();
        }
    }
}

package io.middlemile.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Webhook events as received, once per event: providers redeliver an event they did not get a quick
 * 2xx for, with the same event id, so recording is idempotent on (connection, event id).
 */
@Component
public class WebhookEventStore {

    /**
     * One event of a delivery, as the store keeps it.
     *
     * @param eventId          the provider's event id (HubSpot's eventId in decimal)
     * @param subscriptionType the provider's name for the kind of event (HubSpot: contact.creation)
     */
    public record Event(String eventId, String subscriptionType, String objectId, Instant occurredAt, int attemptNumber,
                        byte[] payload) {

        /** A change notification, kept without its body. */
        public Event(String eventId, String subscriptionType, String objectId, Instant occurredAt, int attemptNumber) {
            this(eventId, subscriptionType, objectId, occurredAt, attemptNumber, null);
        }
    }

    /**
     * An event kept whole, as a job reading {@code hub-read:CONNECTION/events} sees it.
     *
     * @param seq the order received, per connection: the reading job's cursor
     */
    public record Kept(long seq, String eventId, String kind, String objectId, Instant occurredAt, Instant receivedAt, byte[] payload) {
    }

    private final JdbcTemplate jdbc;

    public WebhookEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the events of one delivery in one statement and returns the ids of those not seen before. */
    public Set<String> record(String connection, List<Event> events) {
        Set<String> fresh = new HashSet<>();
        if (events.isEmpty()) {
            return fresh;
        }
        jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement("insert into webhook_events (connection, event_id, subscription_type,"
                    + " object_id, occurred_at, attempt_number, payload)"
                    + " select ?, e.id, e.type, e.object_id, e.occurred_at, e.attempt, e.payload"
                    + " from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::bytea[])"
                    + " as e(id, type, object_id, occurred_at, attempt, payload)"
                    + " on conflict (connection, event_id) do nothing returning event_id");
            statement.setString(1, connection);
            statement.setArray(2, con.createArrayOf("text", events.stream().map(Event::eventId).toArray()));
            statement.setArray(3, con.createArrayOf("text", events.stream().map(Event::subscriptionType).toArray()));
            statement.setArray(4, con.createArrayOf("text", events.stream().map(Event::objectId).toArray()));
            statement.setArray(5, con.createArrayOf("timestamptz", events.stream()
                    .map(e -> e.occurredAt() == null ? null : Timestamp.from(e.occurredAt())).toArray()));
            statement.setArray(6, con.createArrayOf("int", events.stream().map(Event::attemptNumber).toArray()));
            // byte[][], not Object[]: the driver encodes a bytea array only from that type
            statement.setArray(7, con.createArrayOf("bytea", events.stream().map(Event::payload).toArray(byte[][]::new)));
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> fresh.add(rs.getString(1)));
        return fresh;
    }

    /** Up to {@code limit} kept events of the connection received after {@code seq}, in the order received. */
    public List<Kept> keptAfter(String connection, long seq, int limit) {
        return jdbc.query("select seq, event_id, subscription_type, object_id, occurred_at, received_at, payload from webhook_events"
                        + " where connection = ? and seq > ? and payload is not null order by seq limit ?",
                (rs, row) -> new Kept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getBytes(7)),
                connection, seq, limit);
    }

    public long count(String connection) {
        Long count = jdbc.queryForObject("select count(*) from webhook_events where connection = ?", Long.class, connection);
        return count == null ? 0 : count;
    }
}

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
    public record Event(String eventId, String subscriptionType, String objectId, Instant occurredAt, int attemptNumber) {
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
                    + " object_id, occurred_at, attempt_number)"
                    + " select ?, e.id, e.type, e.object_id, e.occurred_at, e.attempt"
                    + " from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::int[]) as e(id, type, object_id, occurred_at, attempt)"
                    + " on conflict (connection, event_id) do nothing returning event_id");
            statement.setString(1, connection);
            statement.setArray(2, con.createArrayOf("text", events.stream().map(Event::eventId).toArray()));
            statement.setArray(3, con.createArrayOf("text", events.stream().map(Event::subscriptionType).toArray()));
            statement.setArray(4, con.createArrayOf("text", events.stream().map(Event::objectId).toArray()));
            statement.setArray(5, con.createArrayOf("timestamptz", events.stream()
                    .map(e -> e.occurredAt() == null ? null : Timestamp.from(e.occurredAt())).toArray()));
            statement.setArray(6, con.createArrayOf("int", events.stream().map(Event::attemptNumber).toArray()));
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> fresh.add(rs.getString(1)));
        return fresh;
    }

    public long count(String connection) {
        Long count = jdbc.queryForObject("select count(*) from webhook_events where connection = ?", Long.class, connection);
        return count == null ? 0 : count;
    }
}

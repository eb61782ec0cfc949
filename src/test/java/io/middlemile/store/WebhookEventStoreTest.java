package io.middlemile.store;

import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhook events recorded once per id, with or without their payload, and the kept ones read back in order. */
class WebhookEventStoreTest {

    private WebhookEventStore store;

    @BeforeEach
    void migrate() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        store = new WebhookEventStore(jdbc);
    }

    @Test
    void aDeliveryMixingKeptEventsAndNotificationsIsRecordedOnceAndOnlyTheKeptOnesAreRead() {
        byte[] reply = "{\"event_type\":\"reply_received\"}".getBytes(StandardCharsets.UTF_8);
        List<WebhookEventStore.Event> delivery = List.of(
                new WebhookEventStore.Event("e-1", "reply_received", "jane@globex.com", Instant.parse("2026-12-01T09:30:00Z"), 0, reply),
                new WebhookEventStore.Event("e-2", "email_opened", "jane@globex.com", null, 0));

        assertThat(store.record("instantly", delivery)).containsExactlyInAnyOrder("e-1", "e-2");
        assertThat(store.record("instantly", delivery)).isEmpty();
        assertThat(store.record("instantly", List.of(new WebhookEventStore.Event("4711", "contact.creation", "1001", null, 0))))
                .containsExactly("4711");

        List<WebhookEventStore.Kept> kept = store.keptAfter("instantly", 0, 10);
        assertThat(kept).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo("e-1");
            assertThat(event.payload()).isEqualTo(reply);
        });
        assertThat(store.keptAfter("instantly", kept.get(0).seq(), 10)).isEmpty();
    }
}

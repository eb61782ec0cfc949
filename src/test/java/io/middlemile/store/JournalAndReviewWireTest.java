package io.middlemile.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal result and review status enums keep exactly the strings the database columns and JSON carry. */
class JournalAndReviewWireTest {

    @Test
    void journalResultsRoundTripThroughTheColumnValues() {
        assertThat(JournalEntry.Result.APPLIED.db()).isEqualTo("applied");
        assertThat(JournalEntry.Result.NOT_APPLIED.db()).isEqualTo("not-applied");
        assertThat(JournalEntry.Result.FAILED.db()).isEqualTo("failed");
        for (JournalEntry.Result result : JournalEntry.Result.values()) {
            if (result != JournalEntry.Result.INTENT) {
                assertThat(JournalEntry.Result.fromDb(result.db())).isSameAs(result);
            }
        }
        assertThat(JournalEntry.Result.fromDb(null)).as("no result row").isSameAs(JournalEntry.Result.INTENT);
    }

    @Test
    void anIntentIsNeverStoredAsAResultAndAnUnknownResultIsNamed() {
        assertThatThrownBy(JournalEntry.Result.INTENT::db).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JournalStore.EntryResult(1, JournalEntry.Result.INTENT, null))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JournalEntry.Result.fromDb("done")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"done\"").hasMessageContaining("applied, not-applied, failed");
    }

    @Test
    void reviewStatusesRoundTripThroughTheColumnAndJson() throws Exception {
        assertThat(ReviewItem.Status.values()).extracting(ReviewItem.Status::wire)
                .containsExactly("pending", "approved", "rejected", "expired", "conflict", "withdrawn");
        for (ReviewItem.Status status : ReviewItem.Status.values()) {
            assertThat(ReviewItem.Status.fromWire(status.wire())).isSameAs(status);
        }
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        ReviewItem item = new ReviewItem(3, 7, "job", "crm", "contacts", "c-1", "update", Map.of("stage", "lead"),
                Map.of("stage", "mql"), "policy.default review", ReviewItem.Status.PENDING, Instant.EPOCH, Instant.EPOCH, null, null, null);
        String text = json.writeValueAsString(item);
        assertThat(text).contains("\"status\":\"pending\"");
        assertThat(json.readValue(text, ReviewItem.class)).isEqualTo(item);
    }

    @Test
    void anUnknownReviewStatusIsNamed() {
        assertThatThrownBy(() -> ReviewItem.Status.fromWire("PENDING")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"PENDING\"").hasMessageContaining("pending, approved, rejected, expired, conflict");
        assertThatThrownBy(() -> ReviewItem.Status.fromWire(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

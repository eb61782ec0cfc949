package io.middlemile.connector;

import com.fasterxml.jackson.core.JsonParseException;
import io.middlemile.connector.ConnectorException.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An answer that cannot be read fails the same way every time: a clear, non-retriable error, never a retry. */
class AnswerReaderTest {

    private final AnswerReader reader = new AnswerReader("Acme CRM", "acme-prod");

    @Test
    void everyKindOfUnreadableAnswerIsFatalAndSaysWhereAndWhy() {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        String longNumber = "{\"amount\":" + "9".repeat(2_000) + "}";
        String html = "<html><body>Maintenance</body></html>";
        String cutOff = "{\"results\":[{\"id\":\"1\"";

        assertUnreadable(deep, "beyond the JSON reader's safety limits", "nesting depth");
        assertUnreadable(longNumber, "beyond the JSON reader's safety limits", "Number value length");
        assertUnreadable(html, "not valid JSON", "Unexpected character");
        assertUnreadable(cutOff, "not valid JSON", "end-of-input");
    }

    private void assertUnreadable(String body, String why, String detail) {
        assertThatThrownBy(() -> reader.json("search contacts", 200, body)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.FATAL);
            assertThat(e.getMessage()).startsWith("Acme CRM connection 'acme-prod', search contacts: the HTTP 200 answer cannot be read as JSON")
                    .contains(why).contains(detail).contains("so the call was not retried");
            assertThat(AnswerReader.unreadable(e)).isTrue();
        });
    }

    @Test
    void readableAndEmptyAnswersAreTrees() {
        assertThat(reader.json("read", 200, "{\"a\":[1,2]}").path("a").size()).isEqualTo(2);
        assertThat(reader.json("archive", 204, "").isEmpty()).isTrue();
        assertThat(reader.json("archive", 204, null).isEmpty()).isTrue();
    }

    @Test
    void theGuardNeverRetriesAFailureCausedByReadingAnAnswerWhateverItsKind() {
        CallGuard guard = new CallGuard("Acme CRM", "acme-prod", 6, failure -> java.time.Duration.ofMillis(1), "https://status.example",
                RuntimeException::new);
        var limiter = Budget.local(CallGuard.limiter("acme", 1_000, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)));
        AtomicInteger attempts = new AtomicInteger();
        // a connector that reads an answer on its own and calls the failure RETRIABLE by mistake
        assertThatThrownBy(() -> guard.call(limiter, () -> {
            attempts.incrementAndGet();
            throw new ConnectorException(Kind.RETRIABLE, "not JSON", new JsonParseException(null, "Unexpected character"));
        })).isInstanceOf(ConnectorException.class);
        assertThat(attempts).hasValue(1);
        assertThat(guard.retries()).isZero();

        // while a network failure is still retried up to maxAttempts
        attempts.set(0);
        assertThatThrownBy(() -> guard.call(limiter, () -> {
            attempts.incrementAndGet();
            throw new ConnectorException(Kind.RETRIABLE, "no answer", new IOException("connection reset"));
        })).isInstanceOf(ConnectorException.class);
        assertThat(attempts).hasValue(6);
    }
}

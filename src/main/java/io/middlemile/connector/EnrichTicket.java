package io.middlemile.connector;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An asynchronous submission the vendor accepted: FullEnrich's {@code enrichment_id}, Crustdata's
 * {@code batch_id}, Apollo's {@code request_id}. It is stored before anything waits on it, so a restart polls
 * it instead of paying for the same lookups again.
 *
 * @param id      the vendor's id of the submission
 * @param keys    the request keys still waiting on it
 * @param state   what the connector needs to read the answer (e.g. which vendor identifier stands for which key),
 *                as text it writes and reads itself; may be empty
 * @param pollAt  the earliest time worth polling, as the vendor advises (FullEnrich: 30 to 90 s a contact)
 */
public record EnrichTicket(String id, List<String> keys, String state, Instant pollAt) {

    public EnrichTicket {
        Objects.requireNonNull(id, "id");
        keys = List.copyOf(keys);
        state = state == null ? "" : state;
        Objects.requireNonNull(pollAt, "pollAt");
    }
}

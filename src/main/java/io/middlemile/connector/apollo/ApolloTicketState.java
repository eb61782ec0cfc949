package io.middlemile.connector.apollo;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a phone-reveal ticket must remember to read Apollo's later answer, which names people only by Apollo's person
 * id: which request key each person stands for, and the match credits not reported yet (a lookup that wanted only
 * the mobile phone gets its whole charge, match included, with the phone result).
 */
record ApolloTicketState(List<Entry> entries) {

    record Entry(String personId, String key, double carriedCredits) {
    }

    ApolloTicketState {
        entries = List.copyOf(entries);
    }

    /** One line per person: id, key and credits, the key percent-encoded so no character of it can break the format. */
    String write() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            out.append(e.personId()).append(' ').append(URLEncoder.encode(e.key(), StandardCharsets.UTF_8)).append(' ')
                    .append(e.carriedCredits()).append('\n');
        }
        return out.toString();
    }

    static ApolloTicketState read(String ticketId, String state) {
        List<Entry> entries = new ArrayList<>();
        for (String line : state.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                throw new IllegalArgumentException("The stored state of Apollo ticket " + ticketId + " is not one the connector"
                        + " wrote (line \"" + line + "\"); it cannot tell which record a phone belongs to.");
            }
            entries.add(new Entry(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8), Double.parseDouble(parts[2])));
        }
        return new ApolloTicketState(entries);
    }
}

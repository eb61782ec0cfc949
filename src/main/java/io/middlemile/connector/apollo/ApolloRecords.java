package io.middlemile.connector.apollo;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Apollo-shaped answers, as the client returns them; the connector translates them to canonical names. */
public final class ApolloRecords {

    private ApolloRecords() {
    }

    /** One person of a bulk match answer. */
    public record Person(String id, String email, String emailStatus, Double emailConfidence, String title, String seniority) {
    }

    /**
     * A bulk match answer: {@code matches} holds one entry per detail sent, in order, empty for a detail Apollo
     * could not match (Apollo answers {@code null} there).
     */
    public record MatchAnswer(String requestId, Double creditsConsumed, List<Optional<Person>> matches) {
        public MatchAnswer {
            matches = Collections.unmodifiableList(List.copyOf(matches));
        }
    }

    /** One organization of a bulk enrich answer. */
    public record Organization(String primaryDomain, Integer employees, String industry, Long annualRevenue, String country) {
    }

    /** One number of a phone reveal. */
    public record Phone(String sanitizedNumber, String type, String status, String confidence) {
    }

    /** The phones revealed for one person. */
    public record PersonPhones(String personId, String status, List<Phone> phones) {
        public PersonPhones {
            phones = List.copyOf(phones);
        }

        /** The first number Apollo types as mobile, if any. */
        public Optional<Phone> mobile() {
            return phones.stream().filter(p -> "mobile".equalsIgnoreCase(p.type())).findFirst();
        }
    }

    /** A phone reveal result (the webhook payload, or the {@code webhook_result} of a poll). */
    public record PhoneResult(String requestId, String webhookStatus, Double creditsConsumed, List<PersonPhones> people) {
        public PhoneResult {
            people = List.copyOf(people);
        }
    }

    /** A poll: still pending (with Apollo's advised wait), or the result. */
    public record Poll(Integer retryAfterSeconds, PhoneResult result) {
        public boolean pending() {
            return result == null;
        }
    }
}

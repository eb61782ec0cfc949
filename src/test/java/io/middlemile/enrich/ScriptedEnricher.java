package io.middlemile.enrich;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.Enricher;
import io.middlemile.model.Entity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * An enrichment provider for waterfall tests: it knows values per last name, charges a fixed price per value
 * found, and can answer later (a ticket polled {@code pollsBeforeAnswer} times), fail every call, or require a
 * LinkedIn URL. It counts submissions and polls, so "never paid twice" can be proven.
 */
final class ScriptedEnricher implements Enricher {

    final Map<String, Map<String, EnrichResult.Found>> known = new HashMap<>();
    final double pricePerValue;
    final List<List<String>> submissions = new ArrayList<>();
    /** Per record key, the values each of its lookups asked for, in submission order. */
    final Map<String, List<Set<String>>> asked = new LinkedHashMap<>();
    int polls;
    int pollsBeforeAnswer = -1;
    /** Credits charged for a lookup that found none of the values asked for (a vendor's base fee for a match). */
    double missCost;
    /** When a ticket is worth polling, after its submission or last poll. */
    Duration pollDelay = Duration.ofMillis(1);
    boolean needsLinkedin;
    ConnectorException failure;
    private final Clock clock;
    private final Map<String, List<EnrichRequest>> tickets = new LinkedHashMap<>();

    ScriptedEnricher(double pricePerValue, Clock clock) {
        this.pricePerValue = pricePerValue;
        this.clock = clock;
    }

    ScriptedEnricher knows(String lastName, String field, Object value, String verification) {
        known.computeIfAbsent(lastName, k -> new HashMap<>()).put(field, new EnrichResult.Found(value, null, verification));
        return this;
    }

    ScriptedEnricher async(int pollsBeforeAnswer) {
        this.pollsBeforeAnswer = pollsBeforeAnswer;
        return this;
    }

    int lookupsSubmitted() {
        return submissions.stream().mapToInt(List::size).sum();
    }

    @Override
    public List<Offer> offers() {
        return List.of(new Offer(Entity.PERSON, Set.of("firstName", "lastName", "companyDomain", "linkedinUrl"),
                Set.of("email", "mobilePhone", "title"), 2));
    }

    @Override
    public boolean canLookUp(EnrichRequest request) {
        return needsLinkedin ? request.has("linkedinUrl") : request.has("lastName");
    }

    @Override
    public double maxCost(Entity entity, Set<String> values) {
        return pricePerValue * values.size();
    }

    @Override
    public EnrichAnswer submit(Entity entity, List<EnrichRequest> requests) {
        if (failure != null) {
            throw failure;
        }
        submissions.add(requests.stream().map(EnrichRequest::key).toList());
        requests.forEach(request -> asked.computeIfAbsent(request.key(), k -> new ArrayList<>()).add(Set.copyOf(request.wanted())));
        if (pollsBeforeAnswer >= 0) {
            String id = "ticket-" + submissions.size();
            tickets.put(id, requests);
            return EnrichAnswer.waiting(new EnrichTicket(id, requests.stream().map(EnrichRequest::key).toList(), "",
                    clock.instant().plus(pollDelay)));
        }
        return EnrichAnswer.done(answer(requests));
    }

    @Override
    public EnrichAnswer poll(EnrichTicket ticket) {
        polls++;
        if (polls <= pollsBeforeAnswer) {
            return EnrichAnswer.waiting(new EnrichTicket(ticket.id(), ticket.keys(), ticket.state(), clock.instant().plus(pollDelay)));
        }
        return EnrichAnswer.done(answer(tickets.get(ticket.id())));
    }

    @Override
    public EnrichAnswer delivered(EnrichTicket ticket, byte[] payload) {
        // the payload names the ticket it answers, as a vendor's webhook body does
        if (!new String(payload, StandardCharsets.UTF_8).equals(ticket.id())) {
            throw new IllegalStateException("payload of another ticket");
        }
        return EnrichAnswer.done(answer(tickets.get(ticket.id())));
    }

    @Override
    public OptionalDouble creditBalance() {
        return OptionalDouble.empty();
    }

    private List<EnrichResult> answer(List<EnrichRequest> requests) {
        List<EnrichResult> results = new ArrayList<>();
        for (EnrichRequest request : requests) {
            Map<String, EnrichResult.Found> values = new HashMap<>();
            Map<String, EnrichResult.Found> person = known.getOrDefault(request.input("lastName"), Map.of());
            for (String field : request.wanted()) {
                if (person.containsKey(field)) {
                    values.put(field, person.get(field));
                }
            }
            results.add(EnrichResult.found(request.key(), values, values.isEmpty() ? missCost : pricePerValue * values.size()));
        }
        return results;
    }
}

package io.middlemile.connector.fullenrich;

import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.Enricher;
import io.middlemile.connector.HealthCheck;
import io.middlemile.model.Entity;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.SecretRefs;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A FullEnrich workspace ({@code type: fullenrich}): finds work emails and mobile phones of people, asynchronously
 * (https://docs.fullenrich.com/api/v2). Every submission answers with a ticket; results come by {@link #poll} or by a
 * webhook delivery ({@link #delivered}, checked by {@link FullEnrichWebhookReceiver}).
 *
 * <p>Credits: FullEnrich charges only for what it finds, 1 credit a work email and 10 a phone
 * (https://help.fullenrich.com/en/articles/9736469-how-do-credits-work), and not again for a contact it enriched in the
 * last 3 months. It reports only the enrichment's total ({@code cost.credits}); each result carries the price list for
 * what it found, scaled so the results of a finished enrichment add up to that total.
 *
 * <p>Only the values asked for are bought: {@code enrich_fields} names {@code contact.work_emails} for email and
 * {@code contact.phones} for mobilePhone, and only those the connection's {@code objects.people.fields} allow.
 */
public final class FullEnrichConnector implements Connector, Enricher {

    /** Canonical value to FullEnrich's enrich field. */
    static final Map<String, String> ENRICH_FIELDS = Map.of("email", "contact.work_emails", "mobilePhone", "contact.phones");
    /** Canonical value to its price in credits, charged on a hit only. */
    static final Map<String, Double> PRICES = Map.of("email", 1.0, "mobilePhone", 10.0);
    static final Set<String> PERSON_INPUTS = Set.of("firstName", "lastName", "companyDomain", "companyName", "linkedinUrl");
    /** FullEnrich's {@code custom} values are at most 100 characters. */
    static final int MAX_KEY_LENGTH = 100;
    /** Email verdicts that are not a usable address: FullEnrich does not count them as found. */
    private static final Set<String> UNUSABLE_EMAIL = Set.of("INVALID", "INVALID_DOMAIN");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectionId;
    private final ConnectorConfig config;
    private final FullEnrichSettings settings;
    private final FullEnrichClient client;
    private final Set<String> buyable;

    public FullEnrichConnector(ConnectorConfig config, FullEnrichSettings settings, HttpClient http) {
        this(config, settings, http, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the connection's request budget is counted (a cluster shares it between nodes)
     * @param calls   told of the retry, breaker and limiter (the engine's metrics)
     */
    public FullEnrichConnector(ConnectorConfig config, FullEnrichSettings settings, HttpClient http, Budgets budgets, CallObserver calls) {
        this.connectionId = config.id();
        this.config = config;
        this.settings = settings;
        CalendarMinuteWindow window = new CalendarMinuteWindow(settings.requestsPerMinute(), settings.clock(),
                duration -> Thread.sleep(duration.toMillis(), 0));
        this.client = new FullEnrichClient(connectionId, settings, http, new FullEnrichResilience(connectionId, settings, window, budgets, calls),
                new FullEnrichErrorClassifier(connectionId, window::untilNextMinute));
        ObjectConfig people = config.object("people");
        Set<String> allowed = new LinkedHashSet<>(ENRICH_FIELDS.keySet());
        if (people != null && people.fields() != null) {
            allowed.retainAll(people.fields());
        }
        this.buyable = Set.copyOf(allowed);
    }

    public FullEnrichClient client() {
        return client;
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> objects = new LinkedHashMap<>();
        config.objects().forEach((name, object) -> objects.put(name, object.fields() == null ? List.of() : List.copyOf(object.fields())));
        return ConnectorDescription.of(this, connectionId, FullEnrichProvider.TYPE, objects);
    }

    @Override
    public HealthCheck check() {
        try {
            String workspace = client.verifyKey();
            return HealthCheck.ok("FullEnrich connection '" + connectionId + "': the API key is valid"
                    + (workspace == null ? "" : " (workspace " + workspace + ")"));
        } catch (ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (RuntimeException e) {
            return HealthCheck.failed("FullEnrich connection '" + connectionId + "': the key check failed unexpectedly ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check the connection's baseUrl.");
        }
    }

    @Override
    public List<Offer> offers() {
        return List.of(new Offer(Entity.PERSON, PERSON_INPUTS, buyable, FullEnrichClient.MAX_CONTACTS));
    }

    /** First and last name with a company domain or name, or a LinkedIn URL (FullEnrich's input rule). */
    @Override
    public boolean canLookUp(EnrichRequest request) {
        return request.has("linkedinUrl")
                || request.has("firstName") && request.has("lastName") && (request.has("companyDomain") || request.has("companyName"));
    }

    @Override
    public double maxCost(Entity entity, Set<String> values) {
        if (entity != Entity.PERSON) {
            return 0;
        }
        return values.stream().filter(buyable::contains).mapToDouble(PRICES::get).sum();
    }

    @Override
    public EnrichAnswer submit(Entity entity, List<EnrichRequest> requests) {
        if (entity != Entity.PERSON) {
            throw new ConnectorException(Kind.INVALID_REQUEST, "FullEnrich connection '" + connectionId + "' looks up people only,"
                    + " not " + entity.name().toLowerCase() + " records; take it out of that entity's waterfall.");
        }
        if (requests.size() > FullEnrichClient.MAX_CONTACTS) {
            throw new IllegalArgumentException("FullEnrich takes at most " + FullEnrichClient.MAX_CONTACTS + " lookups per"
                    + " submission, got " + requests.size() + "; split by Offer.maxPerCall.");
        }
        List<EnrichResult> refused = new ArrayList<>();
        List<FullEnrichSubmission.Contact> contacts = new ArrayList<>();
        Map<String, List<String>> asked = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        for (EnrichRequest request : requests) {
            if (!keys.add(request.key())) {
                throw new IllegalArgumentException("two lookups share the key " + request.key() + "; keys must be unique per submission");
            }
            List<String> wanted = request.wanted().stream().filter(buyable::contains).sorted().toList();
            Optional<String> reason = refusal(request, wanted);
            if (reason.isPresent()) {
                refused.add(EnrichResult.rejected(request.key(), reason.get()));
                continue;
            }
            asked.put(request.key(), wanted);
            contacts.add(new FullEnrichSubmission.Contact(request.input("firstName"), request.input("lastName"),
                    request.input("companyDomain"), request.input("companyName"), request.input("linkedinUrl"),
                    wanted.stream().map(ENRICH_FIELDS::get).toList(), Map.of(FullEnrichJson.KEY_FIELD, request.key())));
        }
        if (contacts.isEmpty()) {
            return EnrichAnswer.done(refused);
        }
        String name = "middlemile " + connectionId + " " + settings.clock().instant() + " (" + contacts.size() + " contacts)";
        String id = client.submit(new FullEnrichSubmission(name, settings.webhookUrl(), contacts));
        EnrichTicket ticket = new EnrichTicket(id, List.copyOf(asked.keySet()), state(asked),
                settings.clock().instant().plus(settings.pollEvery()));
        return new EnrichAnswer(refused, Optional.of(ticket));
    }

    @Override
    public EnrichAnswer poll(EnrichTicket ticket) {
        Optional<FullEnrichEnrichment> enrichment = client.results(ticket.id());
        if (enrichment.isEmpty()) {
            return EnrichAnswer.waiting(later(ticket, ticket.keys()));
        }
        return answer(ticket, enrichment.get());
    }

    @Override
    public EnrichAnswer delivered(EnrichTicket ticket, byte[] payload) {
        String call = "read the webhook delivery of enrichment " + ticket.id();
        FullEnrichEnrichment enrichment = FullEnrichJson.enrichment(new AnswerReader("FullEnrich", connectionId)
                .json(call, 200, new String(payload, StandardCharsets.UTF_8)));
        if (enrichment.id() != null && !enrichment.id().equals(ticket.id())) {
            throw new ConnectorException(Kind.FATAL, "FullEnrich connection '" + connectionId + "': a webhook delivery of"
                    + " enrichment " + enrichment.id() + " was handed to the ticket of enrichment " + ticket.id()
                    + "; the delivery was matched to the wrong submission (a bug in the caller, not at FullEnrich).");
        }
        return answer(ticket, enrichment);
    }

    @Override
    public OptionalDouble creditBalance() {
        return OptionalDouble.of(client.credits());
    }

    // ---------------------------------------------------------------- reading answers

    private EnrichAnswer answer(EnrichTicket ticket, FullEnrichEnrichment enrichment) {
        Map<String, List<String>> asked = asked(ticket);
        if ("UNKNOWN".equals(enrichment.status())) {
            throw new ConnectorException(Kind.FATAL, "FullEnrich connection '" + connectionId + "': enrichment " + ticket.id()
                    + " is in status UNKNOWN at FullEnrich, which names no outcome. Ask FullEnrich support about this enrichment"
                    + " id; its lookups are not submitted again automatically.");
        }
        Map<String, FullEnrichContactResult> byKey = new LinkedHashMap<>();
        for (FullEnrichContactResult contact : enrichment.contacts()) {
            if (contact.key() != null && asked.containsKey(contact.key())) {
                byKey.putIfAbsent(contact.key(), contact);
            }
        }
        double priceList = byKey.values().stream().mapToDouble(c -> priceOf(found(c, asked.get(c.key())))).sum();
        // FullEnrich reports what the whole enrichment cost; contacts it enriched in the last 3 months are free, so the
        // price list can overstate it. A finished enrichment's results are scaled to add up to what was charged.
        double scale = enrichment.over() && enrichment.credits() != null && priceList > 0 ? enrichment.credits() / priceList : 1;
        List<EnrichResult> results = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (String key : ticket.keys()) {
            FullEnrichContactResult contact = byKey.get(key);
            if (contact != null) {
                Map<String, EnrichResult.Found> values = found(contact, asked.get(key));
                results.add(EnrichResult.found(key, values, priceOf(values) * scale));
            } else if (!enrichment.over()) {
                waiting.add(key);
            } else {
                results.add(EnrichResult.rejected(key, unfinished(enrichment)));
            }
        }
        if (waiting.isEmpty()) {
            return EnrichAnswer.done(results);
        }
        return new EnrichAnswer(results, Optional.of(later(ticket, waiting)));
    }

    private String unfinished(FullEnrichEnrichment enrichment) {
        return switch (enrichment.status()) {
            case "CREDITS_INSUFFICIENT" -> "FullEnrich ran out of credits before this contact was looked up (enrichment "
                    + enrichment.id() + "); nothing was charged for it. Add credits in FullEnrich and look it up again.";
            case "CANCELED" -> "FullEnrich canceled enrichment " + enrichment.id() + " before this contact was looked up (in the"
                    + " dashboard or through the API); nothing was charged for it. Look it up again if still wanted.";
            default -> "FullEnrich finished enrichment " + enrichment.id() + " without this contact: it skipped it as invalid"
                    + " input (names, domain or LinkedIn URL it does not accept). Check the record's inputs.";
        };
    }

    private static Map<String, EnrichResult.Found> found(FullEnrichContactResult contact, List<String> asked) {
        Map<String, EnrichResult.Found> values = new LinkedHashMap<>();
        if (asked.contains("email") && contact.email() != null && !UNUSABLE_EMAIL.contains(contact.emailStatus())) {
            values.put("email", new EnrichResult.Found(contact.email(), null, contact.emailStatus()));
        }
        if (asked.contains("mobilePhone") && contact.phone() != null) {
            values.put("mobilePhone", new EnrichResult.Found(contact.phone(), null, null));
        }
        return values;
    }

    private static double priceOf(Map<String, EnrichResult.Found> values) {
        return values.keySet().stream().mapToDouble(PRICES::get).sum();
    }

    private Optional<String> refusal(EnrichRequest request, List<String> wanted) {
        if (!canLookUp(request)) {
            return Optional.of("FullEnrich needs a first and last name with a company domain or company name, or a LinkedIn"
                    + " URL; this record has " + (request.inputs().isEmpty() ? "none of them" : "only " + request.inputs().keySet()));
        }
        if (wanted.isEmpty()) {
            return Optional.of("Nothing asked that connection '" + connectionId + "' buys from FullEnrich: it finds "
                    + String.join(" and ", buyable.stream().sorted().toList()) + ", this lookup wanted " + request.wanted());
        }
        if (request.key().length() > MAX_KEY_LENGTH) {
            return Optional.of("The record key is longer than the " + MAX_KEY_LENGTH + " characters FullEnrich keeps in custom"
                    + " fields, so its result could not be matched back; use a shorter key");
        }
        return Optional.empty();
    }

    private EnrichTicket later(EnrichTicket ticket, List<String> keys) {
        return new EnrichTicket(ticket.id(), keys, ticket.state(), settings.clock().instant().plus(settings.pollEvery()));
    }

    private static String state(Map<String, List<String>> asked) {
        try {
            return JSON.writeValueAsString(asked);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a ticket state", e);
        }
    }

    /** Which values each key asked for, from the ticket's state; a ticket without state asked for everything buyable. */
    private Map<String, List<String>> asked(EnrichTicket ticket) {
        if (!ticket.state().isBlank()) {
            try {
                return JSON.readValue(ticket.state(), new TypeReference<LinkedHashMap<String, List<String>>>() {
                });
            } catch (JsonProcessingException e) {
                throw new ConnectorException(Kind.FATAL, "FullEnrich connection '" + connectionId + "': the stored ticket of"
                        + " enrichment " + ticket.id() + " has a state this version cannot read; poll it with the version that"
                        + " submitted it, or look the results up in the FullEnrich dashboard.", e);
            }
        }
        Map<String, List<String>> all = new LinkedHashMap<>();
        ticket.keys().forEach(key -> all.put(key, List.copyOf(buyable)));
        return all;
    }

    @Override
    public String toString() {
        return "FullEnrichConnector[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}

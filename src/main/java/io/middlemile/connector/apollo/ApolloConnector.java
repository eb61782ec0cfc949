package io.middlemile.connector.apollo;

import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.Enricher;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.ObservedHttp;
import io.middlemile.connector.VendorHttp;
import io.middlemile.model.Entity;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.SecretRefs;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * An Apollo.io account as an {@link Enricher}.
 *
 * <p>People: {@code people/bulk_match}, 10 a call, answered at once with email (and {@code email_status} as its
 * verification), title and seniority. A mobile phone needs {@code reveal_phone_number=true}, which Apollo answers
 * later at a webhook; it is offered only when {@code enrichment.webhookUrl} is set, and lookups that want it go in a
 * call of their own (Apollo reveals phones for every match of a call, at 8 credits each), answered with results for
 * the other values plus a ticket ({@code request_id}) for the phones, read from the webhook delivery or by polling.
 * Companies: {@code organizations/bulk_enrich} by domain, 10 a call.
 *
 * <p>Credits (docs.apollo.io/docs/api-pricing, the endpoints' "Credit usage"): a person match 1 when Apollo finds the
 * person, +8 for a mobile phone, 0 for a miss; an organization 1. A call's {@code credits_consumed} is spread over the
 * records it charged (it can be fractional on some plans); without it the price list decides.
 */
public final class ApolloConnector implements Connector, Enricher {

    static final double MATCH_CREDITS = 1;
    static final double PHONE_CREDITS = 8;
    private static final Set<String> PERSON_INPUTS = Set.of("firstName", "lastName", "email", "companyName", "companyDomain",
            "linkedinUrl");
    private static final Set<String> SYNC_PERSON_VALUES = Set.of("email", "title", "seniority");

    private final String connectionId;
    private final Map<String, ObjectConfig> objects;
    private final ApolloSettings settings;
    private final ApolloClient client;
    private final String phoneWebhookUrl;

    public ApolloConnector(String connectionId, ConnectorConfig config, Map<String, String> env, ApolloSettings settings) {
        this(connectionId, config, env, settings, null);
    }

    ApolloConnector(String connectionId, ConnectorConfig config, Map<String, String> env, ApolloSettings settings,
                    ApolloRateWindows.Sleeper sleeper) {
        this(connectionId, config, env, settings, sleeper, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the connection's request budget is counted (a cluster shares it between nodes)
     * @param calls   told of every HTTP exchange, the requests Apollo says are left and the guards (the engine's metrics)
     */
    ApolloConnector(String connectionId, ConnectorConfig config, Map<String, String> env, ApolloSettings settings,
                    ApolloRateWindows.Sleeper sleeper, Budgets budgets, CallObserver calls) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        if (config.objects() == null || config.objects().isEmpty()) {
            throw new IllegalArgumentException("Apollo connection '" + connectionId + "' configures no object; add e.g."
                    + " objects: {people: {fields: [email, title, seniority]}, companies: {fields: [employeeCount, industry]}}");
        }
        this.objects = Map.copyOf(config.objects());
        this.settings = settings;
        String reference = config.auth() == null ? null : config.auth().apiKey();
        String apiKey = SecretRefs.resolve(reference, env).orElseThrow(() -> new IllegalArgumentException("Apollo connection '"
                + connectionId + "' has no API key: " + (reference == null ? "add auth: {type: api-key, apiKey: ${APOLLO_API_KEY}}"
                : "set the environment variable " + SecretRefs.variable(reference).orElse("named in auth.apiKey"))
                + " (Apollo: Settings > Integrations > API keys)."));
        String secretRef = config.auth() == null ? null : config.auth().token();
        Optional<String> secret = SecretRefs.resolve(secretRef, env);
        // Mobile phones need both the URL and its secret: without the secret every delivery would be refused.
        this.phoneWebhookUrl = settings.webhookUrl() == null || secret.isEmpty() ? null
                : settings.webhookUrl() + (settings.webhookUrl().contains("?") ? "&" : "?") + "token="
                + URLEncoder.encode(secret.get(), StandardCharsets.UTF_8);
        HttpClient http = ObservedHttp.of(VendorHttp.client(), connectionId, calls,
                ApolloRateWindows.QUOTA);
        this.client = new ApolloClient(connectionId, settings, apiKey, http, sleeper == null ? ApolloClient.SLEEP : sleeper, budgets, calls);
    }

    /** The client, for request and submission counts in tests and run summaries. */
    public ApolloClient client() {
        return client;
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        objects.forEach((name, object) -> fields.put(name, List.copyOf(object.fields())));
        return ConnectorDescription.of(this, connectionId, ApolloProvider.TYPE, fields);
    }

    @Override
    public HealthCheck check() {
        try {
            client.apiUsageStats();
            return HealthCheck.ok("Apollo at " + SecretRefs.withoutUserInfo(settings.baseUrl()) + " accepted the API key of connection '"
                    + connectionId + "'"
                    + (phoneWebhookUrl == null && settings.webhookUrl() != null
                    ? "; mobile phones are off: set the environment variable named in auth.token (the webhook secret)." : "."));
        } catch (ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (RuntimeException e) {
            return HealthCheck.failed("Could not check Apollo connection '" + connectionId + "' at "
                    + SecretRefs.withoutUserInfo(settings.baseUrl()) + ": "
                    + e.getClass().getSimpleName() + ". Check baseUrl in its connector file.");
        }
    }

    // ---------------------------------------------------------------- offers and prices

    @Override
    public List<Offer> offers() {
        List<Offer> offers = new ArrayList<>();
        ObjectConfig people = objects.get(ApolloProvider.PEOPLE);
        if (people != null) {
            Set<String> values = new LinkedHashSet<>(people.fields());
            values.retainAll(ApolloProvider.PERSON_VALUES);
            if (phoneWebhookUrl == null) {
                values.remove("mobilePhone");
            }
            offers.add(new Offer(Entity.PERSON, PERSON_INPUTS, values, ApolloClient.MAX_BATCH));
        }
        ObjectConfig companies = objects.get(ApolloProvider.COMPANIES);
        if (companies != null) {
            Set<String> values = new LinkedHashSet<>(companies.fields());
            values.retainAll(ApolloProvider.COMPANY_VALUES);
            offers.add(new Offer(Entity.COMPANY, Set.of("domain"), values, ApolloClient.MAX_BATCH));
        }
        return offers;
    }

    @Override
    public boolean canLookUp(EnrichRequest request) {
        if (request.has("domain") && !request.has("email") && !request.has("firstName")) {
            return true; // a company by its domain
        }
        return request.has("email") || request.has("linkedinUrl")
                || (request.has("firstName") && request.has("lastName") && (request.has("companyDomain") || request.has("companyName")));
    }

    @Override
    public double maxCost(Entity entity, Set<String> values) {
        if (entity == Entity.COMPANY) {
            return MATCH_CREDITS;
        }
        return MATCH_CREDITS + (values.contains("mobilePhone") ? PHONE_CREDITS : 0);
    }

    @Override
    public OptionalDouble creditBalance() {
        return OptionalDouble.empty(); // Apollo has no free balance call (credit_usage_stats reports usage, not the balance)
    }

    // ---------------------------------------------------------------- submit

    @Override
    public EnrichAnswer submit(Entity entity, List<EnrichRequest> requests) {
        if (requests.isEmpty()) {
            return EnrichAnswer.done(List.of());
        }
        if (requests.size() > ApolloClient.MAX_BATCH) {
            throw new IllegalArgumentException("Apollo takes at most " + ApolloClient.MAX_BATCH + " lookups a call, got "
                    + requests.size() + "; split them (Offer.maxPerCall).");
        }
        return switch (entity) {
            case COMPANY -> EnrichAnswer.done(companies(requests));
            case PERSON -> people(requests);
            default -> throw new IllegalArgumentException("Apollo enriches people and companies, not " + entity.id());
        };
    }

    private EnrichAnswer people(List<EnrichRequest> requests) {
        List<EnrichRequest> plain = new ArrayList<>();
        List<EnrichRequest> withPhone = new ArrayList<>();
        for (EnrichRequest r : requests) {
            (phoneWebhookUrl != null && r.wanted().contains("mobilePhone") ? withPhone : plain).add(r);
        }
        List<EnrichResult> results = new ArrayList<>();
        if (!plain.isEmpty()) {
            results.addAll(matchPlain(plain));
        }
        Optional<EnrichTicket> ticket = Optional.empty();
        if (!withPhone.isEmpty()) {
            PhoneSubmission phones = matchWithPhones(withPhone);
            results.addAll(phones.results());
            ticket = phones.ticket();
        }
        return new EnrichAnswer(results, ticket);
    }

    /** One call without phone reveal; a whole-call 400/422 is retried record by record to find the one Apollo refuses. */
    private List<EnrichResult> matchPlain(List<EnrichRequest> requests) {
        ApolloRecords.MatchAnswer answer;
        try {
            answer = client.bulkMatch(details(requests), null);
        } catch (ConnectorException e) {
            if (e.kind() != ConnectorException.Kind.INVALID_REQUEST || requests.size() == 1) {
                if (e.kind() == ConnectorException.Kind.INVALID_REQUEST) {
                    return List.of(EnrichResult.rejected(requests.get(0).key(), e.getMessage()));
                }
                throw e;
            }
            // Apollo refused the call as a whole, so nothing was charged: asking one by one finds the bad record.
            List<EnrichResult> results = new ArrayList<>();
            for (EnrichRequest r : requests) {
                results.addAll(matchPlain(List.of(r)));
            }
            return results;
        }
        requireOnePerDetail(answer, requests.size(), "bulk people match");
        double perHit = perHit(answer.creditsConsumed(), answer.matches().stream().filter(Optional::isPresent).count());
        List<EnrichResult> results = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            EnrichRequest r = requests.get(i);
            Optional<ApolloRecords.Person> person = answer.matches().get(i);
            results.add(person.isEmpty() ? EnrichResult.notFound(r.key(), 0)
                    : EnrichResult.found(r.key(), personValues(person.get(), r.wanted()), perHit));
        }
        return results;
    }

    private record PhoneSubmission(List<EnrichResult> results, Optional<EnrichTicket> ticket) {
    }

    /** One call with phone reveal: at once the other values, and a ticket for the phones of the people matched. */
    private PhoneSubmission matchWithPhones(List<EnrichRequest> requests) {
        ApolloRecords.MatchAnswer answer = client.bulkMatch(details(requests), phoneWebhookUrl);
        requireOnePerDetail(answer, requests.size(), "bulk people match with phone reveal");
        double perHit = perHit(answer.creditsConsumed(), answer.matches().stream().filter(Optional::isPresent).count());
        List<EnrichResult> results = new ArrayList<>();
        List<ApolloTicketState.Entry> waiting = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            EnrichRequest r = requests.get(i);
            Optional<ApolloRecords.Person> person = answer.matches().get(i);
            if (person.isEmpty() || person.get().id() == null) {
                results.add(EnrichResult.notFound(r.key(), 0));
                continue;
            }
            boolean wantsMore = r.wanted().stream().anyMatch(SYNC_PERSON_VALUES::contains);
            if (wantsMore) {
                results.add(EnrichResult.found(r.key(), personValues(person.get(), r.wanted()), perHit));
            }
            waiting.add(new ApolloTicketState.Entry(person.get().id(), r.key(), wantsMore ? 0 : perHit));
        }
        if (waiting.isEmpty()) {
            return new PhoneSubmission(results, Optional.empty());
        }
        if (answer.requestId() == null) {
            throw new ApolloCallException(ConnectorException.Kind.FATAL, "Apollo connection '" + connectionId + "', bulk people"
                    + " match with phone reveal: Apollo's answer has no request_id, so the phones it reveals cannot be told"
                    + " apart from other deliveries. The match was charged; report it to Apollo support.", 200, null, null, null,
                    null);
        }
        EnrichTicket ticket = new EnrichTicket(answer.requestId(), waiting.stream().map(ApolloTicketState.Entry::key).toList(),
                new ApolloTicketState(waiting).write(), settings.clock().instant().plus(settings.pollInterval()));
        return new PhoneSubmission(results, Optional.of(ticket));
    }

    private List<EnrichResult> companies(List<EnrichRequest> requests) {
        List<EnrichResult> results = new ArrayList<>();
        List<EnrichRequest> asked = new ArrayList<>();
        for (EnrichRequest r : requests) {
            if (r.has("domain")) {
                asked.add(r);
            } else {
                results.add(EnrichResult.rejected(r.key(), "Apollo looks companies up by domain; this record has none"));
            }
        }
        if (asked.isEmpty()) {
            return results;
        }
        List<ApolloRecords.Organization> found = client.bulkEnrichOrganizations(asked.stream().map(r -> domain(r.input("domain"))).toList());
        Map<String, ApolloRecords.Organization> byDomain = new LinkedHashMap<>();
        found.forEach(o -> {
            if (o.primaryDomain() != null) {
                byDomain.putIfAbsent(o.primaryDomain().toLowerCase(Locale.ROOT), o);
            }
        });
        for (EnrichRequest r : asked) {
            ApolloRecords.Organization o = byDomain.get(domain(r.input("domain")));
            results.add(o == null ? EnrichResult.notFound(r.key(), 0)
                    : EnrichResult.found(r.key(), companyValues(o, r.wanted()), MATCH_CREDITS));
        }
        return results;
    }

    // ---------------------------------------------------------------- phones later

    @Override
    public EnrichAnswer poll(EnrichTicket ticket) {
        ApolloRecords.Poll poll = client.webhookResult(ticket.id());
        if (poll.pending()) {
            Duration wait = poll.retryAfterSeconds() == null ? settings.pollInterval() : Duration.ofSeconds(poll.retryAfterSeconds());
            return EnrichAnswer.waiting(new EnrichTicket(ticket.id(), ticket.keys(), ticket.state(),
                    settings.clock().instant().plus(wait)));
        }
        return EnrichAnswer.done(phoneResults(ticket, poll.result()));
    }

    @Override
    public EnrichAnswer delivered(EnrichTicket ticket, byte[] payload) {
        ApolloRecords.PhoneResult result = ApolloJson.phoneResult(new io.middlemile.connector.AnswerReader("Apollo", connectionId)
                .json("read the phone delivery of request " + ticket.id(), 200, new String(payload, StandardCharsets.UTF_8)));
        if (result.requestId() != null && !result.requestId().equals(ticket.id())) {
            throw new ApolloCallException(ConnectorException.Kind.FATAL, "Apollo connection '" + connectionId + "': a phone"
                    + " delivery of request " + result.requestId() + " was handed to ticket " + ticket.id() + "; it was not read."
                    + " This is a bug in matching deliveries to tickets: report it.", 0, null, null, null, null);
        }
        return EnrichAnswer.done(phoneResults(ticket, result));
    }

    private List<EnrichResult> phoneResults(EnrichTicket ticket, ApolloRecords.PhoneResult result) {
        ApolloTicketState state = ApolloTicketState.read(ticket.id(), ticket.state());
        Map<String, ApolloRecords.PersonPhones> byPerson = new LinkedHashMap<>();
        result.people().forEach(p -> byPerson.put(p.personId(), p));
        long mobiles = state.entries().stream().filter(e -> byPerson.containsKey(e.personId())
                && byPerson.get(e.personId()).mobile().isPresent()).count();
        double perPhone = result.creditsConsumed() != null && mobiles > 0 ? result.creditsConsumed() / mobiles : PHONE_CREDITS;
        List<EnrichResult> results = new ArrayList<>();
        for (ApolloTicketState.Entry e : state.entries()) {
            Optional<ApolloRecords.Phone> mobile = Optional.ofNullable(byPerson.get(e.personId())).flatMap(ApolloRecords.PersonPhones::mobile);
            if (mobile.isEmpty()) {
                results.add(EnrichResult.notFound(e.key(), e.carriedCredits()));
            } else {
                Map<String, EnrichResult.Found> values = Map.of("mobilePhone",
                        new EnrichResult.Found(mobile.get().sanitizedNumber(), confidence(mobile.get().confidence()), mobile.get().status()));
                results.add(EnrichResult.found(e.key(), values, e.carriedCredits() + perPhone));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- translation

    private static List<Map<String, String>> details(List<EnrichRequest> requests) {
        List<Map<String, String>> details = new ArrayList<>();
        for (EnrichRequest r : requests) {
            Map<String, String> d = new LinkedHashMap<>();
            put(d, "first_name", r.input("firstName"));
            put(d, "last_name", r.input("lastName"));
            put(d, "email", r.input("email"));
            put(d, "organization_name", r.input("companyName"));
            put(d, "domain", r.input("companyDomain") == null ? null : domain(r.input("companyDomain")));
            put(d, "linkedin_url", r.input("linkedinUrl"));
            details.add(d);
        }
        return details;
    }

    private static Map<String, EnrichResult.Found> personValues(ApolloRecords.Person p, Set<String> wanted) {
        Map<String, EnrichResult.Found> values = new LinkedHashMap<>();
        if (wanted.contains("email") && p.email() != null) {
            values.put("email", new EnrichResult.Found(p.email(), p.emailConfidence(), p.emailStatus()));
        }
        if (wanted.contains("title") && p.title() != null) {
            values.put("title", new EnrichResult.Found(p.title(), null, null));
        }
        if (wanted.contains("seniority") && p.seniority() != null) {
            values.put("seniority", new EnrichResult.Found(p.seniority(), null, null));
        }
        return values;
    }

    private static Map<String, EnrichResult.Found> companyValues(ApolloRecords.Organization o, Set<String> wanted) {
        Map<String, EnrichResult.Found> values = new LinkedHashMap<>();
        if (wanted.contains("employeeCount") && o.employees() != null) {
            values.put("employeeCount", new EnrichResult.Found(o.employees(), null, null));
        }
        if (wanted.contains("industry") && o.industry() != null) {
            values.put("industry", new EnrichResult.Found(o.industry(), null, null));
        }
        if (wanted.contains("annualRevenue") && o.annualRevenue() != null) {
            values.put("annualRevenue", new EnrichResult.Found(o.annualRevenue(), null, null));
        }
        if (wanted.contains("country") && o.country() != null) {
            values.put("country", new EnrichResult.Found(ApolloCountries.isoCode(o.country()), null, null));
        }
        return values;
    }

    /** The call's credits spread over the records it charged; the price list when Apollo does not say. */
    private static double perHit(Double creditsConsumed, long hits) {
        return creditsConsumed == null || hits == 0 ? MATCH_CREDITS : creditsConsumed / hits;
    }

    private void requireOnePerDetail(ApolloRecords.MatchAnswer answer, int sent, String call) {
        if (answer.matches().size() != sent) {
            throw new ApolloCallException(ConnectorException.Kind.FATAL, "Apollo connection '" + connectionId + "', " + call
                    + ": Apollo answered " + answer.matches().size() + " matches for " + sent + " records, so no match can be"
                    + " given to its record; the call was charged (" + answer.creditsConsumed() + " credits) and is not sent"
                    + " again. Report the request_id " + answer.requestId() + " to Apollo support.", 200, null, null, null, null);
        }
    }

    /** Apollo's confidence_cd (high, medium, low) as 0..1; null when it gives none. */
    private static Double confidence(String code) {
        if (code == null) {
            return null;
        }
        return switch (code.toLowerCase(Locale.ROOT)) {
            case "high" -> 0.9;
            case "medium" -> 0.6;
            case "low" -> 0.3;
            default -> null;
        };
    }

    private static String domain(String value) {
        String d = value.strip().toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "");
        int slash = d.indexOf('/');
        return slash < 0 ? d : d.substring(0, slash);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.strip());
        }
    }

    @Override
    public String toString() {
        return "ApolloConnector[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}

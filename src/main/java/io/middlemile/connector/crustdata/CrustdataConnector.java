package io.middlemile.connector.crustdata;

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

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A Crustdata account as an {@link Enricher}: people by LinkedIn profile URL or business email through
 * {@code POST /person/enrich}, companies by domain, LinkedIn URL or name through {@code POST /company/enrich}, 25 a call,
 * answered at once; large jobs through {@link #submitBatch} (up to 10,000, polled, no webhook), which a waterfall's
 * large calls use with {@code enrichment.batchFrom}.
 *
 * <p>Credits: only the values wanted are asked for ({@code fields}), a miss costs nothing, and each result carries what
 * Crustdata charged by its price list ({@link CrustdataCatalog}). A submission is never sent twice: a time-out of a
 * submit is FATAL ({@link CrustdataErrorClassifier}). A malformed identifier is refused before any call; when Crustdata
 * still refuses a whole call with 400, the identifiers are sent one by one (400s cost nothing) to find the culprit,
 * which comes back REJECTED.
 *
 * <p>Not thread-safe: one job run uses an instance at a time. The API key is held only by the client and never printed.
 */
public final class CrustdataConnector implements Connector, Enricher {

    /** The connector file's object for people and for companies. */
    public static final String PEOPLE = "people";
    public static final String COMPANIES = "companies";

    private final String connectionId;
    private final Map<String, ObjectConfig> objects;
    private final CrustdataSettings settings;
    private final CrustdataClient client;
    private final Clock clock;

    public CrustdataConnector(String connectionId, ConnectorConfig config, Map<String, String> env) {
        this(connectionId, config, env, CrustdataSettings.from(config), Clock.systemUTC());
    }

    public CrustdataConnector(String connectionId, ConnectorConfig config, Map<String, String> env, CrustdataSettings settings,
                              Clock clock) {
        this(connectionId, config, env, settings, clock, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the connection's request budgets are counted (a cluster shares them between nodes)
     * @param calls   told of every HTTP exchange, the requests Crustdata says are left and the guards (the engine's metrics)
     */
    public CrustdataConnector(String connectionId, ConnectorConfig config, Map<String, String> env, CrustdataSettings settings,
                              Clock clock, Budgets budgets, CallObserver calls) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        if (config.objects() == null || config.objects().isEmpty()) {
            throw new IllegalArgumentException("Crustdata connection '" + connectionId + "' configures no object; add e.g."
                    + " objects: {people: {fields: [email, title]}, companies: {fields: [employeeCount]}}");
        }
        this.objects = Map.copyOf(config.objects());
        this.settings = settings;
        this.clock = clock;
        HttpClient http = ObservedHttp.of(VendorHttp.client(), connectionId, calls,
                CrustdataPacer.QUOTA);
        this.client = new CrustdataClient(connectionId, settings, apiKey(connectionId, config, env), http,
                new CrustdataPacer(connectionId, settings, budgets, calls));
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> described = new LinkedHashMap<>();
        objects.forEach((name, object) -> described.put(name, List.copyOf(object.fields())));
        return ConnectorDescription.of(this, connectionId, CrustdataProvider.TYPE, described);
    }

    @Override
    public HealthCheck check() {
        try {
            double credits = client.credits();
            return HealthCheck.ok("Crustdata connection '" + connectionId + "': the API key works; " + credits + " credits left.");
        } catch (RuntimeException e) {
            return HealthCheck.failed(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- Enricher

    @Override
    public List<Offer> offers() {
        List<Offer> offers = new ArrayList<>();
        for (Entity entity : List.of(Entity.PERSON, Entity.COMPANY)) {
            Set<String> allowed = allowed(entity);
            if (!allowed.isEmpty()) {
                // with batch jobs on, a waterfall may hand over as many as a batch job takes
                offers.add(new Offer(entity, entity == Entity.PERSON ? CrustdataCatalog.PERSON_INPUTS : CrustdataCatalog.COMPANY_INPUTS,
                        allowed, settings.batchFrom() > 0 ? CrustdataClient.MAX_BATCH_IDENTIFIERS : CrustdataClient.MAX_ENRICH_IDENTIFIERS));
            }
        }
        return offers;
    }

    @Override
    public boolean canLookUp(EnrichRequest request) {
        return CrustdataIdentifiers.canLookUp(Entity.PERSON, request) || CrustdataIdentifiers.canLookUp(Entity.COMPANY, request);
    }

    @Override
    public double maxCost(Entity entity, Set<String> values) {
        requireEnrichable(entity);
        return CrustdataCatalog.maxCost(entity, CrustdataCatalog.offered(entity, values));
    }

    /**
     * Up to 25 lookups are answered at once. With {@code enrichment.batchFrom} set, a call of at least that many goes
     * as a batch job: the lookups of the identifier kind most of them have as one job (a ticket to store and poll),
     * the others at once, 25 a call; a smaller call is answered at once, 25 a call.
     */
    @Override
    public EnrichAnswer submit(Entity entity, List<EnrichRequest> requests) {
        requireEnrichable(entity);
        int max = settings.batchFrom() > 0 ? CrustdataClient.MAX_BATCH_IDENTIFIERS : CrustdataClient.MAX_ENRICH_IDENTIFIERS;
        if (requests.size() > max) {
            throw new IllegalArgumentException("Crustdata takes at most " + max + " records a call here, got " + requests.size()
                    + "; split them (Offer.maxPerCall).");
        }
        List<EnrichRequest> now = requests;
        EnrichAnswer batch = null;
        if (settings.batchFrom() > 0 && requests.size() >= settings.batchFrom()) {
            Map<String, List<EnrichRequest>> byKind = new LinkedHashMap<>();
            requests.forEach(request -> byKind.computeIfAbsent(identifierKind(entity, request).orElse(""), k -> new ArrayList<>())
                    .add(request));
            Optional<String> main = byKind.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                    .max(java.util.Comparator.comparingInt(e -> e.getValue().size())).map(Map.Entry::getKey);
            if (main.isPresent()) {
                batch = submitBatch(entity, byKind.remove(main.get()));
                now = byKind.values().stream().flatMap(List::stream).toList();
            }
        }
        List<EnrichResult> results = new ArrayList<>(batch == null ? List.of() : batch.results());
        for (int from = 0; from < now.size(); from += CrustdataClient.MAX_ENRICH_IDENTIFIERS) {
            results.addAll(enrichNow(entity, now.subList(from, Math.min(now.size(), from + CrustdataClient.MAX_ENRICH_IDENTIFIERS))));
        }
        return new EnrichAnswer(results, batch == null ? Optional.empty() : batch.pending());
    }

    /** At most 25 lookups, answered at once. */
    private List<EnrichResult> enrichNow(Entity entity, List<EnrichRequest> requests) {
        Map<String, EnrichResult> results = new LinkedHashMap<>();
        // one call per identifier kind and wanted values: a call takes one kind, and asks every record for the same fields
        Map<List<Object>, Map<String, Pending>> groups = new LinkedHashMap<>();
        for (EnrichRequest request : requests) {
            Set<String> wanted = wanted(entity, request);
            CrustdataIdentifiers.Choice choice = CrustdataIdentifiers.choose(entity, request);
            if (wanted.isEmpty()) {
                results.put(request.key(), EnrichResult.rejected(request.key(), noValueWanted(entity, request)));
            } else if (choice.kind() == null) {
                results.put(request.key(), EnrichResult.rejected(request.key(), choice.refusal()));
            } else {
                groups.computeIfAbsent(List.of(choice.kind(), CrustdataCatalog.sorted(wanted)), k -> new LinkedHashMap<>())
                        .computeIfAbsent(CrustdataIdentifiers.key(choice.value()), k -> new Pending(choice.value(), new ArrayList<>()))
                        .keys().add(request.key());
            }
        }
        groups.forEach((group, pending) -> results.putAll(enrich(entity, (CrustdataIdentifier) group.get(0),
                new LinkedHashSet<>(castList(group.get(1))), List.copyOf(pending.values()))));
        List<EnrichResult> ordered = new ArrayList<>();
        requests.forEach(request -> ordered.add(results.get(request.key())));
        return ordered;
    }

    /**
     * Submits up to 10,000 lookups of one entity as a Crustdata batch job and returns at once with a ticket to store and
     * {@link #poll} later (results take minutes). Lookups that cannot be sent come back REJECTED in the answer. A job
     * takes one identifier kind: all sendable lookups must resolve to the same one ({@link #identifierKind}); the
     * values asked for are the union of what the lookups want.
     */
    public EnrichAnswer submitBatch(Entity entity, List<EnrichRequest> requests) {
        requireEnrichable(entity);
        if (requests.size() > CrustdataClient.MAX_BATCH_IDENTIFIERS) {
            throw new IllegalArgumentException("A Crustdata batch job takes at most " + CrustdataClient.MAX_BATCH_IDENTIFIERS
                    + " identifiers, got " + requests.size() + "; split them into several jobs (at most 5 run at a time).");
        }
        List<EnrichResult> rejected = new ArrayList<>();
        Map<String, Pending> pending = new LinkedHashMap<>();
        Set<CrustdataIdentifier> kinds = new LinkedHashSet<>();
        Set<String> wantedUnion = new LinkedHashSet<>();
        List<String> keys = new ArrayList<>();
        for (EnrichRequest request : requests) {
            Set<String> wanted = wanted(entity, request);
            CrustdataIdentifiers.Choice choice = CrustdataIdentifiers.choose(entity, request);
            if (wanted.isEmpty()) {
                rejected.add(EnrichResult.rejected(request.key(), noValueWanted(entity, request)));
            } else if (choice.kind() == null) {
                rejected.add(EnrichResult.rejected(request.key(), choice.refusal()));
            } else {
                kinds.add(choice.kind());
                wantedUnion.addAll(wanted);
                keys.add(request.key());
                pending.computeIfAbsent(CrustdataIdentifiers.key(choice.value()), k -> new Pending(choice.value(), new ArrayList<>()))
                        .keys().add(request.key());
            }
        }
        if (kinds.size() > 1) {
            throw new IllegalArgumentException("A Crustdata batch job takes one identifier kind, but these lookups need " + kinds
                    + "; submit one batch per kind (CrustdataConnector.identifierKind tells each lookup's kind).");
        }
        if (pending.isEmpty()) {
            return EnrichAnswer.done(rejected);
        }
        CrustdataIdentifier kind = kinds.iterator().next();
        String batchId = client.submitBatch(entity == Entity.PERSON ? "person" : "company", kind,
                pending.values().stream().map(Pending::identifier).toList(), CrustdataCatalog.fields(entity, wantedUnion));
        Map<String, List<String>> byIdentifier = new LinkedHashMap<>();
        pending.forEach((key, p) -> byIdentifier.put(key, List.copyOf(p.keys())));
        String state = new CrustdataBatchState(entity, wantedUnion, byIdentifier).write();
        EnrichTicket ticket = new EnrichTicket(batchId, keys, state, clock.instant().plus(settings.pollInterval()));
        return new EnrichAnswer(rejected, Optional.of(ticket));
    }

    /** The identifier kind a lookup would be sent with (a batch job takes one), or empty when it cannot be sent. */
    public Optional<String> identifierKind(Entity entity, EnrichRequest request) {
        return CrustdataIdentifiers.kindName(entity, request);
    }

    @Override
    public EnrichAnswer poll(EnrichTicket ticket) {
        CrustdataBatchState state = CrustdataBatchState.read(ticket.id(), ticket.state());
        CrustdataBatchStatus status = client.batchStatus(ticket.id());
        Set<String> waiting = new LinkedHashSet<>(ticket.keys());
        if (status.failed()) {
            List<EnrichResult> results = new ArrayList<>();
            String reason = "Crustdata batch job " + ticket.id() + " failed: " + (status.errorMessage() == null ? "no reason given"
                    : status.errorMessage()) + ". Nothing was delivered; submit these records again once the cause is fixed.";
            waiting.forEach(key -> results.add(EnrichResult.rejected(key, reason)));
            return EnrichAnswer.done(results);
        }
        if (!status.completed()) {
            return EnrichAnswer.waiting(new EnrichTicket(ticket.id(), ticket.keys(), ticket.state(),
                    clock.instant().plus(settings.pollInterval())));
        }
        Map<String, CrustdataClient.BatchLine> lines = new LinkedHashMap<>();
        for (String url : status.downloadUrls()) {
            for (CrustdataClient.BatchLine line : client.download(url)) {
                lines.putIfAbsent(CrustdataIdentifiers.key(line.originalIdentifier()), line);
            }
        }
        Map<String, EnrichResult> results = new LinkedHashMap<>();
        state.byIdentifier().forEach((identifier, keys) -> {
            CrustdataClient.BatchLine line = lines.get(identifier);
            boolean charged = false;
            for (String key : keys) {
                if (!waiting.contains(key)) {
                    continue;
                }
                if (line == null) {
                    // unresolved identifiers are left out of the results file: not found, not charged
                    results.put(key, EnrichResult.notFound(key, 0));
                } else {
                    double credits = charged ? 0 : CrustdataCatalog.charged(state.entity(), line.data());
                    charged = true;
                    results.put(key, EnrichResult.found(key, CrustdataCatalog.keep(
                            CrustdataCatalog.values(state.entity(), line.data(), null), state.wanted()), credits));
                }
            }
        });
        List<EnrichResult> ordered = new ArrayList<>();
        ticket.keys().forEach(key -> {
            EnrichResult result = results.get(key);
            ordered.add(result != null ? result : EnrichResult.notFound(key, 0));
        });
        return EnrichAnswer.done(ordered);
    }

    @Override
    public EnrichAnswer delivered(EnrichTicket ticket, byte[] payload) {
        throw new UnsupportedOperationException("Crustdata connection '" + connectionId + "' does not take webhook deliveries:"
                + " how Crustdata signs its batch webhook is not documented, so an unsigned delivery could not be trusted."
                + " Poll the ticket (" + ticket.id() + ") instead.");
    }

    @Override
    public OptionalDouble creditBalance() {
        return OptionalDouble.of(client.credits());
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return client.requestCount();
    }

    @Override
    public String toString() {
        return "CrustdataConnector[" + connectionId + " at " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }

    // ---------------------------------------------------------------- one call

    private record Pending(String identifier, List<String> keys) {
    }

    private Map<String, EnrichResult> enrich(Entity entity, CrustdataIdentifier kind, Set<String> wanted, List<Pending> pending) {
        List<String> identifiers = pending.stream().map(Pending::identifier).toList();
        List<String> fields = CrustdataCatalog.fields(entity, wanted);
        List<CrustdataMatch> matches;
        try {
            matches = entity == Entity.PERSON ? client.enrichPeople(kind, identifiers, fields)
                    : client.enrichCompanies(kind, identifiers, fields);
        } catch (CrustdataCallException e) {
            if (e.status() != 400) {
                throw e;
            }
            Map<String, EnrichResult> results = new LinkedHashMap<>();
            if (pending.size() == 1) {
                String reason = "Crustdata refused " + kind.bodyField() + " '" + identifiers.get(0) + "': "
                        + (e.vendorMessage() == null ? "HTTP 400" : e.vendorMessage());
                pending.get(0).keys().forEach(key -> results.put(key, EnrichResult.rejected(key, reason)));
                return results;
            }
            // one bad identifier fails the whole call: find it by sending them one by one (a 400 costs nothing)
            for (Pending one : pending) {
                results.putAll(enrich(entity, kind, wanted, List.of(one)));
            }
            return results;
        }
        Map<String, CrustdataMatch> byIdentifier = new LinkedHashMap<>();
        matches.forEach(match -> byIdentifier.putIfAbsent(CrustdataIdentifiers.key(match.matchedOn()), match));
        Map<String, EnrichResult> results = new LinkedHashMap<>();
        for (Pending one : pending) {
            CrustdataMatch match = byIdentifier.get(CrustdataIdentifiers.key(one.identifier()));
            boolean charged = false;
            for (String key : one.keys()) {
                if (match == null || match.candidates().isEmpty()) {
                    results.put(key, EnrichResult.notFound(key, 0));
                    continue;
                }
                CrustdataMatch.Candidate best = match.candidates().get(0);
                // the same identifier twice was sent once and charged once
                double credits = charged ? 0 : CrustdataCatalog.charged(entity, best.data());
                charged = true;
                results.put(key, EnrichResult.found(key, CrustdataCatalog.keep(
                        CrustdataCatalog.values(entity, best.data(), best.confidence()), wanted), credits));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- plumbing

    private Set<String> allowed(Entity entity) {
        ObjectConfig object = objects.get(entity == Entity.PERSON ? PEOPLE : COMPANIES);
        if (object == null || object.fields() == null) {
            return Set.of();
        }
        Set<String> allowed = new LinkedHashSet<>(object.fields());
        allowed.retainAll(CrustdataCatalog.values(entity));
        return allowed;
    }

    private Set<String> wanted(Entity entity, EnrichRequest request) {
        Set<String> wanted = new LinkedHashSet<>(request.wanted());
        wanted.retainAll(allowed(entity));
        return wanted;
    }

    private String noValueWanted(Entity entity, EnrichRequest request) {
        return "asks for " + request.wanted() + ", none of which Crustdata connection '" + connectionId + "' may buy for a "
                + entity.id() + " (its connector file allows " + allowed(entity) + "); add the value to objects."
                + (entity == Entity.PERSON ? PEOPLE : COMPANIES) + ".fields or ask another provider";
    }

    private void requireEnrichable(Entity entity) {
        if (entity != Entity.PERSON && entity != Entity.COMPANY) {
            throw new IllegalArgumentException("Crustdata enriches people and companies, not " + entity.id());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object list) {
        return (List<String>) list;
    }

    private static String apiKey(String connectionId, ConnectorConfig config, Map<String, String> env) {
        String reference = config.auth() == null ? null : config.auth().token();
        if (reference == null || reference.isBlank()) {
            throw new ConnectorException(ConnectorException.Kind.AUTH, "Crustdata connection '" + connectionId + "' needs"
                    + " auth: {type: bearer-token, token: ${CRUSTDATA_API_KEY}} in its connector file.");
        }
        var variable = SecretRefs.variable(reference);
        if (variable.isEmpty()) {
            throw new ConnectorException(ConnectorException.Kind.AUTH, "Crustdata connection '" + connectionId + "': auth.token"
                    + " must be an environment reference like ${CRUSTDATA_API_KEY}, not a literal value "
                    + SecretRefs.redact(reference) + ". Move the key to the environment and rotate it: it may have been committed.");
        }
        return SecretRefs.resolve(reference, env).orElseThrow(() -> new ConnectorException(ConnectorException.Kind.AUTH,
                "Crustdata connection '" + connectionId + "': environment variable " + variable.get() + " (auth.token) is not"
                        + " set or empty. Export it in the environment that runs Middlemile."));
    }
}

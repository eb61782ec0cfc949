package io.middlemile.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.model.Entity;
import io.middlemile.model.Target;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that span files: a mapping naming an unknown connection, object or field; a route
 * naming an unknown mapping; a literal secret; an environment variable a used connection needs.
 */
final class CrossReferences {

    private final Workspace workspace;
    private final Map<String, WorkspaceLoader.FileContext> contexts;
    /** "connector:ID", "mapping:ID", "dedupe:ID" of files that exist but could not be read (their errors say why). */
    private final Set<String> unreadable;
    private final Map<String, String> environment;
    /** Routes whose connections' environment variables must be set: the ones this process will run. */
    private final java.util.function.Predicate<RouteInfo> needsSecrets;
    private final TransformCatalog transforms;
    /** The connector types and what each accepts and needs, declared by the providers themselves. */
    private final ProviderCatalog providers;
    /** Owners read from CRM connections, or null when this load does not check them. */
    private final CrmOwners crmOwners;

    CrossReferences(Workspace workspace, Map<String, WorkspaceLoader.FileContext> contexts, Set<String> unreadable,
                    Map<String, String> environment, TransformCatalog transforms, ProviderCatalog providers,
                    java.util.function.Predicate<RouteInfo> needsSecrets, CrmOwners crmOwners) {
        this.crmOwners = crmOwners;
        this.workspace = workspace;
        this.providers = providers;
        this.contexts = contexts;
        this.unreadable = unreadable;
        this.environment = environment;
        this.transforms = transforms;
        this.needsSecrets = needsSecrets;
    }

    void check() {
        workspace.connectors().values().forEach(this::checkConnector);
        workspace.mappings().values().forEach(this::checkMapping);
        workspace.dedupe().values().forEach(this::checkDedupe);
        new AssignChecks(workspace, contexts, unreadable, providers, crmOwners).check();
        new HygieneChecks(workspace, contexts, unreadable, transforms, providers).check();
        new EnrichChecks(workspace, contexts, unreadable, providers).check();
        new OutreachChecks(workspace, contexts, unreadable).check();
        checkRoutes();
        new OwnerIdChecks(workspace, contexts).check();
    }

    private void checkConnector(ConnectorConfig connector) {
        WorkspaceLoader.FileContext file = contexts.get("connector:" + connector.id());
        scanForLiteralSecrets(file, file.root(), "");
        if (connector.policy() != null) {
            checkPolicy(file, connector);
        }
        if (connector.type() == null) {
            return;
        }
        Optional<ProviderRules> provider = providers.find(connector.type());
        if (provider.isEmpty()) {
            file.error("/type", "unknown connector type \"" + connector.type() + "\"; expected one of "
                    + sorted(providers.knownTypes()));
            return;
        }
        ProviderRules rules = provider.get();
        refuseForeignSection(file, connector, rules, ConnectorSection.LIMITS, connector.limits() != null);
        refuseForeignSection(file, connector, rules, ConnectorSection.BULK, connector.bulk() != null);
        refuseForeignSection(file, connector, rules, ConnectorSection.ENRICHMENT, connector.enrichment() != null);
        refuseForeignSection(file, connector, rules, ConnectorSection.WEBHOOKS, connector.webhooks() != null);
        rules.validate(connector, file.root(), file::error);
        if (rules.needsAuth() && connector.auth() == null) {
            file.error("/type", "a " + connector.type() + " connection needs an auth: section, e.g. auth: {type: bearer-token, token: ${"
                    + connector.type().toUpperCase() + "_TOKEN}}");
        }
        if (rules.needsBaseUrl() && connector.baseUrl() == null) {
            file.error("/type", "a " + connector.type() + " connection needs baseUrl: (the API, or the sandbox URL for rehearsals)");
        }
        if (connector.baseUrl() != null && !isHttpUrl(connector.baseUrl())) {
            file.error("/baseUrl", "must be the API's address with its scheme and host, e.g. https://api.hubapi.com or"
                    + " http://127.0.0.1:8089 for a sandbox (found \"" + SecretRefs.withoutUserInfo(connector.baseUrl()) + "\")");
        }
        if (connector.auth() != null) {
            AuthConfig auth = connector.auth();
            for (String required : auth.requiredFields()) {
                if (auth.get(required) == null) {
                    file.error("/auth", "auth type " + auth.type() + " needs " + required + ":");
                }
            }
            // auth: is skipped by the literal-secret scan (its secret fields are checked just below), so its URL is checked here
            if (SecretRefs.hasUserInfo(auth.tokenUrl())) {
                file.error("/auth/tokenUrl", userInfoInUrl(auth.tokenUrl()));
            }
            auth.secretFields().forEach((field, value) -> {
                if (SecretRefs.variable(value).isEmpty()) {
                    file.error("/auth/" + field, "holds a literal value " + SecretRefs.redact(value)
                            + "; secrets may only be environment references: write ${" + suggestVariable(connector, field)
                            + "} and set that variable where the engine runs (then rotate the exposed secret)");
                }
            });
        }
        if (connector.objects() != null) {
            connector.objects().forEach((name, object) -> {
                if (object != null && object.id() != null && object.fields() != null && !object.fields().isEmpty()
                        && !object.fields().contains(object.id())) {
                    file.error("/objects/" + LocatedYaml.escape(name) + "/id", "\"" + object.id()
                            + "\" is not one of this object's fields " + object.fields() + "; add it to fields or fix the name");
                }
                if (object != null && object.modifiedField() != null && object.fields() != null && !object.fields().isEmpty()
                        && !object.fields().contains(object.modifiedField())) {
                    // a changes-only read asks the provider for records by this field: one it does not have reads nothing
                    // (a CSV) or is refused on every run (an API's search)
                    file.error("/objects/" + LocatedYaml.escape(name) + "/modifiedField", "\"" + object.modifiedField()
                            + "\" is not one of this object's fields " + object.fields() + "; add it to fields or fix the name");
                }
                if (object != null) {
                    checkAssociations(file, connector, rules, name, object);
                }
            });
        }
    }

    /** An absolute http or https URL with a host, as the connectors build their calls on. */
    private static boolean isHttpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text.strip());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A section a provider owns (see its {@code sections()}), found on a connection of another type. */
    private void refuseForeignSection(WorkspaceLoader.FileContext file, ConnectorConfig connector, ProviderRules rules,
                                      ConnectorSection section, boolean present) {
        if (present && !rules.sections().contains(section)) {
            file.error(section.pointer(), section.refusal(providers.accepting(section), connector.type()));
        }
    }

    /** Objects of a type that reads associations may list them; each must be another object of the same connection. */
    private void checkAssociations(WorkspaceLoader.FileContext file, ConnectorConfig connector, ProviderRules rules, String name,
                                   ObjectConfig object) {
        String path = ConnectorSection.ASSOCIATIONS.pointer().replace("{object}", LocatedYaml.escape(name));
        if (object.associations().isEmpty()) {
            return;
        }
        if (!rules.sections().contains(ConnectorSection.ASSOCIATIONS)) {
            file.error(path, ConnectorSection.ASSOCIATIONS.refusal(providers.accepting(ConnectorSection.ASSOCIATIONS), connector.type()));
            return;
        }
        for (int i = 0; i < object.associations().size(); i++) {
            String other = object.associations().get(i);
            if (other == null || other.isBlank()) {
                file.error(path + "/" + i, "is empty; name another object of this connection, e.g. companies");
            } else if (other.equals(name)) {
                file.error(path + "/" + i, "\"" + other + "\" is the object itself; list other objects of this connection, e.g. "
                        + sorted(connector.objects().keySet().stream().filter(o -> !o.equals(name)).collect(java.util.stream.Collectors.toSet())));
            } else if (!connector.objects().containsKey(other)) {
                file.error(path + "/" + i, "\"" + other + "\" is not an object of this connection; expected one of "
                        + sorted(connector.objects().keySet().stream().filter(o -> !o.equals(name)).collect(java.util.stream.Collectors.toSet()))
                        + " (add it under objects: to read its associations)");
            }
        }
    }

    private static void checkPolicy(WorkspaceLoader.FileContext file, ConnectorConfig connector) {
        PolicyConfig policy = connector.policy();
        Map<String, ObjectConfig> objects = connector.objects() == null ? Map.of() : connector.objects();
        for (int i = 0; i < policy.rules().size(); i++) {
            PolicyConfig.Rule rule = policy.rules().get(i);
            String pointer = "/policy/rules/" + i;
            if (rule == null) {
                continue;
            }
            ObjectConfig object = rule.object() == null ? null : objects.get(rule.object());
            if (rule.object() != null && object == null && !file.couldNotRead("/objects")) {
                file.error(pointer + "/object", "connection " + connector.id() + " has no object \"" + rule.object()
                        + "\"; expected one of " + sorted(objects.keySet()));
            }
            if (rule.field() != null) {
                boolean known = object != null ? object.hasField(rule.field())
                        : objects.values().stream().anyMatch(o -> o != null && o.fields() != null && o.hasField(rule.field()));
                if (!known && (rule.object() == null || object != null)) {
                    file.error(pointer + "/field", "\"" + rule.field() + "\" is not a field of "
                            + (object != null ? connector.id() + "/" + rule.object() : "any object of " + connector.id())
                            + "; a rule on it would never match");
                }
            }
            if (rule.actor() != null) {
                String problem = PolicyConfig.actorProblem(rule.actor());
                if (problem != null) {
                    file.error(pointer + "/actor", problem);
                }
            }
            if (rule.confidenceBelow() != null && (rule.confidenceBelow() < 0 || rule.confidenceBelow() > 1)) {
                file.error(pointer + "/confidenceBelow", "must be between 0.0 and 1.0 (found " + rule.confidenceBelow() + ")");
            }
        }
        java.util.Set<String> capped = new java.util.HashSet<>();
        for (int i = 0; i < policy.caps().size(); i++) {
            PolicyConfig.Cap cap = policy.caps().get(i);
            if (cap != null && cap.action() != null && !capped.add(cap.actor() + "|" + cap.action())) {
                file.error("/policy/caps/" + i + "/action", "action " + cap.action() + " is capped twice"
                        + (cap.actor() == null ? "" : " for actor " + cap.actor()) + "; keep one cap per action"
                        + (cap.actor() == null ? "" : " and actor"));
            }
            if (cap != null && cap.actor() != null) {
                String problem = PolicyConfig.actorProblem(cap.actor());
                if (problem != null) {
                    file.error("/policy/caps/" + i + "/actor", problem);
                }
            }
            if (cap != null && cap.perRun() == null && cap.perDay() == null) {
                file.error("/policy/caps/" + i, "a cap needs perRun:, perDay: or both");
            }
        }
    }

    /** Anything outside auth that looks like a token is a leak waiting for a git push. */
    private void scanForLiteralSecrets(WorkspaceLoader.FileContext file, JsonNode node, String pointer) {
        if (pointer.startsWith("/auth/")) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(entry ->
                    scanForLiteralSecrets(file, entry.getValue(), pointer + "/" + LocatedYaml.escape(entry.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scanForLiteralSecrets(file, node.get(i), pointer + "/" + i);
            }
        } else if (node.isTextual() && SecretRefs.looksLikeSecret(node.asText())) {
            file.error(pointer, "looks like a literal secret " + SecretRefs.redact(node.asText())
                    + "; move it to an environment variable and write ${VARIABLE_NAME} in an auth: field");
        } else if (node.isTextual()) {
            if (SecretRefs.hasUserInfo(node.asText())) {
                file.error(pointer, userInfoInUrl(node.asText()));
            }
            SecretRefs.secretInUrlQuery(node.asText()).ifPresent(parameter -> file.error(pointer,
                    "the URL parameter " + parameter + "= holds what looks like a literal secret "
                            + SecretRefs.redact(SecretRefs.urlQuery(node.asText()).get(parameter))
                            + "; remove it from the URL and put the secret in auth: as ${VARIABLE_NAME}"));
        }
    }

    /** Why a URL with {@code user:password@} before its host is refused, without printing what is before the host. */
    private static String userInfoInUrl(String url) {
        // a URL is printed in errors and logs as it is written, password and all
        return "holds a user name or password before the host (" + SecretRefs.withoutUserInfo(url).trim().replaceFirst("://", "://***@")
                + "); credentials never go in a URL, which is printed in errors and logs. Remove them from the URL, give the"
                + " connection's credentials in auth: as ${VARIABLE_NAME} references, and change the exposed password";
    }

    private static String suggestVariable(ConnectorConfig connector, String field) {
        String prefix = connector.id().toUpperCase().replaceAll("[^A-Z0-9]+", "_");
        String suffix = field.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
        return prefix + "_" + suffix;
    }

    private void checkMapping(MappingConfig mapping) {
        WorkspaceLoader.FileContext file = contexts.get("mapping:" + mapping.id());
        ObjectConfig object = null;
        if (mapping.connector() != null) {
            ConnectorConfig connector = workspace.connectors().get(mapping.connector());
            if (connector == null && !unreadable.contains("connector:" + mapping.connector())) {
                file.error("/connector", "unknown connection \"" + mapping.connector() + "\"; expected one of "
                        + sorted(workspace.connectors().keySet()) + " (files in connectors/)");
            } else if (connector != null && mapping.object() != null) {
                object = connector.object(mapping.object());
                if (object == null && connector.objects() != null) {
                    file.error("/object", "connection " + connector.id() + " has no object \"" + mapping.object()
                            + "\"; expected one of " + sorted(connector.objects().keySet()));
                }
            }
        }
        Entity entity = null;
        if (mapping.entity() != null) {
            entity = Entity.byId(mapping.entity()).orElse(null);
            if (entity == null) {
                file.error("/entity", "unknown entity \"" + mapping.entity() + "\"; expected person, company, deal or activity");
            }
        }
        ConnectorConfig connector = mapping.connector() == null ? null : workspace.connectors().get(mapping.connector());
        new MappingLineChecks(file, mapping, object, entity, transforms,
                connector == null || connector.objects() == null ? null : connector.objects().keySet()).check();
    }

    private void checkDedupe(DedupeConfig rule) {
        WorkspaceLoader.FileContext file = contexts.get("dedupe:" + rule.id());
        Entity entity = rule.entity() == null ? null : Entity.byId(rule.entity()).orElse(null);
        if (rule.entity() != null && (entity == null || (entity != Entity.PERSON && entity != Entity.COMPANY))) {
            file.error("/entity", "\"" + rule.entity() + "\" cannot be deduplicated; expected person or company");
            entity = null;
        }
        if (rule.sources() != null) {
            for (int i = 0; i < rule.sources().size(); i++) {
                String source = rule.sources().get(i);
                MappingConfig mapping = workspace.mappings().get(source);
                if (mapping == null && unreadable.contains("mapping:" + source)) {
                    continue;
                }
                if (mapping == null) {
                    file.error("/sources/" + i, "unknown mapping \"" + source + "\"; expected one of " + sorted(workspace.mappings().keySet()));
                } else if (entity != null && mapping.entity() != null && !entity.id().equals(mapping.entity())) {
                    file.error("/sources/" + i, "mapping " + source + " maps " + mapping.entity() + " records, not " + entity.id());
                }
            }
        }
        if (entity != null && rule.blocking() != null) {
            for (int i = 0; i < rule.blocking().size(); i++) {
                List<String> key = rule.blocking().get(i);
                for (int k = 0; key != null && k < key.size(); k++) {
                    checkCanonical(file, entity, key.get(k), "/blocking/" + i + "/" + k);
                }
            }
        }
        if (rule.comparisons() != null) {
            for (int i = 0; i < rule.comparisons().size(); i++) {
                DedupeConfig.Comparison comparison = rule.comparisons().get(i);
                if (comparison == null) {
                    continue;
                }
                if (entity != null && comparison.field() != null) {
                    checkCanonical(file, entity, comparison.field(), "/comparisons/" + i + "/field");
                }
                if (comparison.method() != null && !DedupeConfig.METHODS.contains(comparison.method())) {
                    file.error("/comparisons/" + i + "/method", "unknown method \"" + comparison.method() + "\"; expected one of "
                            + sorted(DedupeConfig.METHODS));
                }
            }
        }
        DedupeConfig.Thresholds thresholds = rule.thresholds();
        if (thresholds != null && thresholds.autoMerge() != null && thresholds.review() != null
                && thresholds.autoMerge() < thresholds.review()) {
            file.error("/thresholds/autoMerge", thresholds.autoMerge() + " is below review (" + thresholds.review()
                    + "); autoMerge must be at least review, because pairs at or above autoMerge merge without a person looking");
        }
        if (rule.mode() != null && !List.of("dedupe", "link").contains(rule.mode().toLowerCase(java.util.Locale.ROOT))) {
            file.error("/mode", "\"" + rule.mode() + "\" is not a mode; expected dedupe (every pair) or link (only pairs across sources)");
        }
        checkWeights(file, rule);
        checkSurvivorship(file, rule, entity);
    }

    /** Probabilities given per comparison level (m, u): the engine reads them as probabilities, so 0 to 1. */
    private static void checkWeights(WorkspaceLoader.FileContext file, DedupeConfig rule) {
        for (int i = 0; rule.comparisons() != null && i < rule.comparisons().size(); i++) {
            DedupeConfig.Comparison comparison = rule.comparisons().get(i);
            if (comparison == null) {
                continue;
            }
            String at = "/comparisons/" + i + "/";
            for (Map.Entry<String, Map<String, Double>> side : List.of(Map.entry("m", orEmpty(comparison.m())),
                    Map.entry("u", orEmpty(comparison.u())))) {
                side.getValue().forEach((level, p) -> {
                    if (p == null || p < 0 || p > 1) {
                        file.error(at + side.getKey() + "/" + level, "must be a probability between 0.0 and 1.0"
                                + " (found " + p + "): " + side.getKey() + (side.getKey().equals("m")
                                ? " is how often the level occurs among pairs that are one record" : " is how often it occurs among"
                                + " pairs that are not"));
                    }
                });
            }
        }
    }

    private static Map<String, Double> orEmpty(Map<String, Double> map) {
        return map == null ? Map.of() : map;
    }

    /**
     * The master-record rules, the trusted sources and the per-field rules of a merge plan: a misspelling here would
     * only surface when the first merge is planned, after every record was read and matched.
     */
    private void checkSurvivorship(WorkspaceLoader.FileContext file, DedupeConfig rule, Entity entity) {
        DedupeConfig.Survivorship survivorship = rule.survivorship();
        if (survivorship == null) {
            return;
        }
        for (int i = 0; survivorship.master() != null && i < survivorship.master().size(); i++) {
            String master = survivorship.master().get(i);
            if (master == null || !DedupeConfig.MASTER_RULES.contains(master.strip().toLowerCase(java.util.Locale.ROOT))) {
                file.error("/survivorship/master/" + i, "unknown master rule \"" + master + "\"; expected one of " + DedupeConfig.MASTER_RULES);
            }
        }
        // the connections the rule reads, known only when every source mapping was read (else nothing is checked against it)
        Set<String> sourceConnections = new java.util.TreeSet<>();
        if (rule.sources() != null && rule.sources().stream().allMatch(source -> workspace.mappings().get(source) != null
                && workspace.mappings().get(source).connector() != null)) {
            rule.sources().forEach(source -> sourceConnections.add(workspace.mappings().get(source).connector()));
        }
        for (int i = 0; survivorship.sourcePriority() != null && i < survivorship.sourcePriority().size(); i++) {
            String connection = survivorship.sourcePriority().get(i);
            if (!sourceConnections.isEmpty() && !sourceConnections.contains(connection)) {
                file.error("/survivorship/sourcePriority/" + i, "\"" + connection + "\" is not a connection this rule reads;"
                        + " its sources read from " + sourceConnections);
            }
        }
        if (survivorship.fields() == null) {
            return;
        }
        survivorship.fields().forEach((field, how) -> {
            String pointer = "/survivorship/fields/" + field;
            if (entity != null) {
                checkCanonical(file, entity, field, pointer);
            }
            if (how != null && how.startsWith("source:")) {
                String connection = how.substring("source:".length()).strip();
                if (!sourceConnections.isEmpty() && !sourceConnections.contains(connection)) {
                    file.error(pointer, "source:" + connection + " names a connection this rule does not read; its sources read from "
                            + sourceConnections);
                }
            } else if (how == null || !DedupeConfig.FIELD_RULES.contains(how)) {
                file.error(pointer, "unknown rule \"" + how + "\"; expected one of " + DedupeConfig.FIELD_RULES + " or source:CONNECTION");
            }
        });
    }

    private static void checkCanonical(WorkspaceLoader.FileContext file, Entity entity, String field, String pointer) {
        if (field != null && entity.field(field).isEmpty()) {
            file.error(pointer, "\"" + field + "\" is not a canonical " + entity.id() + " field; expected one of "
                    + sorted(entity.fields().keySet()));
        }
    }

    private void checkRoutes() {
        Map<String, RouteInfo> seen = new HashMap<>();
        for (RouteInfo route : workspace.routes()) {
            WorkspaceLoader.FileContext file = contexts.get("route-file:" + route.file());
            RouteInfo earlier = seen.putIfAbsent(route.id(), route);
            if (earlier != null) {
                file.errorAt(route.line(), "route.id", "job name \"" + route.id() + "\" is already used by "
                        + earlier.file() + ":" + earlier.line() + "; job names must be unique");
            }
            HubEndpoint read = null;
            for (int i = 0; i < route.endpoints().size(); i++) {
                HubEndpoint endpoint = route.endpoints().get(i);
                boolean inFrom = endpoint.path().endsWith("route.from.uri");
                switch (endpoint.kind()) {
                    case READ -> {
                        if (!inFrom) {
                            file.errorAt(endpoint.line(), endpoint.path(), "hub-read can only start a route: put it in from: uri");
                        }
                        read = endpoint;
                        checkConnection(file, route, endpoint);
                        checkEventsReceived(file, endpoint);
                    }
                    case WRITE -> checkConnection(file, route, endpoint);
                    case SYNC -> {
                        checkConnection(file, route, endpoint);
                        checkSyncMapping(file, endpoint);
                    }
                    case MAP -> checkMap(file, route, endpoint, read, next(route.endpoints(), i, HubEndpoint.Kind.WRITE));
                    case ENRICH -> checkEnrich(file, route, endpoint);
                    case CLEAN -> checkClean(file, endpoint, i > 0 ? route.endpoints().get(i - 1) : null,
                            next(route.endpoints(), i, HubEndpoint.Kind.WRITE));
                    case ASSIGN -> checkAssign(file, endpoint);
                    case ENROL -> checkEnrol(file, route, endpoint);
                    case INTEREST -> checkInterest(file, route, endpoint);
                    case WRITEBACK -> checkWriteback(file, route, endpoint);
                }
            }
        }
    }

    /** The waterfall exists, and every connection it asks is usable by this route (its file checks the rest). */
    private void checkEnrich(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint) {
        EnrichConfig waterfall = named(file, endpoint, workspace.enrich(), "enrich", "waterfall");
        if (waterfall == null) {
            return;
        }
        java.util.Set<String> asked = new java.util.TreeSet<>();
        if (waterfall.groups() != null) {
            waterfall.groups().stream().filter(java.util.Objects::nonNull).filter(g -> g.providers() != null)
                    .forEach(g -> g.providers().stream().filter(java.util.Objects::nonNull).map(EnrichConfig.Step::connection)
                            .filter(java.util.Objects::nonNull).forEach(asked::add));
        }
        for (String connection : asked) {
            ConnectorConfig connector = workspace.connectors().get(connection);
            if (connector != null) { // an unknown one is the waterfall file's error
                requireUsable(file, route, endpoint, connector);
            }
        }
    }

    /**
     * A clean-up writes a hygiene file's fixes back where the records came from: it reads the provider's records
     * as hub-read gives them (the rules name provider fields), and the hub-write after it names the same object.
     */
    private void checkClean(WorkspaceLoader.FileContext file, HubEndpoint endpoint, HubEndpoint before, HubEndpoint write) {
        HygieneConfig hygiene = named(file, endpoint, workspace.hygiene(), "hygiene", "hygiene file");
        if (hygiene == null) {
            return;
        }
        String source = hygiene.source();
        if (before == null || before.kind() != HubEndpoint.Kind.READ) {
            file.errorAt(endpoint.line(), endpoint.path(), "hub-clean checks the records as the provider shaped them (the hygiene"
                    + " file names fields of " + source + "): put it right after hub-read:" + source + ", before any hub-map");
        } else if (before.target().isPresent() && !before.target().get().toString().equals(source)) {
            file.errorAt(endpoint.line(), endpoint.path(), "hub-clean:" + endpoint.mapping() + " cleans " + source + " (hygiene/"
                    + endpoint.mapping() + ".yaml), but this route reads " + before.target().get() + "; read " + source + " or use"
                    + " the hygiene file of " + before.target().get());
        }
        if (write == null || write.target().isEmpty() || !write.target().get().toString().equals(source)) {
            file.errorAt(endpoint.line(), endpoint.path(), "hub-clean's fixes go back to the records they came from: follow it with"
                    + " hub-write:" + source + (write == null || write.target().isEmpty() ? "" : ", not " + write.target().get()));
        }
        String named = endpoint.parameters().get("rules");
        if (named != null) {
            Map<String, HygieneConfig.Rule> rules = new HashMap<>();
            hygiene.rules().stream().filter(java.util.Objects::nonNull).forEach(rule -> rules.put(rule.name(), rule));
            for (String name : endpoint.names("rules")) {
                HygieneConfig.Rule rule = rules.get(name);
                if (rule == null) {
                    file.errorAt(endpoint.line(), endpoint.path(), "rules=" + named + ": hygiene/" + endpoint.mapping() + ".yaml has no"
                            + " rule \"" + name + "\"; its rules are " + sorted(rules.keySet()));
                } else if (rule.conformance() == null && rule.allowed() == null) {
                    file.errorAt(endpoint.line(), endpoint.path(), "rules=" + named + ": rule \"" + rule.name() + "\" never suggests a"
                            + " value (only conformance and allowed rules do), so a clean-up cannot apply it; leave it out");
                }
            }
        }
    }

    /**
     * The workspace file a step names ({@code hub-enrich:NAME} names {@code enrich/NAME.yaml}), or null after saying why
     * at the step's line: its own URI problem, or an unknown name. A file that failed to load is not reported again here.
     */
    private <T> T named(WorkspaceLoader.FileContext file, HubEndpoint endpoint, Map<String, T> files, String folder, String what) {
        Optional<String> problem = endpoint.problem();
        if (problem.isPresent()) {
            file.errorAt(endpoint.line(), endpoint.path(), problem.get());
            return null;
        }
        T found = files.get(endpoint.mapping());
        if (found == null && !unreadable.contains(folder + ":" + endpoint.mapping())) {
            file.errorAt(endpoint.line(), endpoint.path(), "unknown " + what + " \"" + endpoint.mapping() + "\"; expected one of "
                    + sorted(files.keySet()) + " (files of " + folder + "/)");
        }
        return found;
    }

    /** The rule set exists (its file checks its rules and owners), and an accounts file is there to read. */
    private void checkAssign(WorkspaceLoader.FileContext file, HubEndpoint endpoint) {
        Optional<String> problem = endpoint.problem();
        if (problem.isPresent()) {
            file.errorAt(endpoint.line(), endpoint.path(), problem.get());
            return;
        }
        String name = endpoint.mapping();
        if (!workspace.assign().containsKey(name) && !unreadable.contains("assign:" + name)) {
            java.util.Set<String> ruleSets = new java.util.TreeSet<>(workspace.assign().keySet());
            file.errorAt(endpoint.line(), endpoint.path(), "unknown assignment rule set \"" + name + "\"; expected one of " + ruleSets
                    + " (files of assign/)");
        }
        String accounts = endpoint.parameters().get("accounts");
        if (accounts != null && !java.nio.file.Files.isRegularFile(workspace.root().resolve(accounts))) {
            file.errorAt(endpoint.line(), endpoint.path(), "accounts file " + accounts + " does not exist in the workspace; give a CSV"
                    + " with the header id,owner,domain,name, relative to the workspace folder");
        }
    }

    /** The outreach file exists, and its connections are usable by this route (its own file checks the rest). */
    private void checkEnrol(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint) {
        OutreachConfig outreach = named(file, endpoint, workspace.outreach(), "outreach", "outreach file");
        if (outreach == null) {
            return;
        }
        java.util.Set<String> sends = new java.util.TreeSet<>();
        if (outreach.email() != null && outreach.email().connection() != null) {
            sends.add(outreach.email().connection());
        }
        if (outreach.linkedin() != null && outreach.linkedin().connection() != null) {
            sends.add(outreach.linkedin().connection());
        }
        for (String connection : sends) {
            ConnectorConfig connector = workspace.connectors().get(connection);
            if (connector != null) { // an unknown one is the outreach file's error
                // the outreach step is how these connections send: their refusal of route writes does not apply
                requireUsable(file, route, endpoint, connector, false);
            }
        }
    }

    /** The outreach file exists and has an email.interest table; its Instantly connection is usable by this route. */
    private void checkInterest(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint) {
        OutreachConfig outreach = named(file, endpoint, workspace.outreach(), "outreach", "outreach file");
        if (outreach == null) {
            return;
        }
        if (outreach.email() == null || outreach.email().interest() == null) {
            file.errorAt(endpoint.line(), endpoint.path(), "outreach/" + endpoint.mapping() + ".yaml has no email.interest table, so"
                    + " hub-interest has no interest status to set; add one, e.g. email: interest: {field: leadStatus, values:"
                    + " {CONNECTED: interested, BAD_TIMING: not-interested}}");
            return;
        }
        ConnectorConfig connector = outreach.email().connection() == null ? null : workspace.connectors().get(outreach.email().connection());
        if (connector != null) { // an unknown one is the outreach file's error
            requireUsable(file, route, endpoint, connector, false);
        }
    }

    /**
     * {@code hub-read:C/events} reads the webhook events connection C received: without a {@code webhooks:} section C
     * takes no deliveries, so the job would never have anything to read.
     */
    private void checkEventsReceived(WorkspaceLoader.FileContext file, HubEndpoint endpoint) {
        if (!"events".equals(endpoint.object())) {
            return;
        }
        ConnectorConfig connector = workspace.connectors().get(endpoint.connection());
        if (connector == null || connector.webhooks() != null) {
            return; // an unknown connection has its own error
        }
        boolean takesWebhooks = connector.type() != null && providers.find(connector.type())
                .filter(rules -> rules.sections().contains(ConnectorSection.WEBHOOKS)).isPresent();
        file.errorAt(endpoint.line(), endpoint.path(), endpoint.uri() + " reads the webhook events connection " + connector.id()
                + " receives, but connectors/" + connector.id() + ".yaml has no webhooks: section, so it accepts no deliveries and"
                + " this job would never read anything; " + (takesWebhooks
                ? "add webhooks: {secretHeader: X-Middlemile-Secret, secret: ${" + connector.id().toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_') + "_WEBHOOK_SECRET}} to it and set that header on the provider's webhook"
                : "connections of type " + connector.type() + " take no webhooks; read events from a connection that does"));
    }

    /**
     * {@code hub-writeback:C/O?mapping=P&notes=N&noteMapping=M}: C/O and C/N exist, P is a person mapping of C/O and M an
     * activity mapping of C/N.
     */
    private void checkWriteback(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint) {
        Optional<String> problem = endpoint.problem();
        if (problem.isPresent()) {
            file.errorAt(endpoint.line(), endpoint.path(), problem.get());
            return;
        }
        checkConnection(file, route, endpoint);
        ConnectorConfig connector = workspace.connectors().get(endpoint.connection());
        if (connector == null) {
            return;
        }
        String notes = endpoint.parameters().get("notes");
        if (connector.objects() != null && connector.object(notes) == null) {
            file.errorAt(endpoint.line(), endpoint.path(), "notes=" + notes + ": connection " + connector.id() + " has no object \""
                    + notes + "\" to write notes to; expected one of " + sorted(connector.objects().keySet())
                    + " (HubSpot: add the notes object to connectors/" + connector.id() + ".yaml)");
        } else if (connector.object(notes) != null && !connector.object(notes).associations().contains(endpoint.object())) {
            // each note is created on the person's record through its association field, associations.<object>
            file.errorAt(endpoint.line(), endpoint.path(), "notes=" + notes + ": the notes are written on " + endpoint.object()
                    + " records, but objects." + notes + " of connectors/" + connector.id() + ".yaml does not list " + endpoint.object()
                    + " under associations:; add associations: [" + endpoint.object() + "] to it");
        }
        checkWritebackMapping(file, endpoint, "mapping", endpoint.object(), Entity.PERSON, "the person's fields are written through");
        checkWritebackMapping(file, endpoint, "noteMapping", notes, Entity.ACTIVITY, "each event's note is written through");
    }

    private void checkWritebackMapping(WorkspaceLoader.FileContext file, HubEndpoint endpoint, String parameter, String object,
                                       Entity entity, String role) {
        String name = endpoint.parameters().get(parameter);
        MappingConfig mapping = workspace.mappings().get(name);
        String wanted = endpoint.connection() + "/" + object;
        if (mapping == null) {
            if (!unreadable.contains("mapping:" + name)) {
                file.errorAt(endpoint.line(), endpoint.path(), parameter + "=" + name + ": unknown mapping; give the " + entity.id()
                        + " mapping of " + wanted + " " + role + ", one of " + sorted(workspace.mappings().keySet()) + " (files in mappings/)");
            }
            return;
        }
        if (mapping.connector() == null || mapping.object() == null || mapping.entity() == null) {
            return; // the mapping file reports what it lacks
        }
        if (!mapping.connector().equals(endpoint.connection()) || !mapping.object().equals(object)) {
            file.errorAt(endpoint.line(), endpoint.path(), parameter + "=" + name + ": mapping " + name + " maps " + mapping.connector()
                    + "/" + mapping.object() + ", not " + wanted + "; give the " + entity.id() + " mapping of " + wanted + " " + role);
        } else if (!entity.id().equals(mapping.entity())) {
            file.errorAt(endpoint.line(), endpoint.path(), parameter + "=" + name + ": mapping " + name + " maps " + wanted + " to "
                    + mapping.entity() + " records, but " + role + (entity == Entity.ACTIVITY ? " an " : " a ") + entity.id() + " mapping; set entity: " + entity.id()
                    + " in mappings/" + name + ".yaml or name another mapping");
        }
    }

    private static HubEndpoint next(List<HubEndpoint> endpoints, int from, HubEndpoint.Kind kind) {
        for (int i = from + 1; i < endpoints.size(); i++) {
            if (endpoints.get(i).kind() == kind) {
                return endpoints.get(i);
            }
        }
        return null;
    }

    private void checkConnection(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint) {
        Optional<String> problem = endpoint.problem();
        if (problem.isPresent()) {
            file.errorAt(endpoint.line(), endpoint.path(), problem.get());
            return;
        }
        ConnectorConfig connector = workspace.connectors().get(endpoint.connection());
        if (connector == null && unreadable.contains("connector:" + endpoint.connection())) {
            return;
        }
        if (connector == null) {
            file.errorAt(endpoint.line(), endpoint.path(), "unknown connection \"" + endpoint.connection() + "\" in " + endpoint.uri()
                    + "; expected one of " + sorted(workspace.connectors().keySet()));
            return;
        }
        if (connector.objects() != null && connector.object(endpoint.object()) == null) {
            file.errorAt(endpoint.line(), endpoint.path(), "connection " + connector.id() + " has no object \"" + endpoint.object()
                    + "\"; expected one of " + sorted(connector.objects().keySet()));
        }
        requireUsable(file, route, endpoint, connector);
    }

    private final Set<String> secretsChecked = new HashSet<>();

    /** hub-read:CONNECTION/events reads the webhook events the engine kept, never the provider's records. */
    private static boolean readsEvents(HubEndpoint endpoint) {
        return endpoint.kind() == HubEndpoint.Kind.READ && "events".equals(endpoint.object());
    }

    /** A connection a route uses must have a client, and, when this process runs the route, its secrets set. */
    private void requireUsable(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint, ConnectorConfig connector) {
        requireUsable(file, route, endpoint, connector, true);
    }

    /** @param asEndpoint the route names the connection in an endpoint (a provider may refuse that), not through a step's file */
    private void requireUsable(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint, ConnectorConfig connector,
                               boolean asEndpoint) {
        if (connector.type() != null && providers.find(connector.type()).filter(p -> !p.runnable()).isPresent()) {
            file.errorAt(endpoint.line(), endpoint.path(), "connection " + connector.id() + " is of type " + connector.type()
                    + ", whose client is not part of this version yet; routes can use " + sorted(providers.runnableTypes()) + " connections");
        }
        if (connector.type() != null && asEndpoint && !readsEvents(endpoint)) {
            providers.find(connector.type()).flatMap(ProviderRules::notInRoutes).ifPresent(why -> file.errorAt(endpoint.line(),
                    endpoint.path(), "connection " + connector.id() + " (" + connector.type() + ") cannot be used in a route yet: " + why));
        }
        // a route that reads and writes one connection (a clean-up, an enrichment of a CRM) hears of a missing secret once
        if (connector.auth() != null && needsSecrets.test(route) && secretsChecked.add(route.id() + "\u0000" + connector.id())) {
            WorkspaceLoader.FileContext connectorFile = contexts.get("connector:" + connector.id());
            // a secret only the webhook ingress reads is checked there, per delivery (503 and a log line saying what to set)
            Set<String> webhookOnly = connector.type() == null ? Set.of()
                    : providers.find(connector.type()).map(p -> p.webhookOnlySecrets(connector.auth())).orElse(Set.of());
            connector.auth().secretFields().forEach((field, value) -> SecretRefs.variable(value).ifPresent(variable -> {
                if (!webhookOnly.contains(field) && SecretRefs.resolve(value, environment).isEmpty()) {
                    connectorFile.missingVariable("/auth/" + field, "environment variable " + variable + " is not set; route " + route.id()
                            + " (" + route.file() + ":" + route.line() + ") uses this connection. Export " + variable
                            + " before starting the engine");
                }
            }));
        }
    }

    private void checkSyncMapping(WorkspaceLoader.FileContext file, HubEndpoint endpoint) {
        MappingConfig mapping = endpoint.mapping() == null ? null : workspace.mappings().get(endpoint.mapping());
        if (mapping == null && unreadable.contains("mapping:" + endpoint.mapping())) {
            return; // the file exists; its own errors say why it could not be read
        }
        if (mapping == null) {
            file.errorAt(endpoint.line(), endpoint.path(), "hub-sync needs mapping=MAPPING, a mapping of " + endpoint.connection() + "/"
                    + endpoint.object() + " that says how to write it; found " + (endpoint.mapping() == null ? "none"
                    : "\"" + endpoint.mapping() + "\", which is not a file in mappings/"));
        } else if (mapping.connector() != null && mapping.object() != null // else the mapping file reports what is missing
                && (!mapping.connector().equals(endpoint.connection()) || !mapping.object().equals(endpoint.object()))) {
            file.errorAt(endpoint.line(), endpoint.path(), "mapping " + mapping.id() + " maps " + mapping.connector() + "/" + mapping.object()
                    + ", not " + endpoint.connection() + "/" + endpoint.object() + "; use a mapping of the object written");
        } else {
            mapping.matchOnProblem(endpoint.parameters().get("matchOn"))
                    .ifPresent(problem -> file.errorAt(endpoint.line(), endpoint.path(), problem));
        }
    }

    private void checkMap(WorkspaceLoader.FileContext file, RouteInfo route, HubEndpoint endpoint, HubEndpoint read, HubEndpoint write) {
        MappingConfig mapping = workspace.mappings().get(endpoint.mapping());
        if (mapping == null && unreadable.contains("mapping:" + endpoint.mapping())) {
            return;
        }
        if (mapping == null) {
            file.errorAt(endpoint.line(), endpoint.path(), "unknown mapping \"" + endpoint.mapping() + "\" in " + endpoint.uri()
                    + "; expected one of " + sorted(workspace.mappings().keySet()) + " (files in mappings/)");
            return;
        }
        Optional<String> problem = endpoint.problem();
        if (problem.isPresent()) {
            file.errorAt(endpoint.line(), endpoint.path(), problem.get());
            return;
        }
        String direction = endpoint.parameters().get("direction");
        HubEndpoint partner = direction.equals("in") ? read : write;
        // a partner URI without CONNECTION/OBJECT has its own error; comparing it would only add a confusing second one
        Optional<Target> object = partner == null ? Optional.empty() : partner.target();
        if (object.isPresent() && (!object.get().connection().equals(mapping.connector()) || !object.get().object().equals(mapping.object()))) {
            file.errorAt(endpoint.line(), endpoint.path(), "mapping " + mapping.id() + " maps " + mapping.connector() + "/" + mapping.object()
                    + " but this route " + (direction.equals("in") ? "reads " : "writes ") + object.get() + "; use a mapping of that object");
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}

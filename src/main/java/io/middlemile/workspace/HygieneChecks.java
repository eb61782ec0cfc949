package io.middlemile.workspace;

import io.middlemile.model.Target;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of {@code hygiene/} that binding cannot do: a source that is a configured connection and object,
 * one kind per rule, a known severity and standardizer, and rule names unique in their file (findings name
 * the rule, so two rules of one name could not be told apart in a report).
 */
final class HygieneChecks {

    static final Set<String> SEVERITIES = Set.of("info", "warning", "error");

    private final Workspace workspace;
    private final Map<String, WorkspaceLoader.FileContext> contexts;
    private final TransformCatalog transforms;
    /** Files that exist but could not be read ("mapping:ID"): their own errors say why, so naming them is no mistake. */
    private final Set<String> unreadable;

    private final ProviderCatalog providers;

    HygieneChecks(Workspace workspace, Map<String, WorkspaceLoader.FileContext> contexts, Set<String> unreadable,
                  TransformCatalog transforms, ProviderCatalog providers) {
        this.providers = providers;
        this.unreadable = unreadable;
        this.workspace = workspace;
        this.contexts = contexts;
        this.transforms = transforms;
    }

    void check() {
        workspace.hygiene().values().forEach(this::check);
    }

    private void check(HygieneConfig config) {
        WorkspaceLoader.FileContext file = contexts.get("hygiene:" + config.id());
        ObjectConfig object = checkSource(file, config.source());
        checkFields(file, config, object);
        checkEnrichment(file, config);
        List<HygieneConfig.Rule> rules = config.rules() == null ? List.of() : config.rules();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            HygieneConfig.Rule rule = rules.get(i);
            if (rule == null) {
                continue;
            }
            String at = "/rules/" + i;
            if (rule.name() != null && !names.add(rule.name())) {
                file.error(at + "/name", "\"" + rule.name() + "\" is the name of an earlier rule; findings name their rule, so every"
                        + " rule needs its own name");
            }
            if (rule.severity() != null && !SEVERITIES.contains(rule.severity())) {
                file.error(at + "/severity", "unknown severity \"" + rule.severity() + "\"; expected one of " + new TreeSet<>(SEVERITIES));
            }
            if (rule.kinds() != 1) {
                file.error(at, (rule.kinds() == 0 ? "says what to check nowhere" : "says what to check in " + rule.kinds() + " ways")
                        + "; give exactly one of required, pastDate, stageAge, untouched, conformance, allowed, missingRelation,"
                        + " inactiveOwner (one rule per check)");
            }
            if (rule.inactiveOwner() != null) {
                checkInactiveOwner(file, at + "/inactiveOwner", rule.inactiveOwner());
            }
            if (rule.conformance() != null && rule.conformance().standardizer() != null
                    && !transforms.standardizers().contains(rule.conformance().standardizer())) {
                file.error(at + "/conformance/standardizer", "unknown standardizer \"" + rule.conformance().standardizer()
                        + "\"; expected one of " + new TreeSet<>(transforms.standardizers()));
            }
        }
    }

    /** Active owners listed, or read from a CRM connection whose users own records: one of the two. */
    private void checkInactiveOwner(WorkspaceLoader.FileContext file, String at, HygieneConfig.InactiveOwner rule) {
        boolean listed = rule.active() != null && !rule.active().isEmpty();
        boolean read = rule.from() != null && !rule.from().isBlank();
        if (listed == read) {
            file.error(at, (listed ? "lists active owners and names a connection to read them from" : "needs the active owners")
                    + "; give either active: [IDS] (the owner ids records hold) or from: CONNECTION (a HubSpot or Salesforce"
                    + " connection whose active users and queues, as `middlemile assign owners CONNECTION --refresh` read them,"
                    + " are the active owners)");
            return;
        }
        if (!read) {
            return;
        }
        ConnectorConfig connector = workspace.connectors().get(rule.from());
        if (connector == null) {
            file.error(at + "/from", "unknown connection \"" + rule.from() + "\"; expected one of " + providers.withUsers(workspace)
                    + " (files in connectors/)");
        } else if (!providers.hasUsers(workspace, rule.from())) {
            file.error(at + "/from", "connection " + rule.from() + " is of type " + connector.type() + ", which has no users who own"
                    + " records; expected one of " + providers.withUsers(workspace));
        }
    }

    /** The waterfall and mapping exist, the mapping reads the file's source, and both are about the same entity. */
    private void checkEnrichment(WorkspaceLoader.FileContext file, HygieneConfig config) {
        HygieneConfig.Enrichment enrichment = config.enrichment();
        if (enrichment == null || enrichment.waterfall() == null || enrichment.mapping() == null) {
            return;
        }
        EnrichConfig waterfall = workspace.enrich().get(enrichment.waterfall());
        if (waterfall == null && !unreadable.contains("enrich:" + enrichment.waterfall())) {
            file.error("/enrichment/waterfall", "unknown waterfall \"" + enrichment.waterfall() + "\"; waterfalls are "
                    + new TreeSet<>(workspace.enrich().keySet()) + " (files in enrich/)");
        }
        MappingConfig mapping = workspace.mappings().get(enrichment.mapping());
        if (mapping == null && unreadable.contains("mapping:" + enrichment.mapping())) {
            return;
        }
        if (mapping == null) {
            file.error("/enrichment/mapping", "unknown mapping \"" + enrichment.mapping() + "\"; mappings are "
                    + new TreeSet<>(workspace.mappings().keySet()) + " (files in mappings/)");
            return;
        }
        String mapped = mapping.connector() + "/" + mapping.object();
        if (config.source() != null && !mapped.equals(config.source())) {
            file.error("/enrichment/mapping", "mapping " + enrichment.mapping() + " maps " + mapped + ", not this file's source "
                    + config.source() + "; name a mapping of " + config.source());
        }
        if (waterfall != null && waterfall.entity() != null && mapping.entity() != null && !waterfall.entity().equals(mapping.entity())) {
            file.error("/enrichment", "waterfall " + enrichment.waterfall() + " enriches " + waterfall.entity() + " records but mapping "
                    + enrichment.mapping() + " makes " + mapping.entity() + " records; name a waterfall and mapping of one entity");
        }
    }

    /**
     * The fields the file names are fields the connection reads for its source (as a mapping's are): a misspelt one would
     * be read as a field every record lacks.
     */
    private void checkFields(WorkspaceLoader.FileContext file, HygieneConfig config, ObjectConfig object) {
        if (object == null || object.fields() == null || object.fields().isEmpty()) {
            return;
        }
        String connection = Target.parse(config.source()).connection();
        for (HygieneConfig.NamedField named : config.namedFields()) {
            if (!object.hasField(named.field())) {
                file.error(named.pointer(), "\"" + named.field() + "\" is not a field of " + config.source() + "; expected one of "
                        + object.fields() + (object.associations().isEmpty() ? "" : " or " + object.associations().stream()
                        .map(association -> ObjectConfig.ASSOCIATIONS_PREFIX + association).toList())
                        + " (declare new fields in connectors/" + connection + ".yaml)");
            }
        }
    }

    /** The source's object as its connection configures it; null (after reporting why, where there is a why) without one. */
    private ObjectConfig checkSource(WorkspaceLoader.FileContext file, String source) {
        if (source == null) {
            return null;
        }
        Target target;
        try {
            target = Target.parse(source);
        } catch (IllegalArgumentException e) {
            file.error("/source", e.getMessage());
            return null;
        }
        ConnectorConfig connector = workspace.connectors().get(target.connection());
        if (connector == null) {
            file.error("/source", "unknown connection \"" + target.connection() + "\"; connections are "
                    + new TreeSet<>(workspace.connectors().keySet()) + " (files in connectors/)");
        } else if (connector.objects() != null && !connector.objects().containsKey(target.object())) {
            file.error("/source", "connection " + target.connection() + " has no object \"" + target.object() + "\"; it configures "
                    + new TreeSet<>(connector.objects().keySet()));
        }
        return connector == null || connector.objects() == null ? null : connector.objects().get(target.object());
    }
}

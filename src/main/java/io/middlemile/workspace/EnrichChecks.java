package io.middlemile.workspace;

import io.middlemile.model.Entity;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of {@code enrich/} that binding cannot do. A waterfall may only ask enrichment connections (types
 * whose connector files take an {@code enrichment:} section) for canonical fields of its entity that the
 * connection's {@code people} or {@code companies} object lists (what that connection may buy); every connection
 * it asks has a credit price, so budgets can add up credits of different vendors; and conditions name canonical
 * fields. Group names are unique in their file: reports and provenance name them.
 */
final class EnrichChecks {

    private final Workspace workspace;
    private final Map<String, WorkspaceLoader.FileContext> contexts;
    private final Set<String> unreadable;
    private final ProviderCatalog providers;

    EnrichChecks(Workspace workspace, Map<String, WorkspaceLoader.FileContext> contexts, Set<String> unreadable,
                 ProviderCatalog providers) {
        this.workspace = workspace;
        this.contexts = contexts;
        this.unreadable = unreadable;
        this.providers = providers;
    }

    /** The object of an enrichment connection that lists what it may buy for an entity. */
    static String objectOf(Entity entity) {
        return entity == Entity.COMPANY ? "companies" : "people";
    }

    void check() {
        workspace.enrich().values().forEach(this::check);
    }

    private void check(EnrichConfig config) {
        WorkspaceLoader.FileContext file = contexts.get("enrich:" + config.id());
        Optional<Entity> entity = Optional.ofNullable(config.entity()).flatMap(Entity::byId);
        if (entity.isEmpty()) {
            return; // binding reported it; without an entity no field can be checked
        }
        if (config.cache() != null && config.ttlDays() > config.retentionDays()) {
            file.error("/cache/ttlDays", config.ttlDays() + " days is longer than retentionDays (" + config.retentionDays() + "): a"
                    + " result is deleted after " + config.retentionDays() + " days and paid for again, so it is never reused that"
                    + " long; lower ttlDays or raise retentionDays");
        }
        Set<String> asked = new HashSet<>();
        Set<String> names = new HashSet<>();
        List<EnrichConfig.Group> groups = config.groups() == null ? List.of() : config.groups();
        for (int g = 0; g < groups.size(); g++) {
            EnrichConfig.Group group = groups.get(g);
            if (group == null) {
                continue;
            }
            String at = "/groups/" + g;
            if (group.name() != null && !names.add(group.name())) {
                file.error(at + "/name", "\"" + group.name() + "\" is the name of an earlier group; reports and provenance name"
                        + " groups, so each needs its own name");
            }
            List<String> fields = group.fields() == null ? List.of() : group.fields();
            for (int f = 0; f < fields.size(); f++) {
                String field = fields.get(f);
                if (field != null && fields.indexOf(field) < f) {
                    file.error(at + "/fields/" + f, "\"" + field + "\" is listed twice in this group; remove one");
                } else if (field != null && entity.get().field(field).isEmpty()) {
                    file.error(at + "/fields/" + f, "\"" + field + "\" is not a canonical " + entity.get().id() + " field; expected one of "
                            + new TreeSet<>(entity.get().fields().keySet()));
                }
            }
            List<EnrichConfig.Step> steps = group.providers() == null ? List.of() : group.providers();
            for (int s = 0; s < steps.size(); s++) {
                EnrichConfig.Step step = steps.get(s);
                if (step == null || step.connection() == null) {
                    continue;
                }
                if (checkStep(file, at + "/providers/" + s, step, entity.get(), fields)) {
                    asked.add(step.connection());
                }
            }
        }
        Map<String, Double> credits = config.credits() == null ? Map.of() : config.credits();
        for (String connection : new TreeSet<>(asked)) {
            if (!credits.containsKey(connection)) {
                file.error("/credits", "has no price for " + connection + ", which a group asks; add e.g. " + connection
                        + ": 0.03 (what one of its credits costs), so budgets can add up credits of different vendors");
            }
        }
        for (String connection : new TreeSet<>(credits.keySet())) {
            if (!asked.contains(connection)) {
                file.error("/credits/" + connection, "prices " + connection + ", which no group asks; remove it or add it to a group");
            }
        }
        if (config.budgets() != null) {
            for (String connection : new TreeSet<>(config.budgets().providers().keySet())) {
                if (!asked.contains(connection)) {
                    file.error("/budgets/providers/" + connection, "limits " + connection + ", which no group asks; remove it or add it"
                            + " to a group");
                }
            }
        }
    }

    /** Reports what is wrong with one provider of a group; true when it names an enrichment connection (priced then). */
    private boolean checkStep(WorkspaceLoader.FileContext file, String at, EnrichConfig.Step step, Entity entity, List<String> fields) {
        ConnectorConfig connector = workspace.connectors().get(step.connection());
        if (connector == null && unreadable.contains("connector:" + step.connection())) {
            return true; // its file could not be read, and says so; its price and budget here are still checked
        }
        if (connector == null) {
            file.error(at + "/connection", "unknown connection \"" + step.connection() + "\"; expected one of "
                    + new TreeSet<>(workspace.connectors().keySet()) + " (files of connectors/)");
            return false;
        }
        Optional<ProviderRules> rules = connector.type() == null ? Optional.empty() : providers.find(connector.type());
        if (rules.isEmpty()) {
            return false; // the connector file's own error says it
        }
        if (!rules.get().sections().contains(ConnectorSection.ENRICHMENT)) {
            file.error(at + "/connection", step.connection() + " is a " + connector.type() + " connection, not an enrichment provider;"
                    + " a waterfall asks crustdata, fullenrich or apollo connections");
            return false;
        }
        String object = objectOf(entity);
        ObjectConfig offered = connector.object(object);
        if (offered == null && contexts.get("connector:" + step.connection()).couldNotRead("/objects/" + object)) {
            return true; // the connector file's own error says its objects could not be read
        }
        if (offered == null) {
            file.error(at + "/connection", step.connection() + " has no " + object + " object, so it may not look up " + entity.id()
                    + " fields; add objects: {" + object + ": {fields: " + fields + "}} to connectors/" + step.connection() + ".yaml");
            return true;
        }
        for (String field : fields) {
            if (field != null && !offered.hasField(field)) {
                file.error(at + "/connection", step.connection() + " may not buy " + field + " (connectors/" + step.connection()
                        + ".yaml lists " + offered.fields() + " under " + object + "); add it there or remove this provider from the group");
            }
        }
        for (int c = 0; c < step.onlyIf().size(); c++) {
            Condition condition = step.onlyIf().get(c);
            if (condition != null && condition.field() != null && entity.field(condition.field()).isEmpty()) {
                file.error(at + "/onlyIf/" + c + "/field", "\"" + condition.field() + "\" is not a canonical " + entity.id()
                        + " field; conditions test the record as the waterfall sees it, e.g. country");
            } else if (condition != null && condition.field() != null) {
                CodeValues.check(file, condition.field(), entity.field(condition.field()).orElseThrow().type(), condition,
                        at + "/onlyIf/" + c);
            }
        }
        return true;
    }
}

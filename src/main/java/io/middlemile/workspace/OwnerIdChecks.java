package io.middlemile.workspace;

import io.middlemile.connector.salesforce.SalesforceIds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The owner ids a job writes must be ids of the CRM it writes them to. A route step whose mapping writes the canonical
 * {@code ownerId} (to hubspot_owner_id, OwnerId, ...) takes it from a {@code hub-assign} step before it, whose owners are a
 * connection's users or listed with a {@code crmId}, or from the record it read. Each way can carry ids the target does not
 * know, or none: another CRM's users, listed owners without a crmId, a record read from another CRM. The CRM would refuse
 * every such write (or the lead would reach it without an owner), so {@code validate} says so at the writing step's line.
 */
public final class OwnerIdChecks {

    private static final String OWNER_ID = "ownerId";
    /** The connection types whose owner ids are their own users' ids, meaningless to any other connection. */
    private static final Set<String> CRMS = Set.of("hubspot", "salesforce");

    private final Workspace workspace;
    private final Map<String, WorkspaceLoader.FileContext> contexts;

    OwnerIdChecks(Workspace workspace, Map<String, WorkspaceLoader.FileContext> contexts) {
        this.workspace = workspace;
        this.contexts = contexts;
    }

    void check() {
        for (RouteInfo route : workspace.routes()) {
            WorkspaceLoader.FileContext file = contexts.get("route-file:" + route.file());
            if (file == null) {
                continue;
            }
            MappingConfig read = null;
            List<HubEndpoint> assigns = new ArrayList<>();
            for (HubEndpoint endpoint : route.endpoints()) {
                switch (endpoint.kind()) {
                    case MAP -> {
                        MappingConfig mapping = workspace.mappings().get(endpoint.mapping());
                        if ("in".equals(endpoint.parameters().get("direction"))) {
                            read = mapping;
                        } else if ("out".equals(endpoint.parameters().get("direction"))) {
                            written(file, endpoint, mapping, read, assigns);
                        }
                    }
                    case SYNC -> written(file, endpoint, workspace.mappings().get(endpoint.mapping()), read, assigns);
                    case ASSIGN -> assigns.add(endpoint);
                    default -> {
                    }
                }
            }
        }
    }

    /** A step writing records through {@code target}: where the ownerId it writes comes from. */
    private void written(WorkspaceLoader.FileContext file, HubEndpoint step, MappingConfig target, MappingConfig source,
                         List<HubEndpoint> assigns) {
        String field = target == null ? null : ownerIdField(target, true);
        if (field == null) {
            return;
        }
        String connection = target.connector();
        String into = "mapping " + target.id() + " writes ownerId to " + field + " of " + connection + "/" + target.object();
        for (HubEndpoint assign : assigns) {
            String ruleSet = assign.mapping();
            if (!workspace.assign().containsKey(ruleSet)) {
                continue; // the hub-assign step has its own error
            }
            String rules = "assign/" + ruleSet + ".yaml (hub-assign at line " + assign.line() + ")";
            String from = workspace.ownersFrom(ruleSet);
            if (from != null && !from.equals(connection) && crm(connection)) {
                file.errorAt(step.line(), step.path(), into + ", but the owners of " + rules + " are the users of connection " + from
                        + ", whose ids mean nothing to " + connection + ", which would refuse them; take the owners from " + connection
                        + " (owners: {from: " + connection + "}), or write the owner's email (ownerEmail) to a field that takes one");
            } else if (from == null) {
                List<String> without = workspace.ownersOf(ruleSet).stream().filter(AssignConfig.Owner::isActive)
                        .filter(owner -> owner.crmId() == null || owner.crmId().isBlank()).map(AssignConfig.Owner::id).toList();
                if (!without.isEmpty()) {
                    String list = workspace.assign().get(ruleSet).owners() != null ? "assign/" + ruleSet + ".yaml" : "assign/owners.yaml";
                    file.errorAt(step.line(), step.path(), into + ", but owners " + without + " of " + list + " have no crmId, so the"
                            + " leads " + rules + " gives them would reach " + connection + " without an owner; add crmId: \"ID\""
                            + " (their user id in " + connection + ") to each, or take the owners from the CRM: owners: {from: "
                            + connection + "}");
                }
            }
        }
        String read = source == null ? null : ownerIdField(source, false);
        if (read != null && !source.connector().equals(connection) && crm(source.connector()) && crm(connection)) {
            file.errorAt(step.line(), step.path(), "mapping " + source.id() + " reads ownerId from " + read + " of "
                    + source.connector() + "/" + source.object() + " and " + into + ": an owner id of " + source.connector() + " means nothing"
                    + " to " + connection + ", which would refuse it. Add direction: in to the ownerId line of mappings/" + target.id()
                    + ".yaml (or direction: out to that of mappings/" + source.id() + ".yaml); a hub-assign step with owners: {from: "
                    + connection + "} gives the records owners " + connection + " knows");
        }
    }

    /**
     * Warnings, one per owner the CRM a job writes their leads' ownerId to would refuse, as that CRM's users were last read
     * into the store ({@code owners}): an active listed owner whose {@code crmId} is not the id of any user of it, and an
     * owner (listed by crmId, or named by a rule set that takes its owners from that CRM) that is a Salesforce queue not
     * taking the object written (a queue owns leads and cases, never contacts or accounts). The CRM would refuse every
     * such write. Not an error: the copy may predate a user added since. Nothing is said for a CRM whose users were never
     * read. Salesforce Ids match in either form, 15 or 18 characters.
     */
    public static List<String> ownersTheCrmWouldRefuse(Workspace workspace, CrmOwners owners) {
        Set<String> warnings = new LinkedHashSet<>();
        for (RouteInfo route : workspace.routes()) {
            List<String> ruleSets = new ArrayList<>();
            for (HubEndpoint endpoint : route.endpoints()) {
                MappingConfig target = null;
                if (endpoint.kind() == HubEndpoint.Kind.ASSIGN) {
                    ruleSets.add(endpoint.mapping());
                } else if (endpoint.kind() == HubEndpoint.Kind.SYNC
                        || endpoint.kind() == HubEndpoint.Kind.MAP && "out".equals(endpoint.parameters().get("direction"))) {
                    target = workspace.mappings().get(endpoint.mapping());
                }
                String field = target == null ? null : ownerIdField(target, true);
                if (field == null) {
                    continue;
                }
                String connection = target.connector();
                for (String ruleSet : ruleSets) {
                    Optional<CrmOwners.Read> read = workspace.assign().containsKey(ruleSet) ? owners.read(connection) : Optional.empty();
                    if (read.isEmpty()) {
                        continue;
                    }
                    String writes = route.file() + " writes the leads assign/" + ruleSet + ".yaml gives them to " + field + " of "
                            + connection + "/" + target.object();
                    String from = workspace.ownersFrom(ruleSet);
                    if (from != null) {
                        // named by their CRM ids; unknown ones are errors already (AssignChecks)
                        if (from.equals(connection)) {
                            for (String id : workspace.assign().get(ruleSet).ownerIds()) {
                                queueRefused(read.get(), id, target.object()).ifPresent(queue -> warnings.add("assign/" + ruleSet + ".yaml"
                                        + " names owner " + id + ", " + queue + "; " + writes + ", and " + connection + " would refuse"
                                        + " each one. Name a user for those leads, or write them to an object the queue takes"));
                            }
                        }
                        continue;
                    }
                    String list = workspace.assign().get(ruleSet).owners() != null ? "assign/" + ruleSet + ".yaml" : "assign/owners.yaml";
                    for (AssignConfig.Owner owner : workspace.ownersOf(ruleSet)) {
                        if (owner == null || !owner.isActive() || owner.crmId() == null || owner.crmId().isBlank()) {
                            continue;
                        }
                        Optional<AssignConfig.Owner> known = read.get().owners().stream()
                                .filter(user -> SalesforceIds.same(user.crmId(), owner.crmId())).findFirst();
                        if (known.isPresent()) {
                            queueRefused(read.get(), known.get().id(), target.object()).ifPresent(queue -> warnings.add(list
                                    + ": owner " + owner.id() + " has crmId \"" + owner.crmId().strip() + "\", " + queue + "; "
                                    + writes + ", and " + connection + " would refuse each one. Give those leads a user (a crmId"
                                    + " starting 005), or write them to an object the queue takes"));
                            continue;
                        }
                        warnings.add(list + ": owner " + owner.id() + " has crmId \"" + owner.crmId().strip() + "\", which is no user"
                                + " of connection " + connection + " as its users were read at " + read.get().readAt() + "; "
                                + writes + ", and " + connection + " would refuse each one. Put their user"
                                + " id in " + connection + " in crmId (`middlemile assign owners NAME` lists the users read, for a rule"
                                + " set with owners: {from: " + connection + "}; --refresh reads them again if they were added since)");
                    }
                }
            }
        }
        return List.copyOf(warnings);
    }

    /**
     * {@code the Salesforce queue "NAME", which owns records of [Case] only, not Lead} when {@code id} is a queue among the
     * owners read that does not take {@code object}; empty for a person, an unknown id, or a queue that takes it.
     */
    private static Optional<String> queueRefused(CrmOwners.Read read, String id, String object) {
        List<String> takes = read.queues().entrySet().stream().filter(queue -> SalesforceIds.same(queue.getKey(), id))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (takes == null || takes.stream().anyMatch(object::equalsIgnoreCase)) {
            return Optional.empty();
        }
        String name = read.owners().stream().filter(owner -> SalesforceIds.same(owner.id(), id)).map(AssignConfig.Owner::name)
                .filter(java.util.Objects::nonNull).findFirst().orElse(id);
        return Optional.of("the Salesforce queue \"" + name + "\", which owns " + (takes.isEmpty() ? "no records (it supports no object)"
                : "records of " + takes + " only, not " + object));
    }

    /**
     * Where the jobs write the ownerId that rule set {@code ruleSet} sets, as "FIELD of CONNECTION/OBJECT": for each route
     * with a {@code hub-assign:RULESET} step, the owner-id fields the writing steps after it map ownerId to. Empty when no
     * job writes it (the owner then reaches the target as ownerEmail only).
     */
    public static List<String> ownerIdTargets(Workspace workspace, String ruleSet) {
        Set<String> targets = new LinkedHashSet<>();
        for (RouteInfo route : workspace.routes()) {
            boolean assigned = false;
            for (HubEndpoint endpoint : route.endpoints()) {
                if (endpoint.kind() == HubEndpoint.Kind.ASSIGN && ruleSet.equals(endpoint.mapping())) {
                    assigned = true;
                } else if (assigned && (endpoint.kind() == HubEndpoint.Kind.SYNC
                        || endpoint.kind() == HubEndpoint.Kind.MAP && "out".equals(endpoint.parameters().get("direction")))) {
                    MappingConfig target = workspace.mappings().get(endpoint.mapping());
                    String field = target == null ? null : ownerIdField(target, true);
                    if (field != null) {
                        targets.add(field + " of " + target.connector() + "/" + target.object());
                    }
                }
            }
        }
        return List.copyOf(targets);
    }

    /** The provider field {@code mapping} writes ({@code outbound}) or reads ownerId from, or null. */
    private static String ownerIdField(MappingConfig mapping, boolean outbound) {
        if (mapping.fields() == null) {
            return null;
        }
        return mapping.fields().stream()
                .filter(line -> line != null && OWNER_ID.equals(line.canonical()) && line.source() != null && line.constant() == null)
                .filter(line -> outbound ? line.outbound() : line.inbound())
                .map(FieldMapping::source).findFirst().orElse(null);
    }

    private boolean crm(String connection) {
        ConnectorConfig config = workspace.connectors().get(connection);
        return config != null && config.type() != null && CRMS.contains(config.type());
    }
}

package io.middlemile.workspace;

import io.middlemile.model.Entity;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of {@code assign/} that binding cannot do: one action per rule, known pools, territory codes in
 * the standardizers' form, canonical fields in {@code when:}, and owners that exist and are active. An owner
 * a rule names who is unknown or inactive is an error here rather than a surprise at 2 a.m., when leads
 * would silently pile up on a fallback.
 */
final class AssignChecks {

    private static final String SHARED_OWNERS = "assign/" + AssignConfig.OWNERS_FILE + ".yaml";

    private final Workspace workspace;
    private final Map<String, WorkspaceLoader.FileContext> contexts;
    private final Set<String> unreadable;
    private final ProviderCatalog providers;
    /** The owners read from CRM connections, or null: this load does not check CRM owner ids. */
    private final CrmOwners crmOwners;

    AssignChecks(Workspace workspace, Map<String, WorkspaceLoader.FileContext> contexts, Set<String> unreadable,
                 ProviderCatalog providers, CrmOwners crmOwners) {
        this.workspace = workspace;
        this.contexts = contexts;
        this.unreadable = unreadable;
        this.providers = providers;
        this.crmOwners = crmOwners;
    }

    void check() {
        WorkspaceLoader.FileContext shared = contexts.get("assign:" + AssignConfig.OWNERS_FILE);
        if (shared != null && workspace.ownersFrom() != null) {
            checkConnection(shared, workspace.ownersFrom());
        } else if (shared != null && !unreadable.contains("assign:" + AssignConfig.OWNERS_FILE)) {
            checkOwners(shared, workspace.owners(), "/owners");
        }
        workspace.assign().values().forEach(this::checkRuleSet);
    }

    /** False (and reported) when the connection {@code owners: {from: ...}} names cannot list its users. */
    private boolean checkConnection(WorkspaceLoader.FileContext file, String connection) {
        ConnectorConfig connector = workspace.connectors().get(connection);
        if (connector == null) {
            if (!unreadable.contains("connector:" + connection)) {
                file.error("/owners/from", "unknown connection \"" + connection + "\"; expected a HubSpot or Salesforce connection of"
                        + " connectors/ " + providers.withUsers(workspace));
            }
            return false;
        }
        if (!providers.hasUsers(workspace, connection)) {
            file.error("/owners/from", "connection " + connection + " is of type " + connector.type() + ", whose users cannot own"
                    + " leads; expected a connection of type " + providers.providers().stream().filter(ProviderRules::hasUsers)
                    .map(ProviderRules::type).sorted().toList() + " " + providers.withUsers(workspace));
            return false;
        }
        return true;
    }

    private void checkRuleSet(AssignConfig config) {
        WorkspaceLoader.FileContext file = contexts.get("assign:" + config.id());
        Owners owners = owners(file, config);
        config.pools().forEach((pool, members) -> checkPool(file, owners, pool, members));
        if (config.rules() == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < config.rules().size(); i++) {
            AssignConfig.Rule rule = config.rules().get(i);
            if (rule == null) {
                continue;
            }
            String at = "/rules/" + i;
            if (rule.name() != null && !names.add(rule.name())) {
                file.error(at + "/name", "\"" + rule.name() + "\" is the name of an earlier rule; decisions name the rule that"
                        + " fired, so every rule needs its own name");
            }
            checkAction(file, config, owners, rule, at);
            if (rule.fallback() != null) {
                owners.check(file, at + "/fallback", rule.fallback());
            }
            checkTerritory(file, rule.territory(), at + "/territory");
            checkSegment(file, rule.segment(), at + "/segment");
            checkWhen(file, rule.when(), at + "/when");
        }
    }

    private static void checkAction(WorkspaceLoader.FileContext file, AssignConfig config, Owners owners, AssignConfig.Rule rule,
                                    String at) {
        List<String> actions = new ArrayList<>(3);
        if (rule.owner() != null) {
            actions.add("owner");
        }
        if (Boolean.TRUE.equals(rule.accountOwner())) {
            actions.add("accountOwner");
        }
        if (rule.roundRobin() != null) {
            actions.add("roundRobin");
        }
        if (actions.isEmpty()) {
            file.error(at, "says nothing about who gets the lead; add one of owner: ID, accountOwner: true or roundRobin: POOL");
            return;
        }
        if (actions.size() > 1) {
            file.error(at + "/" + actions.get(1), "a rule has one action, this one has " + actions.size() + " " + actions
                    + "; keep one, and put the other in a rule of its own (or use fallback: ID for a second choice)");
            return;
        }
        if (rule.owner() != null) {
            owners.check(file, at + "/owner", rule.owner());
        }
        if (rule.roundRobin() != null && !config.pools().containsKey(rule.roundRobin())) {
            file.error(at + "/roundRobin", "unknown pool \"" + rule.roundRobin() + "\"; expected one of "
                    + new TreeSet<>(config.pools().keySet()) + " (declare it under pools: in this file)");
        }
    }

    private static void checkPool(WorkspaceLoader.FileContext file, Owners owners, String pool, List<AssignConfig.Member> members) {
        if (members == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            AssignConfig.Member member = members.get(i);
            if (member == null || member.owner() == null) {
                continue;
            }
            String at = "/pools/" + LocatedYaml.escape(pool) + "/" + i + "/owner";
            if (!seen.add(member.owner())) {
                file.error(at, member.owner() + " is already a member of pool " + pool + "; list each owner once and give them a weight instead");
            } else {
                owners.check(file, at, member.owner());
            }
        }
    }

    private static void checkTerritory(WorkspaceLoader.FileContext file, AssignConfig.Territory territory, String at) {
        if (territory == null) {
            return;
        }
        boolean none = (territory.countries() == null || territory.countries().isEmpty())
                && (territory.regions() == null || territory.regions().isEmpty());
        if (none) {
            file.error(at, "needs countries: [DE, AT] or regions: [US-CA] (or both); remove it to match every lead");
            return;
        }
        CodeValues.check(file, territory.countries(), at + "/countries", CodeValues.COUNTRY, CodeValues.COUNTRY_CODE);
        CodeValues.check(file, territory.regions(), at + "/regions", CodeValues.REGION, CodeValues.REGION_CODE);
    }

    private static void checkSegment(WorkspaceLoader.FileContext file, AssignConfig.Segment segment, String at) {
        if (segment == null) {
            return;
        }
        if (segment.employees() == null && segment.revenue() == null && (segment.industries() == null || segment.industries().isEmpty())) {
            file.error(at, "needs employees:, revenue: or industries:; remove it to match every lead");
            return;
        }
        range(file, segment.employees(), at + "/employees");
        range(file, segment.revenue(), at + "/revenue");
    }

    private static void range(WorkspaceLoader.FileContext file, AssignConfig.Range range, String at) {
        if (range == null) {
            return;
        }
        if (range.min() == null && range.max() == null) {
            file.error(at, "needs min:, max: or both (inclusive), e.g. {min: 51, max: 200}");
        } else if (range.min() != null && range.max() != null && range.min() > range.max()) {
            file.error(at + "/min", plain(range.min()) + " is above max " + plain(range.max()) + ", so no lead could match; swap them");
        }
    }

    private static void checkWhen(WorkspaceLoader.FileContext file, List<Condition> when, String at) {
        for (int i = 0; when != null && i < when.size(); i++) {
            Condition condition = when.get(i);
            if (condition == null) {
                continue;
            }
            String pointer = at + "/" + i;
            if (condition.field() != null && Entity.PERSON.field(condition.field()).isEmpty()
                    && Entity.COMPANY.field(condition.field()).isEmpty()) {
                Set<String> known = new TreeSet<>(Entity.PERSON.fields().keySet());
                known.addAll(Entity.COMPANY.fields().keySet());
                file.error(pointer + "/field", "\"" + condition.field() + "\" is not a canonical person or company field; expected one of " + known);
            } else if (condition.field() != null) {
                CodeValues.check(file, condition.field(), Entity.PERSON.field(condition.field())
                        .or(() -> Entity.COMPANY.field(condition.field())).map(io.middlemile.model.CanonicalField::type).orElse(null),
                        condition, pointer);
            }
            if (condition.equals() == null && condition.in() == null && condition.matches() == null && condition.notEmpty() == null) {
                file.error(pointer, "tests nothing; add equals:, in:, matches: or notEmpty:");
            }
            if (condition.matches() != null) {
                try {
                    Pattern.compile(condition.matches());
                } catch (PatternSyntaxException e) {
                    file.error(pointer + "/matches", "\"" + condition.matches() + "\" is not a valid regular expression: " + e.getDescription());
                }
            }
        }
    }

    /** Checks one list of owners: ids and CRM ids once each, a plausible email, absences with real dates in order. */
    private static void checkOwners(WorkspaceLoader.FileContext file, List<AssignConfig.Owner> owners, String at) {
        Set<String> ids = new HashSet<>();
        Map<String, String> crmIds = new HashMap<>();
        for (int i = 0; owners != null && i < owners.size(); i++) {
            AssignConfig.Owner owner = owners.get(i);
            if (owner == null) {
                continue;
            }
            String pointer = at + "/" + i;
            if (owner.id() != null && !ids.add(owner.id())) {
                file.error(pointer + "/id", "\"" + owner.id() + "\" is listed twice; each owner once");
            }
            if (owner.email() != null && !owner.email().isBlank() && !owner.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                file.error(pointer + "/email", "\"" + owner.email() + "\" is not an email address; it is what the lead's ownerEmail is set to");
            }
            if (owner.crmId() != null && owner.crmId().isBlank()) {
                file.error(pointer + "/crmId", "is empty; give the owner's user id in the CRM the leads are written to (a HubSpot"
                        + " owner id, a Salesforce User id), or leave crmId out");
            } else if (owner.crmId() != null) {
                String other = crmIds.putIfAbsent(owner.crmId().strip(), String.valueOf(owner.id()));
                if (other != null) {
                    file.error(pointer + "/crmId", "\"" + owner.crmId().strip() + "\" is already the crmId of owner " + other
                            + "; each CRM user is one owner");
                }
            }
            for (int k = 0; owner.outOfOffice() != null && k < owner.outOfOffice().size(); k++) {
                AssignConfig.Absence absence = owner.outOfOffice().get(k);
                if (absence != null) {
                    checkAbsence(file, absence, pointer + "/outOfOffice/" + k);
                }
            }
        }
    }

    private static void checkAbsence(WorkspaceLoader.FileContext file, AssignConfig.Absence absence, String at) {
        LocalDate from = date(file, absence.from(), at + "/from");
        LocalDate to = date(file, absence.to(), at + "/to");
        if (from != null && to != null && to.isBefore(from)) {
            file.error(at + "/to", absence.to() + " is before from: " + absence.from() + "; the last day away comes after the first");
        }
    }

    private static LocalDate date(WorkspaceLoader.FileContext file, String text, String at) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            file.error(at, "\"" + text + "\" is not a date; write it as YYYY-MM-DD, e.g. 2026-08-03");
            return null;
        }
    }

    private Owners owners(WorkspaceLoader.FileContext file, AssignConfig config) {
        if (config.ownersFrom() != null) {
            return checkConnection(file, config.ownersFrom()) ? crm(file, config.id(), config.ownersFrom()) : Owners.QUIET;
        }
        if (config.owners() == null && workspace.ownersFrom() != null) {
            // the shared file's connection was checked once, with its own line
            WorkspaceLoader.FileContext shared = contexts.get("assign:" + AssignConfig.OWNERS_FILE);
            return checkConnectionQuietly(workspace.ownersFrom()) ? crm(shared, config.id(), workspace.ownersFrom()) : Owners.QUIET;
        }
        if (config.owners() != null) {
            checkOwners(file, config.owners(), "/owners");
            return new Owners(config.owners(), "the owners: list of this file", false);
        }
        boolean sharedUnreadable = unreadable.contains("assign:" + AssignConfig.OWNERS_FILE);
        if (!contexts.containsKey("assign:" + AssignConfig.OWNERS_FILE)) {
            file.error("", "has no owners: list and there is no " + SHARED_OWNERS + "; add one of them listing the owners the rules"
                    + " name (id, name, email)");
            return new Owners(List.of(), null, true);
        }
        return new Owners(workspace.owners(), SHARED_OWNERS, sharedUnreadable);
    }

    private boolean checkConnectionQuietly(String connection) {
        return providers.hasUsers(workspace, connection);
    }

    /**
     * The owners of a CRM connection as last read. Not checked (quiet) when this load has no reads to check against;
     * when they were never read, that is said once, at the {@code from:} line, with the command that reads them.
     */
    private Owners crm(WorkspaceLoader.FileContext file, String ruleSet, String connection) {
        if (crmOwners == null) {
            return Owners.QUIET;
        }
        Optional<CrmOwners.Read> read = crmOwners.read(connection);
        if (read.isEmpty()) {
            file.error("/owners/from", "the owners of connection " + connection + " have not been read yet, so the owner ids of"
                    + " assign/" + ruleSet + ".yaml cannot be checked; read them with `middlemile assign owners " + ruleSet
                    + " --refresh` (validate never calls the CRM)");
            return Owners.QUIET;
        }
        return new Owners(read.get().owners(), "the owners of connection " + connection + " read at " + read.get().readAt()
                + " (`middlemile assign owners " + ruleSet + " --refresh` reads them again)", false, connection);
    }

    /**
     * The owners a rule set may name. {@code quiet} when their list could not be read or is missing: that has
     * its own error, and calling every owner unknown as well would bury it.
     *
     * @param connection the CRM connection they were read from, or null for owners listed in the workspace
     */
    private record Owners(List<AssignConfig.Owner> list, String where, boolean quiet, String connection) {

        static final Owners QUIET = new Owners(List.of(), null, true, null);

        Owners(List<AssignConfig.Owner> list, String where, boolean quiet) {
            this(list, where, quiet, null);
        }

        void check(WorkspaceLoader.FileContext file, String at, String id) {
            if (quiet) {
                return;
            }
            Map<String, AssignConfig.Owner> byId = new HashMap<>();
            list.stream().filter(owner -> owner != null && owner.id() != null).forEach(owner -> byId.putIfAbsent(owner.id(), owner));
            AssignConfig.Owner owner = byId.get(id);
            if (owner == null && connection != null) {
                // a CRM has too many users to list; point at the one the admin probably meant
                String hint = list.stream().filter(o -> id.equalsIgnoreCase(o.email()) || id.equalsIgnoreCase(o.name())
                                || (o.email() != null && o.email().toLowerCase().startsWith(id.toLowerCase() + "@"))).findFirst()
                        .map(o -> "; " + o.email() + " is owner " + o.id() + ", name them by that id").orElse(
                                "; rules name a CRM owner by the CRM's id (`middlemile assign owners NAME` lists them)");
                file.error(at, "unknown owner \"" + id + "\": there is no such id among " + where + hint);
            } else if (owner == null) {
                file.error(at, "unknown owner \"" + id + "\"; expected one of " + new TreeSet<>(byId.keySet()) + " (" + where + ")");
            } else if (!owner.isActive() && connection != null) {
                file.error(at, "owner \"" + id + "\"" + (owner.name() == null ? "" : " (" + owner.name() + ")") + " is deactivated in "
                        + connection + ", per " + where + "; leads given to them would go unworked. Name an active owner");
            } else if (!owner.isActive()) {
                file.error(at, "owner \"" + id + "\"" + (owner.name() == null ? "" : " (" + owner.name() + ")") + " is inactive in " + where
                        + "; leads given to them would go unworked. Name an active owner, or set active: true if they are back");
            }
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}

package io.middlemile.agent;

import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.Lookup;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.dedupe.Contribution;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.IncrementalMatcher;
import io.middlemile.assign.Account;
import io.middlemile.assign.AccountsCsv;
import io.middlemile.assign.Lead;
import io.middlemile.assign.LeadAssignments;
import io.middlemile.connector.Enricher;
import io.middlemile.enrich.Enrichment;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.enrich.Subject;
import io.middlemile.enrich.Tally;
import io.middlemile.enrich.WaterfallRun;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.govern.Actor;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.Governance;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.RunStoppedException;
import io.middlemile.govern.WriteAction;
import io.middlemile.govern.WritesHaltedException;
import io.middlemile.match.MatchIndexes;
import io.middlemile.match.MatchQuery;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.quality.Finding;
import io.middlemile.quality.HygieneCheck;
import io.middlemile.quality.HygieneFile;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.workspace.HygieneConfig;
import io.middlemile.workspace.Workspace;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What an agent may do, each a thin call into the domain packages: the match index ({@code match}), the target's
 * current values and the journal, the one write path ({@code govern}, with the agent as actor), the policy, and the
 * hygiene rules ({@code quality}). Plain Java: the MCP server ({@link McpGateway}) only translates. Every answer is a
 * record, so the MCP and a REST edge give the same answers.
 */
public final class AgentActions {

    /** Most records one call may read or propose: an agent works in batches a person can review. */
    static final int MAX_RECORDS = 100;
    private static final int HISTORY = 20;

    private final Workspace workspace;
    private final Governance governance;
    private final GovernedActions actions;
    private final JournalStore journal;
    private final ReviewStore reviews;
    private final MatchIndexes indexes;
    private final EnrichmentRuns enrichment;
    private final LeadAssignments assignments;
    private final io.middlemile.outreach.OutreachRuns outreach;
    private final Map<String, Mapper> mappers;
    private final Function<String, Connector> opener;
    /** The CRM connections' active owners as last read, for a hygiene file's inactiveOwner: {from: CONNECTION}. */
    private final HygieneFile.ActiveOwners activeOwners;
    private final Clock clock;

    public AgentActions(Workspace workspace, Governance governance, GovernedActions actions, JournalStore journal, ReviewStore reviews,
                        MatchIndexes indexes, EnrichmentRuns enrichment, LeadAssignments assignments,
                        io.middlemile.outreach.OutreachRuns outreach, Function<String, Connector> opener,
                        HygieneFile.ActiveOwners activeOwners, Clock clock) {
        this.activeOwners = activeOwners;
        this.outreach = outreach;
        this.workspace = workspace;
        this.governance = governance;
        this.actions = actions;
        this.journal = journal;
        this.reviews = reviews;
        this.indexes = indexes;
        this.enrichment = enrichment;
        this.assignments = assignments;
        this.mappers = Mapper.all(workspace);
        this.opener = opener;
        this.clock = clock;
    }

    /** An answer that may say nothing was done because a kill switch or a cap stopped the call (REST: 409, MCP: isError). */
    interface Stoppable {
        /** Why nothing (more) was done, or null. */
        String stopped();
    }

    // ------------------------------------------------------------------ find_records

    /** One record found: where it is, its match probability and band, and why (for a match; null for a field lookup). */
    public record Found(SourceRef record, Double score, String band, List<Contribution> explanation, List<String> conflicts) {
    }

    public record FindAnswer(String how, int candidatesScored, List<Found> records) {
    }

    /** Through the real-time matcher of a dedupe rule: the candidates in the review band or above, best first, with why. */
    public FindAnswer match(String rule, Map<String, Object> fields) {
        DedupeRules rules = indexes.rules(rule);
        CanonicalRecord record = MatchQuery.fromRequest(rules, fields);
        if (!MatchQuery.matchable(rules, record)) {
            throw new IllegalArgumentException("The record has none of the fields rule " + rule + " compares ("
                    + String.join(", ", rules.matchFields()) + "); give at least one of them");
        }
        IncrementalMatcher.Match match = indexes.lookup(rule, record);
        return new FindAnswer("match rule " + rule + ": best band " + match.decision().name(), match.candidatesScored(),
                match.matches().stream().map(d -> new Found(d.right(), d.probability(), d.decision().name(), d.explanation(),
                        d.conflicts())).toList());
    }

    /** By the exact value of a field, through the connection's own search (the lookup a first sync links records by). */
    public FindAnswer byField(String connection, String object, String field, String value) {
        Connector connector = open(connection);
        try {
            Lookup lookup = connector.capability(Lookup.class).orElseThrow(() -> new IllegalArgumentException("Connection "
                    + connection + " cannot be searched by field; use a match rule instead (find_records with rule)"));
            String id = lookup.find(object, field, List.of(value)).get(value);
            return new FindAnswer(connection + "/" + object + " where " + field + " = " + value, id == null ? 0 : 1,
                    id == null ? List.of() : List.of(new Found(new SourceRef(connection, object, id), null, null, null, null)));
        } finally {
            connector.close();
        }
    }

    // ------------------------------------------------------------------ get_record

    /** A journal entry as an agent reads it: what was written, by whom, on which rule, and what became of it. */
    public record HistoryEntry(long entry, Instant at, String actor, String action, Map<String, Object> before, Map<String, Object> after,
                               String decision, String rule, String result, String reason) {
        static HistoryEntry of(JournalEntry e) {
            return new HistoryEntry(e.id(), e.recordedAt(), e.actor(), e.action(), e.before(), e.after(), e.decision(), e.rule(),
                    e.result().name().toLowerCase(java.util.Locale.ROOT), e.reason());
        }
    }

    /** @param fields the record's current values at the connection, or null when it cannot be read back */
    public record RecordAnswer(SourceRef record, Map<String, Object> fields, List<HistoryEntry> history) {
    }

    public RecordAnswer record(String connection, String object, String key) {
        Map<String, Object> current = current(connection, object, List.of(key)).get(key);
        List<HistoryEntry> history = journal.ofRecord(connection, object, key, HISTORY).stream().map(HistoryEntry::of).toList();
        if (current == null && history.isEmpty()) {
            throw new IllegalArgumentException(connection + "/" + object + " holds no record " + key + " and the journal never wrote one");
        }
        return new RecordAnswer(new SourceRef(connection, object, key), current, history);
    }

    // ------------------------------------------------------------------ propose_update

    /** One record's outcome: written, parked for review (with the review's id in the note) or refused, and why. */
    public record Outcome(String key, String status, String note) {
        static Outcome of(String key, WriteOutcome outcome) {
            String status = switch (outcome.status()) {
                case WRITTEN -> "written";
                case SKIPPED -> outcome.reason() != null && outcome.reason().contains("review #") ? "parked" : "unchanged";
                case REJECTED -> "refused";
            };
            return new Outcome(key, status, outcome.reason());
        }
    }

    /** @param stopped why nothing was written (a kill switch, a cap), or null */
    public record ProposalAnswer(long run, List<Outcome> records, String stopped) implements Stoppable {
    }

    public ProposalAnswer propose(Actor actor, String connection, String object, List<GovernedActions.FieldProposal> records,
                                  String reason) {
        if (records.isEmpty() || records.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("Propose 1 to " + MAX_RECORDS + " records per call; got " + records.size());
        }
        oneEntryPerRecord(connection, object, records);
        try {
            GovernedActions.ProposalReport report = actions.propose(actor, connection, object, records, reason);
            List<Outcome> outcomes = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                outcomes.add(Outcome.of(records.get(i).key(), report.outcomes().get(i)));
            }
            return new ProposalAnswer(report.runId(), outcomes, null);
        } catch (RunStoppedException e) {
            return new ProposalAnswer(e.runId(), List.of(), stopped(e));
        }
    }

    /**
     * Refuses a call that names one record in more than one entry, before anything is decided: each entry would be
     * decided against the same current values and journaled with the same before-image (so a rollback could not tell
     * which value to restore), the last one written would silently stand, and HubSpot's batch update refuses a whole
     * batch with a repeated id ("Duplicate IDs found in batch input").
     */
    private static void oneEntryPerRecord(String connection, String object, List<GovernedActions.FieldProposal> records) {
        Map<String, List<Integer>> entries = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            entries.computeIfAbsent(records.get(i).key(), key -> new ArrayList<>()).add(i);
        }
        List<String> repeated = entries.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(entry -> "key " + entry.getKey() + " (" + String.join(", ", entry.getValue().stream()
                        .map(i -> "records[" + i + "]").toList()) + ")").toList();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException("\"records\" names the same record of " + connection + "/" + object
                    + " more than once: " + String.join("; ", repeated) + ". Send one entry per record, with all its new values"
                    + " in one \"fields\" object (merge the fields). Nothing was done.");
        }
    }

    private static String stopped(RunStoppedException e) {
        Throwable cause = e.getCause();
        return cause instanceof WritesHaltedException ? cause.getMessage() : e.getMessage();
    }

    // ------------------------------------------------------------------ enrich_record

    /**
     * One value the waterfall found.
     *
     * @param writesTo the provider field the record's mapping writes it to, or null when the mapping does not write it
     */
    public record FoundValue(String field, Object value, String provider, Instant at, Double confidence, String verification,
                             double cost, boolean cached, String writesTo) {
    }

    /** One provider's part of the call: lookups made, values found, credits and cost, and lookups skipped by reason. */
    public record ProviderSpend(String provider, long lookups, long hits, long cached, long pending, double credits, double cost,
                                Map<String, Long> skipped) {
    }

    /**
     * What an enrichment found and spent.
     *
     * @param run     the agent's run its spending is journaled under
     * @param notes   why groups were not looked up or not answered: parked for review, denied, over budget, pending
     * @param written the proposal of the found values ({@code write}), or null when none was made
     * @param stopped why nothing was spent (a kill switch, a cap), or null
     */
    public record EnrichAnswer(long run, SourceRef record, String waterfall, List<FoundValue> found, double credits, double cost,
                               List<ProviderSpend> providers, List<String> notes, boolean pending, ProposalAnswer written,
                               String stopped) implements Stoppable {
    }

    /**
     * Enriches one record of a connection through a named waterfall (its order, stop rules, cache and budgets), spending as
     * {@code actor}: the providers' policies for {@code spend} and their caps decide each lookup for the agent. With
     * {@code write}, the found values the record's mapping writes are proposed as {@link #propose} does, so the target's
     * policy decides each field for the agent.
     */
    public EnrichAnswer enrich(Actor actor, String waterfall, String connection, String object, String key, String mapping,
                               boolean write, String reason) {
        if (!enrichment.has(waterfall)) {
            throw new IllegalArgumentException("There is no waterfall \"" + waterfall + "\"; expected one of "
                    + new TreeSet<>(enrichment.names()) + " (files in enrich/)");
        }
        if (write && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("\"reason\" is required with write: the person who reviews the proposal reads it");
        }
        Mapper mapper = mapper(connection, object, mapping);
        CanonicalRecord record = canonical(mapper, connection, object, key);
        SourceRef ref = new SourceRef(connection, object, key);
        Map<String, Object> values = new LinkedHashMap<>();
        record.fields().forEach((field, value) -> values.put(field, value.value()));
        String why = reason == null || reason.isBlank() ? "enrich_record through enrich/" + waterfall + ".yaml" : reason.strip();
        GovernedActions.Spent<WaterfallFound> spent;
        try {
            spent = actions.spend(actor, why, (run, spend) -> {
                List<Connector> opened = new ArrayList<>();
                try {
                    WaterfallRun lookup = enrichment.single(waterfall, run, provider -> {
                        Connector connector = opener.apply(provider);
                        opened.add(connector);
                        return connector.capability(Enricher.class).orElseThrow(() -> new IllegalStateException("Connection " + provider
                                + " is not an enrichment provider; waterfall " + waterfall + " cannot ask it (enrich/" + waterfall + ".yaml)"));
                    }, spend);
                    Enrichment found = lookup.enrich(List.of(new Subject(key, values))).get(key);
                    return new WaterfallFound(found, lookup.tally());
                } finally {
                    opened.forEach(Connector::close);
                }
            });
        } catch (RunStoppedException e) {
            return new EnrichAnswer(e.runId(), ref, waterfall, List.of(), 0, 0, List.of(), List.of(), false, null, stopped(e));
        }
        Enrichment found = spent.result().enrichment();
        List<FoundValue> foundValues = new ArrayList<>();
        Map<String, Object> proposal = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>(found == null ? List.of() : found.notes());
        if (found != null && !found.values().isEmpty()) {
            CanonicalRecord enriched = EnrichmentRuns.apply(record, found, true);
            Map<String, Object> provider = mapper.fromCanonical(enriched).record().fields();
            found.values().forEach((field, value) -> {
                String target = mapper.outboundField(field);
                String writesTo = target != null && provider.containsKey(target) ? target : null;
                foundValues.add(new FoundValue(field, value.found().value(), value.connection(), value.at(), value.found().confidence(),
                        value.found().verification(), value.cost(), value.cached(), writesTo));
                if (writesTo != null) {
                    proposal.put(writesTo, provider.get(writesTo));
                } else if (write) {
                    notes.add(field + " not proposed: mapping " + mapper.id() + " does not write it to " + connection + "/" + object);
                }
            });
        }
        ProposalAnswer written = write && !proposal.isEmpty()
                ? propose(actor, connection, object, List.of(new GovernedActions.FieldProposal(key, proposal)), reason) : null;
        Tally tally = spent.result().tally();
        List<ProviderSpend> providers = new ArrayList<>();
        tally.byConnection().forEach((provider, counts) -> providers.add(new ProviderSpend(provider, counts.lookups, counts.hits,
                counts.cached, counts.pending, counts.credits, counts.cost, Map.copyOf(counts.skipped))));
        return new EnrichAnswer(spent.runId(), ref, waterfall, foundValues, tally.credits(), tally.cost(), providers, notes,
                found != null && found.pending(), written, written == null ? null : written.stopped());
    }

    /** What the waterfall found for the record (null when it asked nothing) and its counts. */
    private record WaterfallFound(Enrichment enrichment, Tally tally) {
    }

    // ------------------------------------------------------------------ assign_owner

    /**
     * Where a lead goes and why.
     *
     * @param owner        the owner id the rules give, or null when no rule took the lead
     * @param ownerEmail   the owner's email, or null
     * @param ownerId      the owner's CRM id (what hubspot_owner_id or OwnerId holds), or null
     * @param field        the provider field the owner is written to: the one the mapping writes ownerId to, else the one
     *                     it writes ownerEmail to
     * @param currentOwner what the owner field holds now; a lead that has an owner keeps it (as in a job) and nothing is written
     * @param explanation  the decision: the rule that fired and why each earlier rule did not take the lead
     * @param policy       what the policy decides for the agent writing {@code field}: auto, review or deny, and which rule
     * @param written      the governed write of the owner, or null (a dry run, an owned lead, nobody assigned)
     * @param recorded     true when the assignment was recorded (the job's next run keeps the owner; a rollback undoes it)
     * @param stopped      why nothing was written (a kill switch, a cap), or null
     */
    public record AssignAnswer(SourceRef record, String rules, String owner, String ownerEmail, String ownerId, String field,
                               String currentOwner, String explanation, Explanation policy, boolean dryRun, ProposalAnswer written,
                               boolean recorded, String stopped) implements Stoppable {
    }

    private static final String OWNER = "ownerEmail";
    private static final String OWNER_ID = "ownerId";

    /**
     * Gives one record of a connection (a lead) an owner through a named rule set, as a job's {@code hub-assign} step does:
     * the stored rotation and workloads, and the accounts file the workspace's jobs give that rule set. The owner is written
     * as {@link #propose} writes: the policy for the owner field decides for the agent, and only a written owner takes a turn
     * of the rotation and is recorded as the lead's assignment. A lead that already has an owner keeps it, as in a job (the
     * answer explains where the rules would send it; propose_update changes an owner). With {@code dryRun} only the
     * decision and the policy's verdict are returned, and nothing changes, the rotation included.
     */
    public AssignAnswer assign(Actor actor, String rules, String connection, String object, String key, String mapping, boolean dryRun,
                               String reason) {
        if (!assignments.has(rules)) {
            throw new IllegalArgumentException("There is no assignment rule set \"" + rules + "\"; expected one of "
                    + assignments.names() + " (files in assign/)");
        }
        if (!dryRun && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("\"reason\" is required unless dryRun is true: the person who reviews the owner"
                    + " change reads it");
        }
        Mapper mapper = mapper(connection, object, mapping);
        // a CRM names the owner by its user id (hubspot_owner_id, OwnerId): the field the mapping writes ownerId to; a file
        // or a custom email field takes the owner's email
        boolean byId = mapper.outboundField(OWNER_ID) != null;
        String field = mapper.outboundField(byId ? OWNER_ID : OWNER);
        if (field == null) {
            throw new IllegalArgumentException("Mapping " + mapper.id() + " writes neither ownerId nor ownerEmail to " + connection + "/"
                    + object + ", so no owner can be written there; add a line to mappings/" + mapper.id() + ".yaml: {canonical:"
                    + " ownerId, source: hubspot_owner_id} for HubSpot (OwnerId for Salesforce), or {canonical: ownerEmail, source:"
                    + " FIELD} for a field holding the owner's email");
        }
        CanonicalRecord record = canonical(mapper, connection, object, key);
        if (record.entity() != io.middlemile.model.Entity.PERSON) {
            throw new IllegalArgumentException("Mapping " + mapper.id() + " reads " + record.entity().id() + " records; owners are"
                    + " assigned to leads (people)");
        }
        SourceRef ref = new SourceRef(connection, object, key);
        String current = Lead.of(record).currentOwner();
        boolean owned = current != null;
        Explanation policy = policy(actor, connection, object, field, WriteAction.UPDATE.id());
        // only a write the policy lets through at once takes the rotation's turn; a parked one leaves it to the person
        boolean write = !dryRun && !owned && policy.decision().equals(PolicyVerdict.Kind.AUTO.id());
        LeadAssignments.Page page = assignments.decide(rules, actor.id(), Map.of(ref, Lead.of(record)), accounts(rules), write);
        LeadAssignments.Assigned assigned = page.leads().get(ref);
        String explanation = assigned.reason();
        String value = byId ? assigned.ownerId() : assigned.ownerEmail();
        if (assigned.owner() != null && value == null) {
            explanation += "; " + assigned.owner() + (byId ? " has no crmId (their id in " + connection + ") in the owner list of"
                    + " assign/" + rules + ".yaml, so " + field + " is left alone; add crmId there, or take the owners from the CRM"
                    + " with owners: {from: " + connection + "}" : " has no email in the owner list of assign/" + rules
                    + ".yaml, so the owner field is left alone");
        }
        if (owned) {
            explanation = "already owned by " + current + ", who keeps the lead as in a job (change an owner with propose_update);"
                    + " the rules would say: " + explanation;
        }
        if (dryRun || owned || assigned.owner() == null || value == null) {
            return new AssignAnswer(ref, rules, assigned.owner(), assigned.ownerEmail(), assigned.ownerId(), field, owned ? current : null,
                    explanation, policy, dryRun, null, false, null);
        }
        ProposalAnswer written = propose(actor, connection, object,
                List.of(new GovernedActions.FieldProposal(key, Map.of(field, value))),
                reason.strip() + " (" + assigned.reason() + ")");
        boolean recorded = written.stopped() == null && written.records().get(0).status().equals("written")
                && assignments.keep(page.made(), written.run()) > 0;
        return new AssignAnswer(ref, rules, assigned.owner(), assigned.ownerEmail(), assigned.ownerId(), field, null, explanation, policy,
                false, written, recorded, written.stopped());
    }

    /**
     * The accounts the workspace's jobs match leads against with this rule set ({@code hub-assign:RULES?accounts=FILE}), so
     * an agent's lead meets the same {@code accountOwner} rules; none when no job names a file, or jobs name different ones.
     */
    private List<Account> accounts(String rules) {
        List<String> files = workspace.routes().stream().flatMap(route -> route.endpoints().stream())
                .filter(endpoint -> endpoint.kind() == HubEndpoint.Kind.ASSIGN && rules.equals(endpoint.mapping()))
                .map(endpoint -> endpoint.parameters().get("accounts")).filter(java.util.Objects::nonNull).distinct().toList();
        return files.size() == 1 ? AccountsCsv.read(workspace.root().resolve(files.get(0)), files.get(0)) : List.of();
    }

    /** The mapping between a connection object and the canonical model: the one named, or the only one there is. */
    private Mapper mapper(String connection, String object, String mapping) {
        if (!governance.connections().contains(connection)) {
            throw new IllegalArgumentException("There is no connection \"" + connection + "\"; expected one of "
                    + new TreeSet<>(governance.connections()));
        }
        if (mapping != null && !mapping.isBlank()) {
            MappingConfig config = workspace.mappings().get(mapping);
            if (config == null || !config.connector().equals(connection) || !config.object().equals(object)) {
                throw new IllegalArgumentException("Mapping \"" + mapping + "\" does not map " + connection + "/" + object + "; mappings"
                        + " of it: " + mappingsOf(connection, object));
            }
            return mappers.get(mapping);
        }
        List<String> found = mappingsOf(connection, object);
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.isEmpty()
                    ? "No mapping in mappings/ maps " + connection + "/" + object + " to canonical fields; add one, or name another record"
                    : connection + "/" + object + " has several mappings " + found + "; name one with \"mapping\"");
        }
        return mappers.get(found.get(0));
    }

    private List<String> mappingsOf(String connection, String object) {
        return workspace.mappings().values().stream().filter(m -> m.connector().equals(connection) && m.object().equals(object))
                .map(MappingConfig::id).sorted().toList();
    }

    /** A record's current values at its connection, read into canonical fields through its mapping. */
    private CanonicalRecord canonical(Mapper mapper, String connection, String object, String key) {
        Map<String, Object> current = current(connection, object, List.of(key)).get(key);
        if (current == null) {
            throw new IllegalArgumentException(connection + "/" + object + " holds no record " + key);
        }
        try {
            return mapper.toCanonical(new SourceRecord(new SourceRef(connection, object, key), current, null, "agent request")).record();
        } catch (MappingException e) {
            throw new IllegalArgumentException("Record " + key + " of " + connection + "/" + object + " cannot be read through mapping "
                    + mapper.id() + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ enroll

    /**
     * What became of one record sent out through an outreach file.
     *
     * @param outcome sent (on some channel), rejected (every channel tried refused it) or not_sent (suppressed, deferred,
     *                parked for review, already sent)
     * @param lines   one line per channel: what was sent, or why not (the suppression reason, the review it waits for, when a
     *                deferred invitation goes)
     * @param run     the run the sends are journaled in (rollback lists them: a send cannot be undone)
     * @param stopped why nothing was sent (a kill switch, a cap), or null
     */
    public record EnrollAnswer(SourceRef record, String outreach, String outcome, List<String> lines, long run, String stopped)
            implements Stoppable {
    }

    /**
     * Sends one record out through {@code outreach/NAME.yaml} as {@code hub-enrol} does in a job, with the agent as actor:
     * suppression first, the LinkedIn accounts' caps and windows, then each send decided by the channel connection's
     * policy for {@code send} for the agent (auto: sent and journaled under its name; review: parked with its reason;
     * deny: refused), within the caps and the kill switches. The send ledger is the jobs' own, so a person the jobs or
     * another agent already reached is not reached again.
     */
    public EnrollAnswer enroll(Actor actor, String name, String connection, String object, String key, String mapping, String reason) {
        if (!outreach.has(name)) {
            throw new IllegalArgumentException("There is no outreach file \"" + name + "\"; expected one of " + outreach.names()
                    + " (files in outreach/)");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("\"reason\" is required: the person who reviews a parked send reads it");
        }
        Mapper mapper = mapper(connection, object, mapping);
        CanonicalRecord record = canonical(mapper, connection, object, key);
        if (record.entity() != io.middlemile.model.Entity.PERSON) {
            throw new IllegalArgumentException("Mapping " + mapper.id() + " reads " + record.entity().id() + " records; outreach"
                    + " reaches people");
        }
        SourceRef ref = new SourceRef(connection, object, key);
        Map<String, Object> values = new LinkedHashMap<>();
        record.fields().forEach((field, value) -> values.put(field, value.value()));
        Map<String, io.middlemile.connector.Connector> opened = new LinkedHashMap<>();
        try {
            GovernedActions.Spent<io.middlemile.outreach.OutreachRun.Result> sent = actions.send(actor, reason, (run, calls) ->
                    outreach.single(name, run, channel -> opened.computeIfAbsent(channel, opener).capability(io.middlemile.connector.Outreach.class)
                            .orElseThrow(() -> new IllegalStateException("Connection " + channel + " cannot send")), calls)
                            .enrol(List.of(new io.middlemile.outreach.OutreachRun.Subject(ref.toString(), values, "agent request")))
                            .get(ref.toString()));
            io.middlemile.outreach.OutreachRun.Result result = sent.result();
            return new EnrollAnswer(ref, name, result.outcome().name().toLowerCase(java.util.Locale.ROOT), result.lines(), sent.runId(), null);
        } catch (RunStoppedException | WritesHaltedException e) {
            return new EnrollAnswer(ref, name, "not_sent", List.of(), 0, e.getMessage());
        } finally {
            opened.values().forEach(io.middlemile.connector.Connector::close);
        }
    }

    // ------------------------------------------------------------------ explain_decision

    /**
     * Why a write was parked, approved, rejected or refused.
     *
     * @param decision auto, review, deny, or a review's status (pending, approved, rejected, expired, conflict, withdrawn)
     */
    public record Explanation(String decision, String rule, String reason, String actor, String decidedBy, String note, String answer) {
    }

    /** A parked proposal: where it stands, the rule that parked it, and the person's decision once made. */
    public Explanation review(long id) {
        reviews.expire();
        ReviewItem item = reviews.find(id).orElseThrow(() -> new IllegalArgumentException("There is no review #" + id));
        String answer = switch (item.status()) {
            case PENDING -> "waiting for a person since " + item.createdAt() + " (expires " + item.expiresAt() + ")";
            case APPROVED -> "approved by " + item.decidedBy() + " at " + item.decidedAt() + " and written through the write path";
            case REJECTED -> "rejected by " + item.decidedBy() + " at " + item.decidedAt() + "; it is not proposed again with the same values";
            case EXPIRED -> "nobody decided before it expired; propose it again if it still matters";
            case CONFLICT -> "approved, but the record changed since it was proposed, so nothing was written";
            case WITHDRAWN -> "withdrawn, nothing written: the run that parked it was rolled back before any run made it ("
                    + item.decidedBy() + "); propose it again if it still matters";
        };
        return new Explanation(item.status().wire(), item.rule(), item.reason(), item.actor(), item.decidedBy(), item.note(), answer);
    }

    /** A journaled write: the decision and the rule that made it, and its result. */
    public Explanation entry(long id) {
        JournalEntry e = journal.find(id).orElseThrow(() -> new IllegalArgumentException("There is no journal entry " + id));
        return new Explanation(e.decision(), e.rule(), e.reason(), e.actor(), null, null, "journaled " + e.recordedAt() + ": "
                + e.result().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** What the policy decides for {@code actor} writing one field, before anything is written: auto, review or deny, and which rule. */
    public Explanation policy(Actor actor, String connection, String object, String field, String action) {
        WriteAction writeAction = action == null ? WriteAction.UPDATE : java.util.Arrays.stream(WriteAction.values())
                .filter(known -> known.id().equalsIgnoreCase(action.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"action\" is \"" + action + "\", which is not a write action; it is"
                        + " one of " + java.util.Arrays.stream(WriteAction.values()).map(WriteAction::id)
                        .collect(java.util.stream.Collectors.joining(", ")) + " (update when left out)"));
        PolicyVerdict verdict = governance.verdict(actor, connection, object, field, writeAction);
        String answer = switch (verdict.kind()) {
            case AUTO -> "written at once and journaled under " + actor.id();
            case REVIEW -> "parked for a person to approve, with the reason you give";
            case DENY -> actor.id() + " may not write this; no proposal of it is written or parked";
        };
        return new Explanation(verdict.id(), verdict.rule() + " in connectors/" + connection + ".yaml", null, actor.id(), null, null,
                answer + " (caps per run and per day apply besides)");
    }

    // ------------------------------------------------------------------ quality_findings

    public record FindingsAnswer(String hygiene, String source, int checked, List<String> missing, List<Finding> findings) {
    }

    /** Runs a hygiene file's rules on the current values of some records of its source: what is wrong and, where known, the fix. */
    public FindingsAnswer findings(String hygiene, List<String> keys) {
        HygieneConfig config = workspace.hygiene().get(hygiene);
        if (config == null) {
            throw new IllegalArgumentException("There is no hygiene file \"" + hygiene + "\"; expected one of "
                    + new TreeSet<>(workspace.hygiene().keySet()) + " (files in hygiene/)");
        }
        if (keys.isEmpty() || keys.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("Give 1 to " + MAX_RECORDS + " record ids; got " + keys.size());
        }
        String[] source = config.source().split("/", 2);
        Map<String, Map<String, Object>> current = current(source[0], source[1], keys);
        HygieneCheck check = new HygieneCheck(source[1], HygieneFile.rules(config, activeOwners), config.fields(),
                HygieneFile.pipeline(config),
                clock.instant());
        List<Finding> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            Map<String, Object> fields = current.get(key);
            if (fields == null) {
                missing.add(key);
                continue;
            }
            check.inspect(HygieneFile.inspected(config, source[1], new SourceRecord(new SourceRef(source[0], source[1], key), fields, null,
                    "agent request")), found::add);
        }
        return new FindingsAnswer(hygiene, config.source(), keys.size() - missing.size(), missing, found);
    }

    // ------------------------------------------------------------------ reading

    private Map<String, Map<String, Object>> current(String connection, String object, List<String> keys) {
        Connector connector = open(connection);
        try {
            CurrentState state = connector.capability(CurrentState.class).orElseThrow(() -> new IllegalArgumentException("Connection "
                    + connection + " cannot be read back record by record"));
            Map<String, Map<String, Object>> found = state.current(object, keys);
            return found == null ? Map.of() : new LinkedHashMap<>(found);
        } finally {
            connector.close();
        }
    }

    private Connector open(String connection) {
        if (!governance.connections().contains(connection)) {
            throw new IllegalArgumentException("There is no connection \"" + connection + "\"; expected one of "
                    + new TreeSet<>(governance.connections()));
        }
        return opener.apply(connection);
    }
}

package io.middlemile.agent;

import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.Lookup;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.dedupe.Contribution;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.IncrementalMatcher;
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
    private final Function<String, Connector> opener;
    private final Clock clock;

    public AgentActions(Workspace workspace, Governance governance, GovernedActions actions, JournalStore journal, ReviewStore reviews,
                        MatchIndexes indexes, Function<String, Connector> opener, Clock clock) {
        this.workspace = workspace;
        this.governance = governance;
        this.actions = actions;
        this.journal = journal;
        this.reviews = reviews;
        this.indexes = indexes;
        this.opener = opener;
        this.clock = clock;
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
        CanonicalRecord record = MatchQuery.canonical(rules, fields);
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
    public record ProposalAnswer(long run, List<Outcome> records, String stopped) {
    }

    public ProposalAnswer propose(Actor actor, String connection, String object, List<GovernedActions.FieldProposal> records,
                                  String reason) {
        if (records.isEmpty() || records.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("Propose 1 to " + MAX_RECORDS + " records per call; got " + records.size());
        }
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

    private static String stopped(RunStoppedException e) {
        Throwable cause = e.getCause();
        return cause instanceof WritesHaltedException ? cause.getMessage() : e.getMessage();
    }

    // ------------------------------------------------------------------ explain_decision

    /**
     * Why a write was parked, approved, rejected or refused.
     *
     * @param decision auto, review, deny, or a review's status (pending, approved, rejected, expired, conflict)
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
        WriteAction writeAction = action == null ? WriteAction.UPDATE : WriteAction.of(action);
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
        HygieneCheck check = new HygieneCheck(source[1], HygieneFile.rules(config), config.fields(), HygieneFile.pipeline(config),
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

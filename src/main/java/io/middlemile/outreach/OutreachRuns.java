package io.middlemile.outreach;

import io.middlemile.connector.Outreach;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.govern.Governance;
import io.middlemile.govern.WriteAction;
import io.middlemile.match.MatchIndexes;
import io.middlemile.store.JobRun;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.OutreachSendStore.Entry;
import io.middlemile.workspace.OutreachConfig;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The outreach files of the workspace and the runs of them in progress: {@code hub-enrol:NAME} asks for the run of
 * {@code outreach/NAME.yaml} within its job run ({@link #of}), and the CLI for what a job run did ({@link #summaries}).
 */
public final class OutreachRuns {

    /** Runs kept for their job run's later pages; the oldest are forgotten (a run's pages come one after another). */
    private static final int KEPT = 64;

    private final Map<String, OutreachConfig> configs;
    private final OutreachSendStore ledger;
    private final Governance governance;
    private final LedgerFacts facts;
    private final Clock clock;
    private final RandomGenerator random;
    /** The wait after an acceptance in place of each file's {@code afterAccepted}; null for the files' own (a rehearsal's). */
    private final java.time.Duration messageDelay;
    private final Map<String, OutreachRun> runs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OutreachRun> eldest) {
            return size() > KEPT;
        }
    };

    /** Interest updates kept for their job run's later pages: their governed calls count the run's sends against its caps. */
    private final Map<String, InterestUpdates> interests = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InterestUpdates> eldest) {
            return size() > KEPT;
        }
    };

    /** @param matches the engine's match indexes, for people already enrolled under another record; null for none */
    public OutreachRuns(Map<String, OutreachConfig> configs, OutreachSendStore ledger, Governance governance, MatchIndexes matches,
                        Clock clock, RandomGenerator random) {
        this(configs, ledger, governance, matches, clock, random, null);
    }

    /**
     * @param messageDelay how long after an acceptance every LinkedIn message goes, in place of the files'
     *                     {@code afterAccepted}: a rehearsal's seconds for real hours; null for the files' own
     */
    public OutreachRuns(Map<String, OutreachConfig> configs, OutreachSendStore ledger, Governance governance, MatchIndexes matches,
                        Clock clock, RandomGenerator random, java.time.Duration messageDelay) {
        this.messageDelay = messageDelay;
        this.configs = Map.copyOf(configs);
        this.ledger = ledger;
        this.governance = governance;
        this.facts = new LedgerFacts(ledger, matches);
        this.clock = clock;
        this.random = random;
    }

    public boolean has(String name) {
        return configs.containsKey(name);
    }

    public Set<String> names() {
        return new TreeSet<>(configs.keySet());
    }

    /**
     * The run of outreach {@code name} within job run {@code run}, created on first use.
     *
     * @param providers  the run's outreach connectors by connection id
     * @param planWrites the run's writes in a plan (sends are listed, none made), else null
     */
    public synchronized OutreachRun of(String name, JobRun run, Function<String, Outreach> providers, GovernedWrites planWrites) {
        OutreachConfig config = configs.get(name);
        if (config == null) {
            throw new IllegalArgumentException("Unknown outreach \"" + name + "\"; outreach files are " + names() + " (files in outreach/)");
        }
        return runs.computeIfAbsent(run.id() + "/" + name, key -> new OutreachRun(config, run, providers, ledger,
                new GovernedCalls(governance, run, WriteAction.SEND), planWrites, facts, clock, random, messageDelay));
    }

    /**
     * The interest updates of outreach {@code name} for one page of job run {@code run} ({@code hub-interest:NAME}).
     *
     * @param planWrites the run's writes in a plan (updates are listed, none made), else null
     */
    public synchronized InterestUpdates interest(String name, JobRun run, Function<String, Outreach> providers, GovernedWrites planWrites) {
        OutreachConfig config = configs.get(name);
        if (config == null) {
            throw new IllegalArgumentException("Unknown outreach \"" + name + "\"; outreach files are " + names() + " (files in outreach/)");
        }
        return interests.computeIfAbsent(run.id() + "/" + name, key -> new InterestUpdates(config, run, providers, ledger,
                new GovernedCalls(governance, run, WriteAction.SEND), planWrites, clock));
    }

    /** Whether outreach {@code name} has an {@code email.interest} table (what {@code hub-interest:NAME} needs). */
    public boolean setsInterest(String name) {
        OutreachConfig config = configs.get(name);
        return config != null && config.email() != null && config.email().interest() != null;
    }

    /**
     * A run of outreach {@code name} of its own, whose sends go through {@code sends} (an agent's, with the agent as actor):
     * the agent gateway's {@code enroll}. Not kept: one call, one run. It touches only the record it names: the outreach's
     * due deferred invitations and follow-up messages of others stay for the job runs (only the record's own, deferred by
     * the same agent, go with it), and a send the policy parks is not kept for a later run.
     */
    public OutreachRun single(String name, JobRun run, Function<String, Outreach> providers, GovernedCalls sends) {
        OutreachConfig config = configs.get(name);
        if (config == null) {
            throw new IllegalArgumentException("Unknown outreach \"" + name + "\"; outreach files are " + names() + " (files in outreach/)");
        }
        return new OutreachRun(config, run, providers, ledger, sends, null, facts, clock, random, messageDelay, false);
    }

    /**
     * What a job run's outreach did, per outreach file it sent by, from the ledger: enrolled, invited, messaged, suppressed by
     * reason, deferred (with when the first waiting send goes), refused by reason, and the interest updates decided in review
     * that it set or dropped. Empty when the run sent by none.
     */
    public Map<String, OutreachSummary> summaries(long runId) {
        Map<String, OutreachSummary.Tally> tallies = new LinkedHashMap<>();
        Map<String, Set<String>> suppressedRecords = new LinkedHashMap<>();
        for (Entry entry : ledger.tallyOfRun(runId)) {
            OutreachSummary.Tally tally = tallies.computeIfAbsent(entry.outreach(), OutreachSummary.Tally::new);
            switch (entry.status()) {
                case SENT -> {
                    if (entry.channel().equals("email")) {
                        tally.enrolled();
                    } else if (entry.kind().equals("message")) {
                        tally.messaged();
                    } else {
                        tally.invited();
                    }
                }
                case AWAITING -> {
                    // a message waiting for its invitation to be accepted: neither sent nor deferred yet
                }
                case SUPPRESSED -> {
                    // one record is suppressed once, whatever channels it would have had
                    if (suppressedRecords.computeIfAbsent(entry.outreach(), k -> new java.util.HashSet<>()).add(entry.recordKey())) {
                        tally.suppressed(new Suppressed(Suppressed.Reason.valueOf(entry.rule().toUpperCase(java.util.Locale.ROOT)
                                .replace('-', '_')), entry.reason()));
                    }
                }
                case DEFERRED -> tally.deferred(new Pacing.Deferred(entry.dueAt(), entry.reason()));
                case REJECTED -> tally.rejected(kind(entry.reason()));
                case SKIPPED -> tally.rejected("skipped by the provider");
            }
        }
        // interest updates decided in review that the run set or dropped: kept apart from the ledger of sends
        for (OutreachSendStore.ClosedInterest closed : ledger.interestClosedBy(runId)) {
            tallies.computeIfAbsent(closed.outreach(), OutreachSummary.Tally::new)
                    .interestDecided(closed.how() == OutreachSendStore.InterestClosed.SET, closed.reason());
        }
        Map<String, OutreachSummary> summaries = new LinkedHashMap<>();
        tallies.forEach((name, tally) -> summaries.put(name, tally.summary()));
        return summaries;
    }

    /** A refusal's kind for counting: its text up to the first colon ("invalid email: x@" counts as "invalid email"). */
    private static String kind(String reason) {
        if (reason == null) {
            return "refused";
        }
        int colon = reason.indexOf(':');
        return colon > 0 && colon < 60 ? reason.substring(0, colon) : reason.length() > 60 ? reason.substring(0, 60) + "..." : reason;
    }
}

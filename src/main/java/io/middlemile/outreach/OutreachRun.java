package io.middlemile.outreach;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.Outreach.Kind;
import io.middlemile.connector.Outreach.Send;
import io.middlemile.connector.instantly.InstantlyCallException;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WriteAction;
import io.middlemile.store.JobRun;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.OutreachSendStore.Entry;
import io.middlemile.store.OutreachSendStore.Status;
import io.middlemile.store.ReviewItem;
import io.middlemile.workspace.OutreachConfig;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One job run's outreach through one {@code outreach/NAME.yaml}, page by page: each record is checked against the
 * suppression rules, then for each channel it is sent once ({@code outstanding} sends in the ledger are not repeated),
 * LinkedIn invitations are paced over the accounts' caps and working hours (what cannot go now is deferred in the ledger,
 * with the send, and goes when a later run finds it due), and every send passes the governed pipeline
 * ({@link GovernedCalls}: kill switch, the connection's policy and caps for {@code send}, journal) before the provider
 * is called. In a plan nothing is sent or recorded: the sends that would go are listed in the plan with the policy's
 * decision.
 *
 * <p>LinkedIn messages ({@code linkedin.message}): each invitation sent or deferred leaves an {@code awaiting} message in
 * the ledger, its text filled from the record then. Once per run, the messages whose invitation Unipile reported
 * accepted (a stored {@code new_relation}) at least {@code afterAccepted} ago go from the accepting account, paced by its
 * hours and messages per day, through the same governed pipeline; a stored {@code message_received} from the person
 * cancels theirs (suppressed, "replied"). A message's row is marked sent before the call: at most once, never twice.
 *
 * <p>Review: a send the connection's policy parks is kept in the ledger ({@code awaiting}, with its review item and the
 * record's values), and the first page of a later job run makes it once a person approved it, through the same checks as
 * any send, whether or not that run reads the record again ({@link #sendApproved}). The approval holds until the send is
 * made: one a cap, the kill switch or the provider (a 429, an outage) stopped is made by a later run without a second
 * review ({@link GovernedSends}); one the provider refused for good is closed in the ledger with its answer.
 *
 * <p>Crash safety: a send's journal intent is committed before the call; its ledger row after. A page replayed after a
 * crash between the two calls the provider again, where Instantly's {@code skip_if_in_campaign} and LinkedIn's refusal
 * of a second invitation make the repeat a skip, not a second email or invitation. A lead Instantly skips whose
 * enrolment the resumed run journaled before the crash is recorded as sent ({@link #resumed}).
 */
public final class OutreachRun {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutreachRun.class);

    /** Journal objects of the sends, as {@code middlemile journal} and the policy's {@code object:} name them. */
    public static final String LEADS = "leads";
    public static final String INVITATIONS = "invitations";
    public static final String MESSAGES = "messages";

    /**
     * One record of the page.
     *
     * @param key      the record's key: where it was read ({@code connection/object/id}), as the journal and ledger key it
     * @param values   its canonical fields
     * @param location where it was read, for messages
     */
    public record Subject(String key, Map<String, Object> values, String location) {
    }

    /**
     * What became of one record: one line per channel, and the record's overall outcome.
     *
     * @param notSent the lines about what did not go (suppressed, deferred, refused), without the sends themselves
     */
    public record Result(String key, Outcome outcome, List<String> lines, List<String> notSent) {

        /** How a record settles: sent on some channel, refused on every channel it was tried, or nothing sent now. */
        public enum Outcome {
            SENT, REJECTED, NOT_SENT
        }

        public String text() {
            return String.join("; ", lines);
        }
    }

    private final OutreachConfig config;
    private final JobRun run;
    private final Function<String, Outreach> providers;
    private final OutreachSendStore ledger;
    private final GovernedCalls sends;
    /** Where an approval this run took goes back when its send is not made after all ({@link GovernedSends.Approvals}). */
    private final GovernedSends.Approvals approvals;
    private final GovernedWrites planWrites;
    private final boolean planning;
    private final LedgerFacts facts;
    private final Clock clock;
    private final RandomGenerator random;
    private final SuppressionRules suppression;
    private final AccountPacer pacer;
    private final List<LinkedInAccount> accounts;
    private final NoteTemplate template;
    private final EmailEnrolment enrolment;
    private final int longestNote;
    private boolean dueTried;
    /** The message that follows an accepted invitation ({@code linkedin.message}); null without one. */
    private final OutreachConfig.Message message;
    private final NoteTemplate messageTemplate;
    private final java.time.Duration messageDelay;
    private boolean messagesTried;
    /** This page's follow-up messages, filled from the records' values when their invitations are decided, by record key. */
    private final Map<String, NoteTemplate.Note> pageMessages = new java.util.HashMap<>();
    /** This page's records by key: a send parked for review keeps its record's values ({@link #park}). */
    private final Map<String, Subject> pageSubjects = new java.util.HashMap<>();
    /**
     * Whether this is a job's run of the outreach, which owns the outreach's queues: a send the policy parks is kept in the
     * ledger and made by a later run once approved, its record read again or not ({@link #sendApproved}); the jobs' deferred
     * invitations and follow-up messages now due go with it. An agent's single send ({@code enroll}) touches only the record
     * it names: its parked send is not kept (its next {@code enroll} asks again), and the queues are left to the job runs, or
     * a job's send would go, or be parked or refused, as the agent's (its policy, caps, kill switch, journal and reason).
     * The other way round alike: what an agent's call deferred, and the message that follows its invitation, stay the
     * agent's ({@link Entry#byAgent}), made by its next {@code enroll} of the record once due, never by a job run as the
     * job's (which would skip the agent's policy, caps and kill switch, and journal the agent's send under the job).
     */
    private final boolean forJob;
    private boolean approvedTried;
    /** Approved LinkedIn invitations found by {@link #sendApproved}, paced with the run's first invitations (by send). */
    private final Map<Send, Entry> approvedInvitations = new LinkedHashMap<>();
    /** The people this run sends to (lower-cased emails, LinkedIn identifiers), by the record they were sent to as. */
    private final Map<String, String> inThisRun = new java.util.HashMap<>();
    /**
     * Email enrolments of earlier pages still in flight, or answered and still being written to the ledger and the journal:
     * the pages that follow look here as well as in the ledger (the same record read again, another record of the person).
     */
    private final List<Flight> flights = new ArrayList<>();

    /**
     * Enrolments this run journaled before the engine stopped, never answered (their journal entry ids by record key);
     * read once, before the run's first enrolment of its own. Null until then.
     */
    private Map<String, Long> interrupted;

    /** Answered calls whose recording a new page may leave behind it ({@link #land}). */
    private static final int BACKLOG = 2;

    /**
     * One add-leads call sent without waiting for its answer.
     *
     * @param keys     the records it enrols
     * @param answered the ledger rows of Instantly's answer, once it came (not yet written)
     * @param recorded done once those rows and the journal's results are written
     */
    private record Flight(java.util.Set<String> keys, CompletableFuture<List<Entry>> answered, CompletableFuture<Void> recorded) {
    }

    /**
     * What a part of a page says of its records (lines, sent, refused): what was decided before any call, each email
     * call's answer, LinkedIn's. Kept apart while the email answers are on their way; joined in that order for the results.
     */
    private record Said(Map<String, List<String>> lines, Map<String, Boolean> sent, Map<String, Boolean> tried) {
        Said() {
            this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        Said and(Said other) {
            Said both = new Said();
            for (Said said : List.of(this, other)) {
                said.lines.forEach((key, lines) -> both.lines.computeIfAbsent(key, k -> new ArrayList<>()).addAll(lines));
                both.sent.putAll(said.sent);
                both.tried.putAll(said.tried);
            }
            return both;
        }
    }

    /**
     * One page's results, once every email enrolment of it was answered and recorded. A job's page commits then
     * ({@code Batch.settleWhen}), while the next pages run; it fails if a call failed, or the ledger or the journal could
     * not be written.
     */
    public record Page(CompletableFuture<Map<String, Result>> results) {
    }

    /**
     * @param sends      the governed pipeline for this run's sends (in a plan only asked what the policy would decide)
     * @param planWrites the run's writes, where a plan lists the sends it would make; null outside a plan
     */
    OutreachRun(OutreachConfig config, JobRun run, Function<String, Outreach> providers, OutreachSendStore ledger, GovernedCalls sends,
                GovernedWrites planWrites, LedgerFacts facts, Clock clock, RandomGenerator random) {
        this(config, run, providers, ledger, sends, planWrites, facts, clock, random, null);
    }

    /** @param messageDelay the wait after an acceptance in place of the file's {@code afterAccepted} (a rehearsal's); null for the file's */
    OutreachRun(OutreachConfig config, JobRun run, Function<String, Outreach> providers, OutreachSendStore ledger, GovernedCalls sends,
                GovernedWrites planWrites, LedgerFacts facts, Clock clock, RandomGenerator random, java.time.Duration messageDelay) {
        this(config, run, providers, ledger, sends, planWrites, facts, clock, random, messageDelay, true);
    }

    /**
     * @param forJob a job's run, which keeps the sends the policy parks and takes the outreach's due queues; false for an
     *               agent's single send, which touches only the record it names ({@link #forJob})
     */
    OutreachRun(OutreachConfig config, JobRun run, Function<String, Outreach> providers, OutreachSendStore ledger, GovernedCalls sends,
                GovernedWrites planWrites, LedgerFacts facts, Clock clock, RandomGenerator random, java.time.Duration messageDelay,
                boolean forJob) {
        this.forJob = forJob;
        this.planning = planWrites != null;
        this.config = config;
        this.run = run;
        this.providers = providers;
        this.ledger = ledger;
        this.sends = sends;
        this.approvals = planning ? GovernedSends.Approvals.NONE
                : sends::giveBack;
        this.planWrites = planWrites;
        this.facts = facts;
        this.clock = clock;
        this.random = random;
        this.suppression = new SuppressionRules(config.suppress());
        this.accounts = config.linkedin() == null ? List.of() : LinkedInAccount.of(config.linkedin());
        this.pacer = accounts.isEmpty() ? null : new AccountPacer(accounts);
        this.enrolment = config.email() == null ? null : new EmailEnrolment(config.email());
        this.template = config.linkedin() == null || config.linkedin().note() == null ? null : new NoteTemplate(config.linkedin().note());
        this.longestNote = accounts.stream().mapToInt(LinkedInAccount::noteLimit).max().orElse(LinkedInAccount.PREMIUM_NOTE_LIMIT);
        this.message = config.linkedin() == null ? null : config.linkedin().message();
        this.messageTemplate = message == null ? null : NoteTemplate.message(message.text());
        this.messageDelay = message == null ? null : messageDelay != null ? messageDelay : message.delay();
    }

    private boolean planning() {
        return planning;
    }

    /** Suppresses, paces and sends for one page of records; one result per record, by key, once all of it is recorded. */
    public Map<String, Result> enrol(List<Subject> subjects) {
        return SideBySide.joined(enrolPage(subjects).results());
    }

    /**
     * As {@link #enrol}, but returns once the page's sends are journaled and its email enrolments are on their way: Instantly's
     * answer, and writing it to the ledger and the journal, come beside the next pages' work ({@link Page#results}). That
     * is what lets one job keep up with Instantly's rate limit although each call takes a round trip. LinkedIn's calls are
     * still answered before this returns (they are paced one at a time anyway).
     *
     * @throws RuntimeException an earlier page's call or recording failed: nothing more is sent
     */
    public Page enrolPage(List<Subject> subjects) {
        Instant now = clock.instant();
        land(subjects);
        // approved sends whose records this run may never read: before the page, so that its "already sent" sees them
        sendApproved(now);
        int pageStart = flights.size(); // what this page adds from here is what its results wait for
        Map<String, Entry> unrecorded = unrecordedEnrolments();
        Said decided = new Said(); // what is known before any call: suppressed, nothing to send to, refused notes, planned
        Map<String, List<String>> lines = decided.lines();
        List<Send> emails = new ArrayList<>();
        List<Send> invitations = new ArrayList<>();
        Map<String, String> people = new LinkedHashMap<>();
        List<Entry> heldBack = new ArrayList<>(); // suppressed, and invitations refused before any call
        List<String> everyone = new ArrayList<>();
        subjects.forEach(subject -> {
            everyone.add(person(text(subject.values().get("email"))));
            everyone.add(person(text(subject.values().get("linkedinUrl"))));
        });
        // this page's earlier enrolments, looked up beside the people's last contacts (the email step needs both)
        CompletableFuture<Map<String, Entry>> enrolled = config.email() == null ? null
                : SideBySide.start(() -> ledger.outstanding(config.id(), "email", "enrol", subjects.stream().map(Subject::key).toList()));
        Map<String, List<OutreachSendStore.Contact>> contacts = withUnrecorded(facts.lastContacts(config.id(), everyone),
                unrecorded.values());
        pageMessages.clear();
        pageSubjects.clear();
        for (Subject subject : subjects) {
            pageSubjects.put(subject.key(), subject);
            lines.put(subject.key(), new ArrayList<>());
            String email = text(subject.values().get("email"));
            String linkedin = text(subject.values().get("linkedinUrl"));
            List<String> channels = channels(email, linkedin);
            Map<String, Suppressed> held = suppressedOn(channels, subject.key(), subject.values(), email, linkedin, contacts, now);
            if (!held.isEmpty() && held.keySet().containsAll(channels)) {
                holdBack(subject.key(), channels, held, email, linkedin, lines, heldBack);
                continue;
            }
            Optional<Suppressed> same = sameRunAs(subject.key(), email, linkedin);
            if (same.isPresent()) {
                Map<String, Suppressed> everywhere = new LinkedHashMap<>();
                channels.forEach(channel -> everywhere.put(channel, same.get()));
                everywhere.putIfAbsent(ANY_CHANNEL, same.get());
                holdBack(subject.key(), channels, everywhere, email, linkedin, lines, heldBack);
                continue;
            }
            // held back on one channel only ("contacted recently" counts this file's own sends on the same channel alone):
            // the other channel goes
            holdBack(subject.key(), new ArrayList<>(held.keySet()), held, email, linkedin, lines, heldBack);
            if (config.email() != null && !held.containsKey("email")) {
                if (email == null) {
                    lines.get(subject.key()).add("no email to enrol");
                } else {
                    emails.add(enrolment.send(subject.key(), email, subject.values()));
                    people.put(subject.key() + "|email", person(email));
                }
            }
            if (config.linkedin() != null && !held.containsKey("linkedin")) {
                if (linkedin == null) {
                    lines.get(subject.key()).add("no LinkedIn profile to invite");
                } else {
                    // the longest note any account takes; each account's own limit is checked once pacing picked it
                    NoteTemplate.Note note = template == null ? null : template.fill(subject.values(), longestNote);
                    if (note != null && !note.ok()) {
                        lines.get(subject.key()).add("LinkedIn invitation not sent: " + note.rejection());
                        decided.tried().put(subject.key(), true);
                        heldBack.add(entry("linkedin", subject.key(), person(linkedin), Status.REJECTED, null, note.kind() + ": "
                                + note.rejection(), null, null, null, Map.of()));
                    } else {
                        invitations.add(new Send(subject.key(), Kind.INVITE, null, null, linkedin, Map.of(), note == null ? null : note.text()));
                        people.put(subject.key() + "|linkedin", person(linkedin));
                        if (messageTemplate != null) {
                            // filled now, while the record's values are at hand: the message goes hours or days later
                            pageMessages.put(subject.key(), messageTemplate.fill(subject.values(), NoteTemplate.MESSAGE_LIMIT));
                        }
                    }
                }
            }
        }
        if (!planning()) {
            ledger.add(heldBack);
        }
        CompletableFuture<Said> emailed = CompletableFuture.completedFuture(new Said());
        if (config.email() != null) {
            Map<String, Entry> outstanding = new LinkedHashMap<>(unrecorded);
            outstanding.putAll(SideBySide.joined(enrolled));
            emailed = sendEmails(emails, outstanding, people, lines, now);
        }
        // LinkedIn's lines come after the email's, which are only known once Instantly answered
        Said invited = new Said();
        if (config.linkedin() != null) {
            sendInvitations(invitations, people, invited.lines(), invited.sent(), invited.tried(), now);
        }
        if (messageTemplate != null) {
            sendMessages(now, invited.lines());
        }
        CompletableFuture<Void> recorded = CompletableFuture.allOf(flights.subList(pageStart, flights.size()).stream()
                .map(Flight::recorded).toArray(CompletableFuture[]::new));
        // the page's own lines are not touched after this point: the answer's thread may read them
        return new Page(emailed.thenCombine(recorded, (email, done) -> results(subjects, decided.and(email).and(invited))));
    }

    /** Each record's result from what the page said of it, in order: before any call, by email, on LinkedIn. */
    private static Map<String, Result> results(List<Subject> subjects, Said said) {
        Map<String, Result> results = new LinkedHashMap<>();
        for (Subject subject : subjects) {
            String key = subject.key();
            List<String> lines = said.lines().getOrDefault(key, List.of());
            Result.Outcome outcome = said.sent().getOrDefault(key, false) ? Result.Outcome.SENT
                    : said.tried().getOrDefault(key, false) ? Result.Outcome.REJECTED : Result.Outcome.NOT_SENT;
            List<String> all = lines.isEmpty() ? List.of("nothing to send") : List.copyOf(lines);
            results.put(key, new Result(key, outcome, all, all.stream()
                    .filter(line -> !line.startsWith(SENT_MARK) && !line.startsWith(PLANNED_MARK)).toList()));
        }
        return results;
    }

    /** The key {@link #suppressedOn} files a record's suppression under when it has no channel to be sent on. */
    private static final String ANY_CHANNEL = "any";

    /**
     * Whether each of a record's channels is suppressed, by channel (absent: the send may go). The record's own fields
     * decide alike for every channel; "contacted recently" may not, as this file's own sends on its other channel do not
     * count ({@link LedgerFacts.Record#on}). A record with no channel to be sent on is checked once, under
     * {@link #ANY_CHANNEL}, so that what holds it back is still said.
     */
    private Map<String, Suppressed> suppressedOn(List<String> channels, String key, Map<String, Object> values, String email,
                                                 String linkedin, Map<String, List<OutreachSendStore.Contact>> contacts, Instant now) {
        LedgerFacts.Record known = facts.of(config.id(), key, contacts, this::enrolledByThisRun);
        Map<String, Suppressed> held = new LinkedHashMap<>();
        if (channels.isEmpty()) {
            suppression.check(values, email, linkedin, known.on(null), now).ifPresent(why -> held.put(ANY_CHANNEL, why));
            return held;
        }
        for (String channel : channels) {
            suppression.check(values, email, linkedin, known.on(channel), now).ifPresent(why -> held.put(channel, why));
        }
        return held;
    }

    /**
     * Says and records what holds a record back on {@code channels}: one line when the same rule holds every channel back
     * ("suppressed (customer): ..."), else a line per channel ("email enrolment suppressed (contacted recently): ...").
     */
    private void holdBack(String key, List<String> channels, Map<String, Suppressed> held, String email, String linkedin,
                          Map<String, List<String>> lines, List<Entry> heldBack) {
        if (held.isEmpty()) {
            return;
        }
        boolean oneRule = held.values().stream().distinct().count() == 1 && (channels.isEmpty() || held.keySet().containsAll(channels(email, linkedin)));
        if (oneRule) {
            Suppressed why = held.values().iterator().next();
            lines.get(key).add("suppressed (" + why.reason().label() + "): " + why.why());
        }
        for (String channel : channels) {
            Suppressed why = held.get(channel);
            if (why == null || channel.equals(ANY_CHANNEL)) {
                continue;
            }
            if (!oneRule) {
                lines.get(key).add(channelName(channel) + " suppressed (" + why.reason().label() + "): " + why.why());
            }
            heldBack.add(entry(channel, key, channel.equals("email") ? person(email) : person(linkedin), Status.SUPPRESSED,
                    rule(why), why.why(), null, null, null, Map.of()));
        }
    }

    /** A suppression reason as the ledger's {@code rule} column keeps it: "contacted-recently". */
    private static String rule(Suppressed why) {
        return why.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Before a page: an earlier call or recording that failed stops the run here, before anything more is sent; flights
     * written to the ledger are forgotten (the ledger answers for them); and a flight carrying one of this page's records
     * is waited for, since its answer decides whether the record is already enrolled.
     */
    private void land(List<Subject> subjects) {
        for (Flight flight : flights) {
            if (flight.recorded().isCompletedExceptionally()) {
                SideBySide.joined(flight.recorded());
            }
        }
        flights.removeIf(flight -> flight.recorded().isDone());
        // an answered call is work left on this machine (its rows, its journal results): the run goes on while calls wait
        // for Instantly, but not further ahead of that work than a page or two, or the cores go to switching between pages
        List<Flight> answered = flights.stream().filter(flight -> flight.answered().isDone()).toList();
        for (int i = 0; i < answered.size() - BACKLOG; i++) {
            SideBySide.joined(answered.get(i).recorded());
        }
        for (Subject subject : subjects) {
            for (Flight flight : flights) {
                if (flight.keys().contains(subject.key())) {
                    SideBySide.joined(flight.answered());
                }
            }
        }
    }

    /** The sent or deferred enrolments of earlier pages answered and not yet in the ledger, by record key. */
    private Map<String, Entry> unrecordedEnrolments() {
        Map<String, Entry> found = new LinkedHashMap<>();
        for (Flight flight : flights) {
            if (flight.answered().isDone() && !flight.answered().isCompletedExceptionally()) {
                for (Entry row : flight.answered().join()) {
                    if (row.status() == Status.SENT || row.status() == Status.DEFERRED) {
                        found.put(row.recordKey(), row);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Whether this run enrolled {@code key} on a page whose rows are not in the ledger yet (the dedupe rule found the
     * record as another of a person being checked); a call still in flight is waited for.
     */
    private boolean enrolledByThisRun(String key) {
        for (Flight flight : flights) {
            if (flight.keys().contains(key)) {
                return SideBySide.joined(flight.answered()).stream().anyMatch(row -> row.recordKey().equals(key)
                        && (row.status() == Status.SENT || row.status() == Status.DEFERRED));
            }
        }
        return false;
    }

    /** The ledger's contacts with the sends of earlier pages not yet in it. */
    private static Map<String, List<OutreachSendStore.Contact>> withUnrecorded(Map<String, List<OutreachSendStore.Contact>> contacts,
                                                                              java.util.Collection<Entry> unrecorded) {
        if (unrecorded.isEmpty()) {
            return contacts;
        }
        Map<String, List<OutreachSendStore.Contact>> all = new LinkedHashMap<>(contacts);
        for (Entry row : unrecorded) {
            if (row.status() == Status.SENT) {
                all.merge(row.person(), List.of(new OutreachSendStore.Contact(row.sentAt(), row.channel(), row.outreach(), row.recordKey())),
                        (known, more) -> java.util.stream.Stream.concat(known.stream(), more.stream()).toList());
            }
        }
        return all;
    }

    /**
     * A second record of a person this run already sends to (the same email or LinkedIn profile): the ledger and the match
     * index know of the first only once it is sent, so two records of one page would otherwise both go out.
     */
    private Optional<Suppressed> sameRunAs(String key, String email, String linkedin) {
        for (String person : new String[] {person(email), person(linkedin)}) {
            String first = person == null ? null : inThisRun.get(person);
            if (first != null && !first.equals(key)) {
                return Optional.of(new Suppressed(Suppressed.Reason.ALREADY_ENROLLED, "the same " + (person.equals(person(email))
                        ? "email" : "LinkedIn profile") + " as " + first + ", sent to by this run"));
            }
        }
        for (String person : new String[] {person(email), person(linkedin)}) {
            if (person != null) {
                inThisRun.putIfAbsent(person, key);
            }
        }
        return Optional.empty();
    }

    // ---- email (Instantly) -------------------------------------------------------------------------------------------

    /**
     * Journals and sends the page's email enrolments without waiting for Instantly's answer: what it says of each record
     * comes with the returned future, once the answer is also written to the ledger and the journal ({@link Flight}).
     *
     * @param outstanding the ledger's sent or deferred enrolments of the page's records, by record key
     * @param lines       what is known now: already enrolled, refused by the policy, planned
     */
    private CompletableFuture<Said> sendEmails(List<Send> emails, Map<String, Entry> outstanding, Map<String, String> people,
                                               Map<String, List<String>> lines, Instant now) {
        OutreachConfig.Email email = config.email();
        List<Send> fresh = new ArrayList<>();
        for (Send send : emails) {
            Entry earlier = outstanding.get(send.key());
            if (earlier != null) {
                line(lines, send.key(), "already enrolled in " + email.destination() + " by run " + earlier.runId() + " (" + earlier.sentAt() + ")");
            } else {
                fresh.add(send);
            }
        }
        Outreach provider = planning() ? null : providers.apply(email.connection());
        int batch = provider == null ? 1_000 : provider.maxBatchSize(Kind.ENROL);
        Map<String, Object> options = enrolment.options();
        if (interrupted == null && !planning()) {
            interrupted = sends.interrupted(email.connection(), LEADS);
        }
        CompletableFuture<Said> said = CompletableFuture.completedFuture(new Said());
        for (int from = 0; from < fresh.size(); from += batch) {
            List<Send> chunk = fresh.subList(from, Math.min(fresh.size(), from + batch));
            if (planning()) {
                Said planned = new Said();
                plan(email.connection(), LEADS, chunk, lines, planned.sent(), "would enrol in " + email.destination());
                said = said.thenApply(before -> before.and(planned));
                continue;
            }
            GovernedSends.Intended intended = GovernedSends.intend(sends, approvals, email.connection(), LEADS, chunk, OutreachRun::intent,
                    (send, why, review) -> {
                        line(lines, send.key(), channelName("email") + " not sent: " + why);
                        park("email", send, people.get(send.key() + "|email"), review, why);
                    });
            if (intended != null) {
                said = said.thenCombine(fly(intended, provider, options, people, now, "enrolled in " + email.destination()), Said::and);
            }
        }
        return said;
    }

    /**
     * One add-leads call in flight: sent on another thread; its answer made into ledger rows and lines there, then written
     * to the ledger beside the journal's results. The page's results wait for all of it.
     */
    private CompletableFuture<Said> fly(GovernedSends.Intended intended, Outreach provider, Map<String, Object> options,
                                        Map<String, String> pagePeople, Instant now, String sentLine) {
        Said said = new Said();
        Map<String, String> people = new java.util.HashMap<>(pagePeople); // the page's map goes on changing on this thread
        Map<String, Long> before = interrupted;
        CompletableFuture<GovernedSends.Called> call = SideBySide.start(() -> resumed(enrolling(config.email().destination(),
                () -> GovernedSends.send(sends, intended, provider, options)), before, said));
        CompletableFuture<List<Entry>> answered = call.thenApply(called ->
                rows("email", called, people, now, said.lines(), said.sent(), said.tried(), sentLine));
        CompletableFuture<Void> recorded = call.thenCombine(answered, (called, rows) -> CompletableFuture.allOf(
                        SideBySide.run(() -> settleJournal(called.permit(), called.outcomes())), SideBySide.run(() -> ledger.add(rows)))
                .exceptionally(failure -> {
                    throw new IllegalStateException("The state store could not record what Instantly answered for the "
                            + rows.size() + " lead(s) of a page enrolled by outreach/" + config.id() + ".yaml (run " + run.id()
                            + "): " + SideBySide.cause(failure).getMessage() + ". The page was not committed, so the job's next run"
                            + " reads its records again (" + (config.email().skipsIfInCampaign() || config.email().skipsIfInWorkspace()
                            ? "Instantly skips the leads already added" : "set skipIfInCampaign: true so that Instantly skips the"
                            + " leads already added") + "); the journal kept each send's intent: `middlemile rollback " + run.id()
                            + " --plan` lists them.", SideBySide.cause(failure));
                })).thenCompose(writing -> writing);
        flights.add(new Flight(intended.allowed().stream().map(Send::key).collect(java.util.stream.Collectors.toSet()), answered, recorded));
        return recorded.thenApply(done -> said);
    }

    /**
     * An add-leads call, saying where its id comes from when Instantly does not know it (HTTP 404): the campaign or list is
     * {@code email.campaign} or {@code email.list} of this outreach file, the one thing to correct before the job runs again.
     */
    private <T> T enrolling(String destination, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (InstantlyCallException e) {
            if (e.kind() != ConnectorException.Kind.NOT_FOUND || destination == null) {
                throw e;
            }
            boolean list = destination.startsWith("list:");
            String id = destination.substring(destination.indexOf(':') + 1);
            String what = list ? "lead list" : "campaign";
            String blocklist = config.email().blocklist() == null ? ""
                    : "; if the " + what + " is there, check email.blocklist (" + config.email().blocklist() + ")";
            throw new InstantlyCallException(e.kind(), e.answer() + ". Instantly has no " + what + " " + id + " that the API key of"
                    + " connection '" + config.email().connection() + "' can reach: check " + (list ? "email.list" : "email.campaign")
                    + " in outreach/" + config.id() + ".yaml (Instantly shows a " + what + "'s id in its URL)" + blocklist
                    + ", then run the job again.", e.answer(), e.status(), e.retryAfter(), e);
        }
    }

    /**
     * A lead Instantly skips as already there, whose enrolment this run journaled before the engine stopped and never
     * recorded: that enrolment reached Instantly. It counts as sent (the ledger, "contacted within N days", the run's
     * summary), not as skipped, and the interrupted journal entry is settled as made.
     */
    private GovernedSends.Called resumed(GovernedSends.Called called, Map<String, Long> before, Said said) {
        if (before.isEmpty()) {
            return called;
        }
        List<Outreach.Outcome> outcomes = new ArrayList<>(called.outcomes());
        Map<Long, String> confirmed = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outreach.Outcome outcome = outcomes.get(i);
            Long earlier = before.get(outcome.key());
            if (earlier != null && outcome.status() == Outreach.Outcome.Status.SKIPPED) {
                String how = "enrolled by run " + run.id() + " before the engine stopped; Instantly already had the lead when the run resumed";
                outcomes.set(i, new Outreach.Outcome(outcome.key(), Outreach.Outcome.Status.SENT, null, how, null));
                confirmed.put(earlier, how);
                line(said.lines(), outcome.key(), how);
            }
        }
        if (confirmed.isEmpty()) {
            return called;
        }
        sends.settledAfterInterruption(confirmed);
        return new GovernedSends.Called(called.permit(), called.allowed(), List.copyOf(outcomes));
    }

    // ---- sends parked for review, made once approved -----------------------------------------------------------------

    /** Keys of a parked send's ledger row ({@link OutreachSendStore#park}): its review item, and its record as it was read. */
    private static final String REVIEW = "review";
    private static final String RECORD = "record";

    /** Approved sends made per run at most: the rest go with the next runs (the job's schedule drains them). */
    private static final int APPROVED_PER_RUN = 200;

    /**
     * Keeps a send the policy parked for review in the ledger, with its review item and its record's values, so that the
     * run after the approval makes it whether or not it reads the record again ({@link #sendApproved}). Nothing is kept in
     * a plan, for an agent's single send, or for a send refused without a review (denied, rejected in review before).
     */
    private void park(String channel, Send send, String person, Long review, String why) {
        if (review == null || planning() || !forJob) {
            return;
        }
        Subject subject = pageSubjects.get(send.key());
        Map<String, Object> kept = new LinkedHashMap<>(SendJson.write(send));
        kept.put(REVIEW, review);
        kept.put(RECORD, subject == null ? Map.of() : io.middlemile.store.StorableValues.of(subject.values()));
        ledger.park(entry(channel, send.key(), person, Status.AWAITING, null, why, null, null, null, kept));
    }

    /** A kept send that was parked again (a new review item): the row now waits for that one. */
    private void repark(Entry row, Send send, long review, String why) {
        Map<String, Object> kept = new LinkedHashMap<>(SendJson.write(send));
        kept.put(REVIEW, review);
        kept.put(RECORD, parkedValues(row));
        ledger.park(new Entry(0, config.id(), run.job(), run.id(), row.channel(), row.kind(), row.connection(), null, row.recordKey(),
                row.person(), Status.AWAITING, null, why, null, null, null, kept));
    }

    /** The record's values a parked send kept; for a row that kept none (a deferred invitation), what its send names. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parkedValues(Entry row) {
        if (row.send() != null && row.send().get(RECORD) instanceof Map<?, ?> values && !values.isEmpty()) {
            return (Map<String, Object>) values;
        }
        Send send = row.send() == null ? null : SendJson.read(row.send());
        Map<String, Object> values = new LinkedHashMap<>();
        if (send != null && send.recipient() != null) {
            values.put(row.channel().equals("email") ? "email" : "linkedinUrl", send.recipient());
        }
        return values;
    }

    /**
     * Sends the policy parked for review that a person has decided since (once per run, before the run's first page). An
     * incremental reader (HubSpot's) reads a record again only once it changes, so an approved send waiting for its record
     * would wait until someone edits the contact; it goes with this run instead, as deferred invitations do. At send time
     * it passes what any send passes: suppression (the record's values as they were parked, which a record not read again
     * still has; the ledger's contacts as they are now), the ledger's "already sent", the policy (which finds the approval
     * and carries it out once), the caps, the kill switch and the journal; an invitation is paced with the run's first
     * invitations. A rejected or expired review closes the kept send; one whose approval another run carried out (its
     * record was read again) is forgotten.
     */
    private void sendApproved(Instant now) {
        if (approvedTried || planning() || !forJob) {
            return;
        }
        approvedTried = true;
        List<OutreachSendStore.Reviewed> found = ledger.reviewed(config.id(), APPROVED_PER_RUN);
        if (found.isEmpty()) {
            return;
        }
        List<String> everyone = new ArrayList<>();
        for (OutreachSendStore.Reviewed reviewed : found) {
            Map<String, Object> values = parkedValues(reviewed.entry());
            everyone.add(person(text(values.get("email"))));
            everyone.add(person(text(values.get("linkedinUrl"))));
        }
        Map<String, List<OutreachSendStore.Contact>> contacts = facts.lastContacts(config.id(), everyone);
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (OutreachSendStore.Reviewed reviewed : found) {
            Entry row = reviewed.entry();
            String key = row.recordKey();
            String what = channelName(row.channel());
            Entry earlier = ledger.outstanding(config.id(), row.channel(), row.kind(), List.of(key)).get(key);
            if (earlier != null || (reviewed.carriedOutBy() != null && ledger.answered(row, reviewed.carriedOutBy()))) {
                // the record was read again and its send made there (the approval carried out, or the policy let it go):
                // nothing is left to send or to close
                ledger.forget(row.id());
                continue;
            }
            if (reviewed.decision() != ReviewItem.Status.APPROVED) {
                String why = reviewed.decision() == ReviewItem.Status.REJECTED
                        ? "refused in review: #" + reviewed.review() + " was rejected by " + reviewed.decidedBy()
                        : "not decided in review: #" + reviewed.review() + " " + reviewed.decision().wire() + " before anyone approved it"
                        + " (a change to the record parks the send again)";
                line(lines, key, what + " not sent: " + why);
                ledger.settle(row.id(), run.id(), Status.REJECTED, why, null, null, null);
                continue;
            }
            Map<String, Object> values = parkedValues(row);
            String email = text(values.get("email"));
            String linkedin = text(values.get("linkedinUrl"));
            Suppressed held = suppressedOn(List.of(row.channel()), key, values, email, linkedin, contacts, now).get(row.channel());
            if (held == null) {
                held = sameRunAs(key, email, linkedin).orElse(null);
            }
            if (held != null) {
                line(lines, key, what + " approved in review #" + reviewed.review() + " suppressed (" + held.reason().label() + "): "
                        + held.why());
                ledger.suppress(row.id(), run.id(), rule(held), held.why());
                continue;
            }
            Send send = SendJson.read(row.send());
            if (row.channel().equals("email") && config.email() != null) {
                sendApprovedEmail(row, send, reviewed.review(), lines, now);
            } else if (row.channel().equals("linkedin") && config.linkedin() != null) {
                approvedInvitations.put(send, row);
            } else {
                String why = "outreach/" + config.id() + ".yaml has no " + row.channel() + ": channel any more";
                line(lines, key, what + " approved in review #" + reviewed.review() + " not sent: " + why);
                ledger.settle(row.id(), run.id(), Status.REJECTED, why, null, null, null);
            }
        }
        lines.forEach((key, said) -> LOG.info("Outreach {}, run {}: {}: {}", config.id(), run.id(), key, String.join("; ", said)));
    }

    /**
     * One approved email enrolment, through the governed pipeline like any (its approval makes the policy let it go once),
     * answered before the run's pages go on; its kept row is settled with Instantly's answer.
     */
    private void sendApprovedEmail(Entry row, Send send, long review, Map<String, List<String>> lines, Instant now) {
        Outreach provider = providers.apply(row.connection());
        Map<String, Object> options = enrolment.options();
        GovernedSends.Called called;
        try {
            called = enrolling(send.destination(), () -> GovernedSends.call(sends, approvals, row.connection(), LEADS, provider,
                    List.of(send), options, OutreachRun::intent, (refused, why, again) -> {
                        line(lines, refused.key(), "approved email enrolment not sent: " + why);
                        if (again != null) {
                            repark(row, refused, again, why);
                        } else {
                            ledger.settle(row.id(), run.id(), Status.REJECTED, why, null, null, null);
                        }
                    }));
        } catch (RuntimeException e) {
            if (GovernedSends.refusedForGood(e)) {
                // Instantly refused the request as sent (an unknown campaign): the approval went with it, and the kept send
                // would be refused the same way by every run; closed, saying so. Any other failure left the row and its
                // approval waiting for the next run
                String why = "refused by Instantly: " + e.getMessage() + " Nothing was sent and the approval of review #" + review
                        + " is used up: the record is enrolled when the job reads it again (the contact changes, or a run from the start).";
                ledger.settle(row.id(), run.id(), Status.REJECTED, why, null, now, null);
                LOG.warn("Outreach {}, run {}: {}: approved email enrolment not sent: {}", config.id(), run.id(), row.recordKey(), why);
            }
            throw e;
        }
        if (called == null) {
            return;
        }
        settleJournal(called.permit(), called.outcomes());
        Outreach.Outcome outcome = called.outcomes().get(0);
        settleRow(row, null, outcome, now);
        describe(outcome, lines, new LinkedHashMap<>(), new LinkedHashMap<>(), "enrolled in " + send.destination()
                + " (approved in review #" + review + ")");
    }

    /**
     * The follow-up message of an approved invitation that was just sent or deferred: its awaiting row, as a freshly
     * decided invitation gets one ({@link #awaitMessages}). An ordinary deferred invitation has had one since it was deferred.
     */
    private void awaitApprovedMessage(Entry row, Status now, Map<String, List<String>> lines) {
        if (row.status() != Status.AWAITING || (now != Status.SENT && now != Status.DEFERRED)) {
            return;
        }
        awaitMessages(List.of(new Entry(row.id(), row.outreach(), row.job(), run.id(), row.channel(), row.kind(), row.connection(),
                row.account(), row.recordKey(), row.person(), now, null, null, null, null, null, row.send())), lines);
    }

    // ---- LinkedIn (Unipile) ------------------------------------------------------------------------------------------

    private void sendInvitations(List<Send> invitations, Map<String, String> people, Map<String, List<String>> lines,
                                 Map<String, Boolean> sent, Map<String, Boolean> tried, Instant now) {
        String connection = config.linkedin().connection();
        Map<String, Entry> outstanding = ledger.outstanding(config.id(), "linkedin", "invite", invitations.stream().map(Send::key).toList());
        List<Send> waiting = new ArrayList<>();
        Map<Send, Entry> deferredRows = new LinkedHashMap<>();
        java.util.Set<String> approvedKeys = approvedInvitations.keySet().stream().map(Send::key).collect(java.util.stream.Collectors.toSet());
        for (Send send : invitations) {
            Entry earlier = outstanding.get(send.key());
            if (approvedKeys.contains(send.key())) {
                // the record's approved invitation goes with this run already; a second one would reach the person twice
                line(lines, send.key(), "LinkedIn invitation goes as approved in review, with this run's first invitations");
            } else if (earlier == null) {
                waiting.add(send);
            } else if (earlier.status() == Status.DEFERRED && !forJob && run.job().equals(earlier.job()) && earlier.dueAt() != null
                    && !earlier.dueAt().isAfter(now)) {
                // the same agent asking again for its own invitation, now due: it goes with this call, as the agent's send it
                // was (an agent's runs are its job, agent:NAME)
                deferredRows.put(SendJson.read(earlier.send()), earlier);
                people.put(send.key() + "|linkedin", earlier.person());
            } else if (earlier.status() == Status.DEFERRED && forJob && !planning() && abandoned(earlier, now)
                    && ledger.release(earlier, released(earlier, now))) {
                // an agent's invitation left due for longer than agentGrace(): the agent is not coming back for it, and the
                // person would stay uninvited for good. This job read the record itself, so it invites as its own send (its
                // policy, caps, journal); the agent's row and its message are closed saying so
                line(lines, send.key(), "LinkedIn invitation deferred by " + earlier.job() + " was due since " + WHEN.format(earlier.dueAt())
                        + " and " + earlier.job() + " did not enroll this record again within " + graceText()
                        + ": released; this run invites as the job's own send");
                waiting.add(send);
            } else if (earlier.status() == Status.DEFERRED) {
                // waiting, and whose it is: a job's goes with the job runs; an agent's only with that agent's next enroll
                Instant due = earlier.dueAt();
                String when = due == null ? "" : due.isAfter(now) ? " until " + WHEN.format(due) : ", due since " + WHEN.format(due);
                line(lines, send.key(), "LinkedIn invitation already waiting" + when + " (deferred by " + earlier.job() + "): "
                        + goesWith(earlier));
            } else {
                line(lines, send.key(), "already invited on LinkedIn by run " + earlier.runId() + " (" + earlier.sentAt() + ")");
            }
        }
        // the jobs' deferred sends now due go first: they waited longest (once per run). A job's run only: they are the jobs'
        // sends (an agent's single run took its own record's above; the ledger leaves the agents' out of the jobs' queue)
        if (!dueTried && !planning() && forJob) {
            dueTried = true;
            // no more than the accounts could send in one run: the others stay due for the next run, untouched
            for (Entry due : ledger.due(config.id(), now, Math.max(10, accounts.size() * 2))) {
                Send send = SendJson.read(due.send());
                deferredRows.put(send, due);
                people.put(send.key() + "|linkedin", due.person());
            }
            // approved invitations are paced like any other; their rows are settled as deferred ones are
            approvedInvitations.forEach((send, row) -> {
                deferredRows.put(send, row);
                people.put(send.key() + "|linkedin", row.person());
                if (messageTemplate != null) {
                    pageMessages.put(send.key(), messageTemplate.fill(parkedValues(row), NoteTemplate.MESSAGE_LIMIT));
                }
            });
            approvedInvitations.clear();
        }
        List<Send> queue = new ArrayList<>(deferredRows.keySet());
        queue.addAll(waiting);
        if (queue.isEmpty()) {
            return;
        }
        // the earliest week start of the accounts (their zones differ): one query, each account's usage counted in its zone
        Instant since = accounts.stream().map(account -> account.weekStart(now)).min(Instant::compareTo).orElse(now);
        Map<String, OutreachSendStore.CallTimes> calls = ledger.callTimes(connection, accounts.stream().map(LinkedInAccount::id).toList(),
                "invite", since);
        Map<String, AccountUsage> usage = new LinkedHashMap<>();
        for (LinkedInAccount account : accounts) {
            Instant week = account.weekStart(now);
            OutreachSendStore.CallTimes times = calls.get(account.id());
            usage.put(account.id(), AccountUsage.of(account.zone(), times.sent().stream().filter(at -> !at.isBefore(week)).toList(),
                    times.made().stream().filter(at -> !at.isBefore(week)).toList()));
        }
        List<Pacing> placed = pacer.plan(queue.size(), usage, now, random);
        Outreach provider = planning() ? null : providers.apply(connection);
        List<Entry> deferrals = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
            Send send = queue.get(i);
            Pacing pacing = placed.get(i);
            Entry row = deferredRows.get(send);
            Instant until;
            String why;
            if (pacing instanceof Pacing.Slot slot && !slot.at().isAfter(now)) {
                LinkedInAccount account = account(slot.account());
                if (send.text() != null && send.text().length() > account.noteLimit()) {
                    String reason = "the invitation note is " + send.text().length() + " characters; LinkedIn account " + account.id()
                            + (account.premium() ? " (paid)" : " (free)") + " takes at most " + account.noteLimit()
                            + ": shorten linkedin.note in outreach/" + config.id() + ".yaml (it is never cut)";
                    line(lines, send.key(), "LinkedIn invitation not sent: " + reason);
                    tried.put(send.key(), true);
                    if (!planning()) {
                        settleOrAdd(row, entry("linkedin", send.key(), people.get(send.key() + "|linkedin"), Status.REJECTED, null, reason,
                                null, null, null, SendJson.write(send)).withAccount(account.id()));
                    }
                    continue;
                }
                // the account's note limit travels with the send: Unipile's connector refuses a note over it, never cuts it
                Map<String, Object> fields = new LinkedHashMap<>(send.fields());
                fields.put(io.middlemile.connector.unipile.UnipileConnector.PREMIUM_FIELD, account.premium());
                Send from = new Send(send.key(), send.kind(), account.id(), send.destination(), send.recipient(), fields, send.text());
                if (planning()) {
                    plan(connection, INVITATIONS, List.of(from), lines, sent, "would invite on LinkedIn from " + account.id());
                    continue;
                }
                if (row != null) {
                    // a deferred send that goes now: its ledger row is settled, not duplicated
                    callDeferred(connection, provider, from, row, lines, sent, tried, now);
                } else {
                    invite(connection, provider, from, people, lines, sent, tried, now, "invited on LinkedIn from " + account.id());
                }
                continue;
            } else if (pacing instanceof Pacing.Slot slot) {
                until = slot.at();
                why = "account " + slot.account() + " spaces its invitations (" + describeSpacing(slot.account()) + " apart)";
            } else {
                Pacing.Deferred deferred = (Pacing.Deferred) pacing;
                until = deferred.until();
                why = deferred.why();
            }
            line(lines, send.key(), "LinkedIn invitation deferred until " + WHEN.format(until) + ": " + why + agentsNextCall());
            if (planning()) {
                continue;
            }
            if (row != null) {
                ledger.settle(row.id(), run.id(), Status.DEFERRED, why, until, null, null);
                awaitApprovedMessage(row, Status.DEFERRED, lines);
            } else {
                deferrals.add(entry("linkedin", send.key(), people.get(send.key() + "|linkedin"), Status.DEFERRED, null, why, until, null,
                        null, SendJson.write(send)));
            }
        }
        ledger.add(deferrals);
        awaitMessages(deferrals, lines);
    }

    /** A deferred invitation whose time came: through the governed pipeline like any send, settling its own ledger row. */
    private void callDeferred(String connection, Outreach provider, Send send, Entry row, Map<String, List<String>> lines,
                              Map<String, Boolean> sent, Map<String, Boolean> tried, Instant now) {
        boolean approved = row.status() == Status.AWAITING;
        GovernedSends.Called called = GovernedSends.call(sends, approvals, connection, INVITATIONS, provider, List.of(send), Map.of(),
                OutreachRun::intent, (refused, reason, review) -> {
                    line(lines, send.key(), (approved ? "approved" : "deferred") + " LinkedIn invitation not sent: " + reason);
                    if (review != null && forJob) {
                        // parked for review now: kept, and made by the run after the approval
                        repark(row, send, review, reason);
                    } else {
                        ledger.settle(row.id(), run.id(), Status.SKIPPED, reason, null, null, null);
                    }
                });
        if (called == null) {
            return;
        }
        settleJournal(called.permit(), called.outcomes());
        Outreach.Outcome outcome = called.outcomes().get(0);
        settleRow(row, send.account(), outcome, now);
        awaitApprovedMessage(row, switch (outcome.status()) {
            case SENT -> Status.SENT;
            case DEFERRED -> Status.DEFERRED;
            default -> Status.REJECTED;
        }, lines);
        describe(outcome, lines, sent, tried, (approved ? "approved invitation sent on LinkedIn from " : "deferred invitation sent on LinkedIn from ")
                + send.account());
        if (io.middlemile.connector.unipile.UnipileConnector.alreadyConnected(outcome)) {
            messageConnection(send, row.person(), lines, now);
        }
    }

    /** @param account the account that made the call: its caps count the row from now on */
    private void settleRow(Entry row, String account, Outreach.Outcome outcome, Instant now) {
        switch (outcome.status()) {
            case SENT -> ledger.settle(row.id(), run.id(), account, Status.SENT, null, null, now, outcome.providerId());
            case DEFERRED -> ledger.settle(row.id(), run.id(), account, Status.DEFERRED, outcome.reason(),
                    outcome.retryAt() == null ? now.plus(java.time.Duration.ofHours(1)) : outcome.retryAt(), null, null);
            case SKIPPED -> ledger.settle(row.id(), run.id(), account, Status.SKIPPED, outcome.reason(), null, now, null);
            case REJECTED -> ledger.settle(row.id(), run.id(), account, Status.REJECTED, outcome.reason(), null, now, null);
        }
    }

    private void settleOrAdd(Entry row, Entry fresh) {
        if (row == null) {
            ledger.add(List.of(fresh));
        } else {
            ledger.settle(row.id(), run.id(), fresh.account(), fresh.status(), fresh.reason(), null, fresh.sentAt(), null);
        }
    }

    // ---- LinkedIn messages after an accepted invitation (linkedin.message) --------------------------------------------

    /**
     * The message of each invitation just sent or deferred, as an {@code awaiting} row of the ledger: the text filled
     * from the record now, the account left open (the message goes from the account whose invitation is accepted). A
     * record whose message cannot be filled gets its invitation, and a rejected message row saying why.
     */
    private void awaitMessages(List<Entry> invitations, Map<String, List<String>> lines) {
        if (messageTemplate == null || planning()) {
            return;
        }
        List<Entry> rows = new ArrayList<>();
        for (Entry invitation : invitations) {
            NoteTemplate.Note text = pageMessages.get(invitation.recordKey());
            if (text == null || (invitation.status() != Status.SENT && invitation.status() != Status.DEFERRED)) {
                continue;
            }
            Send invite = SendJson.read(invitation.send());
            if (!text.ok()) {
                line(lines, invitation.recordKey(), "no LinkedIn message will follow the invitation: " + text.rejection());
                rows.add(messageEntry(invitation.recordKey(), invitation.person(), Status.REJECTED, text.kind() + ": " + text.rejection(),
                        null, null, Map.of()));
                continue;
            }
            Send follow = new Send(invite.key(), Kind.MESSAGE, null, null, invite.recipient(), Map.of(), text.text());
            rows.add(messageEntry(invitation.recordKey(), invitation.person(), Status.AWAITING, "waits for the invitation to be accepted",
                    null, null, SendJson.write(follow)));
            if (!forJob) {
                // the agent's message waits for the agent: said, or it would wait unseen
                line(lines, invitation.recordKey(), "LinkedIn message waits for the invitation to be accepted" + agentsNextCall());
            }
        }
        ledger.add(rows);
    }

    /**
     * A person already connected to the inviting account (LinkedIn refuses them an invitation): with
     * {@code toConnections: true} the message goes instead, due now, from that account.
     */
    private void messageConnection(Send invite, String person, Map<String, List<String>> lines, Instant now) {
        if (messageTemplate == null || !message.messagesConnections() || planning()) {
            return;
        }
        String why = "already a connection of account " + invite.account() + ": messaged instead of invited";
        NoteTemplate.Note text = pageMessages.get(invite.key());
        int added = 0;
        if (text != null && text.ok()) {
            Send follow = new Send(invite.key(), Kind.MESSAGE, invite.account(), null, invite.recipient(), Map.of(), text.text());
            added = ledger.add(List.of(messageEntry(invite.key(), person, Status.DEFERRED, why, now, invite.account(), SendJson.write(follow))));
        }
        if (added == 0) {
            // a deferred invitation: its message already waits for an acceptance that will not come
            ledger.messageNow(config.id(), invite.key(), invite.account(), why, now);
        }
        line(lines, invite.key(), "already a LinkedIn connection of " + invite.account() + ": the message goes instead of an invitation");
    }

    /**
     * The messages something is to be done about now (once per run): accepted at least the delay ago, or deferred and
     * due, or their person wrote first. A reply cancels (suppressed, "replied"); a person this outreach already messaged
     * is not messaged again; the rest are paced per sending account (its hours, pause and messages per day) and go
     * through the governed pipeline like any send, or wait, deferred, for the account's next window.
     */
    private void sendMessages(Instant now, Map<String, List<String>> lines) {
        if (messagesTried) {
            return;
        }
        messagesTried = true;
        String connection = config.linkedin().connection();
        // the acceptedWithin sweep, as the queues are split: a job's run sweeps the jobs' messages and leaves the agents' alone
        // (the agent's rows are the agent's: closing one would be the job deciding the agent's send); an agent's single run
        // sweeps its own record's message before it looks for one to send, so a late acceptance brings it no message either
        if (!planning()) {
            String notAccepted = "the invitation was not accepted within " + message.acceptedWithinText()
                    + " (linkedin.message.acceptedWithin in outreach/" + config.id() + ".yaml); not messaged";
            if (forJob) {
                int dropped = ledger.dropUnaccepted(config.id(), now, message.acceptWindow(), run.id(), notAccepted);
                if (dropped > 0) {
                    LOG.info("Outreach {}: {} LinkedIn message(s) dropped: their invitations were not accepted within {}", config.id(),
                            dropped, message.acceptedWithinText());
                }
            } else {
                ledger.dropUnacceptedOf(run.job(), config.id(), pageSubjects.keySet(), now, message.acceptWindow(), run.id(), notAccepted)
                        .forEach(key -> line(lines, key, "LinkedIn message not sent: " + notAccepted));
            }
        }
        // a job's run: the jobs' messages; an agent's single run: only its own record's message, one it put there itself (its
        // invitation accepted, or a person already connected, messaged instead of invited). Each goes as the sender's own send
        List<OutreachSendStore.FollowUp> found = forJob
                ? ledger.followUps(config.id(), now.minus(messageDelay), now, Math.max(20, accounts.size() * 10))
                : ledger.followUpsOf(run.job(), config.id(), pageSubjects.keySet(), now.minus(messageDelay), now);
        if (found.isEmpty()) {
            return;
        }
        java.util.Set<String> messaged = new java.util.HashSet<>(ledger.messaged(config.id(),
                found.stream().map(f -> f.entry().person()).distinct().toList()));
        Map<String, List<Entry>> byAccount = new LinkedHashMap<>();
        for (OutreachSendStore.FollowUp followUp : found) {
            Entry row = followUp.entry();
            String key = row.recordKey();
            if (followUp.repliedAt() != null) {
                String why = "wrote on LinkedIn at " + WHEN.format(followUp.repliedAt()) + ", before the message was due; not messaged";
                line(lines, key, "LinkedIn message not sent: " + why);
                if (!planning()) {
                    ledger.suppress(row.id(), run.id(), Suppressed.Reason.REPLIED.name().toLowerCase(Locale.ROOT), why);
                }
                continue;
            }
            if (!messaged.add(row.person())) {
                line(lines, key, "LinkedIn message not sent: " + row.person() + " was already messaged by this outreach");
                if (!planning()) {
                    ledger.settle(row.id(), run.id(), Status.SKIPPED, "already messaged by this outreach (another record of the person)",
                            null, now, null);
                }
                continue;
            }
            String account = row.account() != null ? row.account() : followUp.acceptedBy();
            if (account == null || accounts.stream().noneMatch(a -> a.id().equals(account))) {
                String why = "the invitation was accepted by account " + account + ", which linkedin.accounts of outreach/" + config.id()
                        + ".yaml does not list (only the account the person accepted can message them); not messaged";
                line(lines, key, "LinkedIn message not sent: " + why);
                if (!planning()) {
                    ledger.settle(row.id(), run.id(), account, Status.SKIPPED, why, null, now, null);
                }
                continue;
            }
            byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(row);
        }
        if (byAccount.isEmpty()) {
            return;
        }
        Instant since = byAccount.keySet().stream().map(id -> account(id).weekStart(now)).min(Instant::compareTo).orElse(now);
        Map<String, OutreachSendStore.CallTimes> calls = ledger.callTimes(connection, byAccount.keySet(), "message", since);
        Outreach provider = planning() ? null : providers.apply(connection);
        for (Map.Entry<String, List<Entry>> entry : byAccount.entrySet()) {
            LinkedInAccount account = account(entry.getKey()).forMessages();
            Instant week = account.weekStart(now);
            OutreachSendStore.CallTimes times = calls.get(account.id());
            AccountUsage usage = AccountUsage.of(account.zone(), times.sent().stream().filter(at -> !at.isBefore(week)).toList(),
                    times.made().stream().filter(at -> !at.isBefore(week)).toList());
            List<Entry> rows = entry.getValue();
            List<Pacing> placed = new AccountPacer(List.of(account), "messages").plan(rows.size(), Map.of(account.id(), usage), now, random);
            for (int i = 0; i < rows.size(); i++) {
                Entry row = rows.get(i);
                Send kept = SendJson.read(row.send());
                Send send = new Send(kept.key(), Kind.MESSAGE, account.id(), kept.destination(), kept.recipient(), Map.of(), kept.text());
                Instant until;
                String why;
                if (placed.get(i) instanceof Pacing.Slot slot && !slot.at().isAfter(now)) {
                    if (planning()) {
                        plan(connection, MESSAGES, List.of(send), lines, new LinkedHashMap<>(), "would message on LinkedIn from " + account.id());
                    } else {
                        sendMessage(connection, provider, send, row, lines, now);
                    }
                    continue;
                } else if (placed.get(i) instanceof Pacing.Slot slot) {
                    until = slot.at();
                    why = "account " + account.id() + " spaces its messages (" + describeSpacing(account.id()) + " apart)";
                } else {
                    until = ((Pacing.Deferred) placed.get(i)).until();
                    why = ((Pacing.Deferred) placed.get(i)).why();
                }
                line(lines, row.recordKey(), "LinkedIn message deferred until " + WHEN.format(until) + ": " + why + agentsNextCall());
                if (!planning()) {
                    ledger.settle(row.id(), run.id(), account.id(), Status.DEFERRED, why, until, null, null);
                }
            }
        }
    }

    /**
     * One message through the governed pipeline. Its ledger row is marked sent before the call: LinkedIn would deliver a
     * second copy of a message sent twice, so a crash between the call and the row leaves the message sent at most once
     * (the journal's intent without a result shows it). A refusal of the policy leaves the row as it was, for the next run.
     */
    private void sendMessage(String connection, Outreach provider, Send send, Entry row, Map<String, List<String>> lines, Instant now) {
        GovernedSends.Intended intended = GovernedSends.intend(sends, approvals, connection, MESSAGES, List.of(send), OutreachRun::intent,
                (refused, why, review) -> line(lines, send.key(), "LinkedIn message not sent: " + why));
        if (intended == null) {
            return;
        }
        ledger.settle(row.id(), run.id(), send.account(), Status.SENT, null, null, now, null);
        GovernedSends.Called called;
        try {
            called = GovernedSends.send(sends, intended, provider, Map.of());
        } catch (RuntimeException e) {
            // nothing went out: the row waits as it did, for the next run
            ledger.settle(row.id(), row.runId(), row.account(), row.status(), row.reason(), row.dueAt(), null, null);
            throw e;
        }
        settleJournal(called.permit(), called.outcomes());
        Outreach.Outcome outcome = called.outcomes().get(0);
        settleRow(row, send.account(), outcome, now);
        describe(outcome, lines, new LinkedHashMap<>(), new LinkedHashMap<>(), "messaged on LinkedIn from " + send.account());
    }

    private Entry messageEntry(String key, String person, Status status, String reason, Instant due, String account, Map<String, Object> send) {
        return new Entry(0, config.id(), run.job(), run.id(), "linkedin", "message", config.linkedin().connection(), account, key,
                person == null ? key : person, status, null, reason, due, null, null, send);
    }

    // ---- LinkedIn invitations through the governed pipeline, and the ledger rows of any answer -------------------------

    /** One invitation through the governed pipeline, answered before the next is paced. */
    private void invite(String connection, Outreach provider, Send invitation, Map<String, String> people, Map<String, List<String>> lines,
                        Map<String, Boolean> sent, Map<String, Boolean> tried, Instant now, String sentLine) {
        GovernedSends.Called called = GovernedSends.call(sends, approvals, connection, INVITATIONS, provider, List.of(invitation), Map.of(),
                OutreachRun::intent, (send, why, review) -> {
                    line(lines, send.key(), channelName("linkedin") + " not sent: " + why);
                    park("linkedin", send, people.get(send.key() + "|linkedin"), review, why);
                });
        if (called == null) {
            return;
        }
        // the journal's results beside the ledger's rows: two tables, two connections
        CompletableFuture<Void> settled = SideBySide.run(() -> settleJournal(called.permit(), called.outcomes()));
        // the rows are needed at once: the follow-up message waits on them
        List<Entry> rows = rows("linkedin", called, people, now, lines, sent, tried, sentLine);
        ledger.add(rows);
        SideBySide.joined(settled);
        awaitMessages(rows, lines);
        for (int i = 0; i < called.allowed().size(); i++) {
            if (io.middlemile.connector.unipile.UnipileConnector.alreadyConnected(called.outcomes().get(i))) {
                messageConnection(called.allowed().get(i), rows.get(i).person(), lines, now);
            }
        }
    }

    /** The ledger rows of what the provider answered, one per send, each also said in the record's lines. */
    private List<Entry> rows(String channel, GovernedSends.Called called, Map<String, String> people, Instant now,
                             Map<String, List<String>> lines, Map<String, Boolean> sent, Map<String, Boolean> tried, String sentLine) {
        List<Entry> rows = new ArrayList<>();
        for (int i = 0; i < called.allowed().size(); i++) {
            Send send = called.allowed().get(i);
            Outreach.Outcome outcome = called.outcomes().get(i);
            Status status = switch (outcome.status()) {
                case SENT -> Status.SENT;
                case SKIPPED -> Status.SKIPPED;
                case REJECTED -> Status.REJECTED;
                case DEFERRED -> Status.DEFERRED;
            };
            Instant due = outcome.status() == Outreach.Outcome.Status.DEFERRED
                    ? (outcome.retryAt() == null ? now.plus(java.time.Duration.ofHours(1)) : outcome.retryAt()) : null;
            rows.add(entry(channel, send.key(), people.get(send.key() + "|" + channel), status, null, outcome.reason(), due,
                    status == Status.DEFERRED ? null : now, outcome.providerId(), SendJson.write(send)).withAccount(send.account()));
            describe(outcome, lines, sent, tried, sentLine);
        }
        return List.copyOf(rows);
    }

    private void settleJournal(GovernedCalls.Permit permit, List<Outreach.Outcome> outcomes) {
        Map<String, String> made = new LinkedHashMap<>();
        Map<String, String> notMade = new LinkedHashMap<>();
        for (Outreach.Outcome outcome : outcomes) {
            if (outcome.status() == Outreach.Outcome.Status.SENT) {
                made.put(outcome.key(), outcome.providerId() == null ? "sent" : "sent: " + outcome.providerId());
            } else {
                notMade.put(outcome.key(), outcome.status().name().toLowerCase(Locale.ROOT) + ": " + outcome.reason());
            }
        }
        sends.settled(permit, made, notMade);
    }

    private void describe(Outreach.Outcome outcome, Map<String, List<String>> lines, Map<String, Boolean> sent,
                          Map<String, Boolean> tried, String sentLine) {
        switch (outcome.status()) {
            case SENT -> {
                line(lines, outcome.key(), SENT_MARK + sentLine + (outcome.providerId() == null ? "" : " (" + outcome.providerId() + ")"));
                sent.put(outcome.key(), true);
            }
            case SKIPPED -> line(lines, outcome.key(), "skipped by the provider: " + outcome.reason());
            case REJECTED -> {
                line(lines, outcome.key(), "refused by the provider: " + outcome.reason());
                tried.put(outcome.key(), true);
            }
            case DEFERRED -> line(lines, outcome.key(), "deferred by the provider until "
                    + (outcome.retryAt() == null ? "the next window" : WHEN.format(outcome.retryAt())) + ": " + outcome.reason()
                    + agentsNextCall());
        }
    }

    /**
     * A plan lists each send with what the connection's policy would decide; nothing is sent, parked or recorded. A send
     * the policy lets go is marked in {@code sent}: the plan counts its record as one to send, as the run would count it
     * sent; one the policy would park or deny is said with the policy's decision, and the record is not counted as sent.
     */
    private void plan(String connection, String object, List<Send> chunk, Map<String, List<String>> lines, Map<String, Boolean> sent,
                      String what) {
        List<PlannedWrite> planned = new ArrayList<>();
        for (Send send : chunk) {
            PolicyVerdict verdict = sends.preview(connection, object);
            planned.add(new PlannedWrite(connection, object, send.key(), WriteAction.SEND.id(), null, intent(send),
                    verdict.kind(), verdict.rule(),
                    "outreach/" + config.id() + ".yaml"));
            if (verdict.kind() == PolicyVerdict.Kind.AUTO) {
                line(lines, send.key(), what); // begins with PLANNED_MARK
                sent.put(send.key(), true);
            } else {
                line(lines, send.key(), "policy " + verdict.kind().id() + " (" + verdict.rule() + "): " + what);
            }
        }
        planWrites.planSends(planned);
    }

    // ---- small helpers -----------------------------------------------------------------------------------------------

    /** What a send does, as the journal shows it and a review compares it (the account is left out: pacing picks it). */
    private static Map<String, Object> intent(Send send) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("send", send.kind().name().toLowerCase(Locale.ROOT));
        intent.put("to", send.recipient());
        if (send.destination() != null) {
            intent.put("destination", send.destination());
        }
        if (send.text() != null) {
            intent.put("text", send.text());
        }
        return intent;
    }

    private List<String> channels(String email, String linkedin) {
        List<String> channels = new ArrayList<>();
        if (config.email() != null && email != null) {
            channels.add("email");
        }
        if (config.linkedin() != null && linkedin != null) {
            channels.add("linkedin");
        }
        return channels;
    }

    private Entry entry(String channel, String key, String person, Status status, String rule, String reason, Instant due, Instant sentAt,
                        String providerId, Map<String, Object> send) {
        String connection = channel.equals("email") ? config.email().connection() : config.linkedin().connection();
        String kind = channel.equals("email") ? "enrol" : "invite";
        return new Entry(0, config.id(), run.job(), run.id(), channel, kind, connection, null, key, person == null ? key : person, status,
                rule, reason, due, sentAt, providerId, send);
    }

    /** How the lines of sends begin; {@link Result#notSent} leaves them out. */
    private static final String SENT_MARK = "sent: ";
    /** How the lines of a plan's sends the policy lets go begin; {@link Result#notSent} leaves them out as well. */
    private static final String PLANNED_MARK = "would ";

    /** Times as an operator reads them in a summary: to the second, in UTC. */
    static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    /**
     * What an agent's call adds to a send it leaves waiting (deferred, or a message until the invitation is accepted): only
     * the agent's own next {@code enroll} of the record makes it, as the agent's send; the job runs leave it alone. Empty
     * for a job's run, whose later runs make what it leaves.
     */
    private String agentsNextCall() {
        return forJob ? "" : "; " + byAgent(run.job());
    }

    /** Who makes a waiting send of the ledger: the job runs make the jobs'; only the agent that left it makes an agent's. */
    private String goesWith(Entry waiting) {
        if (!waiting.byAgent()) {
            return "it goes with the job runs of outreach " + config.id() + " once due (a job's send, never an agent's)";
        }
        String takenOver = waiting.dueAt() == null ? "" : " (from " + WHEN.format(waiting.dueAt().plus(agentGrace())) + " on)";
        return byAgent(waiting.job()) + takenOver;
    }

    private String byAgent(String agent) {
        return "it goes only with " + agent + "'s next enroll of this record once due, as that agent's send (no job run makes it;"
                + " left due for " + graceText() + ", it is released to a job run that reads the record, which invites the person as the"
                + " job's own send)";
    }

    /** How long an agent's deferred invitation may stay due before a job run that reads its record stops waiting for the agent. */
    private java.time.Duration agentGrace() {
        // a ledger's invitation from before LinkedIn was taken out of the file: the default
        return config.linkedin() == null ? OutreachConfig.Message.duration(OutreachConfig.LinkedIn.DEFAULT_RELEASE_AGENT_SENDS_AFTER)
                : config.linkedin().agentGrace();
    }

    /** The grace as a person reads it, and where it is set: "7d (linkedin.releaseAgentSendsAfter in outreach/outbound.yaml)". */
    private String graceText() {
        String text = config.linkedin() == null ? OutreachConfig.LinkedIn.DEFAULT_RELEASE_AGENT_SENDS_AFTER
                : config.linkedin().releaseAgentSendsAfterText();
        return text + " (linkedin.releaseAgentSendsAfter in outreach/" + config.id() + ".yaml)";
    }

    /** An agent's deferred invitation due for longer than {@link #agentGrace}: a job run that reads its record takes over. */
    private boolean abandoned(Entry waiting, Instant now) {
        return waiting.byAgent() && waiting.dueAt() != null && !waiting.dueAt().plus(agentGrace()).isAfter(now);
    }

    /** Why an agent's deferred invitation (and its follow-up message) was closed: what the agent finds in the ledger. */
    private String released(Entry waiting, Instant now) {
        return "released to job " + run.job() + " (run " + run.id() + ") at " + WHEN.format(now) + ": due since " + WHEN.format(waiting.dueAt())
                + " and " + waiting.job() + " did not enroll this record again within " + graceText()
                + "; the job read the record and invites the person as its own send";
    }

    private String describeSpacing(String id) {
        LinkedInAccount account = account(id);
        return human(account.minSpacing()) + "-" + human(account.maxSpacing());
    }

    private static String human(java.time.Duration duration) {
        return duration.toSecondsPart() == 0 && duration.toMinutes() > 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    private LinkedInAccount account(String id) {
        return accounts.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    /** Who is contacted, as the ledger matches people across records: the lower-cased email, or the LinkedIn identifier. */
    static String person(String address) {
        if (address == null) {
            return null;
        }
        String value = address.strip().toLowerCase(Locale.ROOT);
        if (value.contains("linkedin.com/")) {
            value = value.replaceAll("[?#].*$", "").replaceAll("/+$", "");
            value = value.substring(value.lastIndexOf('/') + 1);
        }
        return value;
    }

    private static String channelName(String channel) {
        return channel.equals("email") ? "email enrolment" : "LinkedIn invitation";
    }

    private static void line(Map<String, List<String>> lines, String key, String line) {
        lines.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }
}

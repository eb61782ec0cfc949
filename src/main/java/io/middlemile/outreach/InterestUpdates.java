package io.middlemile.outreach;

import io.middlemile.connector.Outreach;
import io.middlemile.connector.Outreach.Kind;
import io.middlemile.connector.Outreach.Send;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WriteAction;
import io.middlemile.store.JobRun;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.ReviewItem;
import io.middlemile.workspace.OutreachConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The CRM's view of a lead sent back to its Instantly campaign ({@code hub-interest:NAME}): a record's
 * {@code email.interest.field} (a lead status, a lifecycle stage) is looked up in the outreach file's
 * {@code email.interest.values} table and the lead's interest status is set to what it names (a deal won: "won").
 *
 * <p>Only people this outreach enrolled in that campaign (the send ledger) are updated, and only when the status differs
 * from the one Middlemile last set there: anyone else is skipped with the reason. Each update is a governed
 * {@code SEND} (kill switch, the connection's policy and caps for {@code send} on object {@value #INTEREST}, journal)
 * before Instantly is called; in a plan it is listed with the policy's decision and nothing is called or recorded.
 *
 * <p>Review: an update the policy parks is kept ({@link OutreachSendStore#parkInterest}) with what it sets, and the job's
 * next run, before its first page, makes the approved ones through the same pipeline and closes the rejected or expired
 * ones, saying so in its summary ({@link #applyDecided}). An incremental reader (HubSpot's) reads a contact again only once
 * it changes, so an approval that waited for its record might wait for ever. A record read again is decided afresh from
 * what the CRM says now; its kept update is forgotten.
 */
public final class InterestUpdates {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InterestUpdates.class);

    /** The journal's object of interest updates, as {@code middlemile journal} and a policy's {@code object:} name it. */
    public static final String INTEREST = "interest";

    private final OutreachConfig config;
    private final OutreachConfig.Email email;
    private final OutreachConfig.Interest table;
    private final JobRun run;
    private final Function<String, Outreach> providers;
    private final OutreachSendStore ledger;
    private final GovernedCalls sends;
    /** Where an approval this run took goes back when its update is not made after all ({@link GovernedSends.Approvals}). */
    private final GovernedSends.Approvals approvals;
    private final GovernedWrites planWrites;
    private final Clock clock;
    private boolean decidedTried;

    /** Updates decided in review made per run at most: the rest go with the next runs. */
    private static final int DECIDED_PER_RUN = 200;

    /** @param planWrites the run's writes in a plan (updates are listed, none made), else null */
    InterestUpdates(OutreachConfig config, JobRun run, Function<String, Outreach> providers, OutreachSendStore ledger, GovernedCalls sends,
                    GovernedWrites planWrites, Clock clock) {
        if (config.email() == null || config.email().interest() == null) {
            throw new IllegalArgumentException("outreach/" + config.id() + ".yaml has no email.interest table, so hub-interest:"
                    + config.id() + " has nothing to set; add email: interest: {field: leadStatus, values: {CONNECTED: interested}}");
        }
        this.config = config;
        this.email = config.email();
        this.table = config.email().interest();
        this.run = run;
        this.providers = providers;
        this.ledger = ledger;
        this.sends = sends;
        this.approvals = planWrites != null ? GovernedSends.Approvals.NONE
                : sends::giveBack;
        this.planWrites = planWrites;
        this.clock = clock;
    }

    /** Sets the interest of one page of records where it changed; one result per record, by key. */
    public Map<String, OutreachRun.Result> update(List<OutreachRun.Subject> subjects) {
        String destination = email.destination();
        if (planWrites == null) {
            applyDecided();
            // the page's records are decided afresh from what the CRM says now: what was parked for them before is not
            ledger.forgetInterest(config.id(), subjects.stream().map(OutreachRun.Subject::key).toList());
        }
        Map<String, String> people = new LinkedHashMap<>();
        for (OutreachRun.Subject subject : subjects) {
            people.put(subject.key(), OutreachRun.person(text(subject.values().get("email"))));
        }
        List<String> everyone = people.values().stream().filter(Objects::nonNull).distinct().toList();
        Map<String, OutreachSendStore.Entry> enrolled = ledger.enrolledIn(config.id(), destination, everyone);
        Map<String, OutreachSendStore.Interest> current = ledger.interests(config.id(), destination, everyone);

        Map<String, OutreachRun.Result> results = new LinkedHashMap<>();
        List<Send> due = new ArrayList<>();
        Map<String, OutreachConfig.Interest.Status> wanted = new LinkedHashMap<>();
        for (OutreachRun.Subject subject : subjects) {
            String key = subject.key();
            String person = people.get(key);
            Object crmValue = subject.values().get(table.field());
            var status = table.statusOf(crmValue);
            if (person == null) {
                results.put(key, notSent(key, "no email, so no Instantly lead to update"));
            } else if (status.isEmpty()) {
                results.put(key, notSent(key, table.field() + " is " + (crmValue == null || crmValue.toString().isBlank() ? "empty"
                        : "\"" + crmValue + "\"") + ", which email.interest.values of outreach/" + config.id()
                        + ".yaml does not list: interest unchanged"));
            } else if (!enrolled.containsKey(person)) {
                results.put(key, notSent(key, "not updated: " + person + " was never enrolled in " + destination + " by outreach/"
                        + config.id() + ".yaml (or was removed from it)"));
            } else if (current.containsKey(person) && Objects.equals(current.get(person).value(), status.get().value())) {
                results.put(key, notSent(key, "interest already " + status.get().name() + " in " + destination + " (set by run "
                        + current.get(person).runId() + ")"));
            } else {
                Integer value = status.get().value();
                due.add(new Send(key, Kind.INTEREST, null, destination, person,
                        value == null ? Map.of() : Map.of(Outreach.INTEREST_VALUE, value), null));
                wanted.put(key, status.get());
            }
        }
        if (planWrites != null) {
            plan(due, wanted, results);
        } else if (!due.isEmpty()) {
            Outreach provider = providers.apply(email.connection());
            int batch = Math.max(1, provider.maxBatchSize(Kind.INTEREST));
            for (int from = 0; from < due.size(); from += batch) {
                call(provider, due.subList(from, Math.min(due.size(), from + batch)), wanted, results);
            }
        }
        Map<String, OutreachRun.Result> ordered = new LinkedHashMap<>();
        subjects.forEach(subject -> ordered.put(subject.key(), results.get(subject.key())));
        return ordered;
    }

    private void plan(List<Send> due, Map<String, OutreachConfig.Interest.Status> wanted, Map<String, OutreachRun.Result> results) {
        List<PlannedWrite> planned = new ArrayList<>();
        for (Send send : due) {
            PolicyVerdict verdict = sends.preview(email.connection(), INTEREST);
            planned.add(new PlannedWrite(email.connection(), INTEREST, send.key(), WriteAction.SEND.id(), null,
                    intent(send, wanted.get(send.key())), verdict.kind(), verdict.rule(), "outreach/" + config.id() + ".yaml"));
            String line = "would set the interest to " + wanted.get(send.key()).name() + " in " + send.destination();
            // one the policy lets go counts as one to set, as the run would count it set; one it would park or deny does not
            results.put(send.key(), verdict.kind() == PolicyVerdict.Kind.AUTO
                    ? new OutreachRun.Result(send.key(), OutreachRun.Result.Outcome.SENT, List.of(line), List.of())
                    : notSent(send.key(), line + " (policy: " + verdict.kind().id() + ", " + verdict.rule() + ")"));
        }
        planWrites.planSends(planned);
    }

    private void call(Outreach provider, List<Send> chunk, Map<String, OutreachConfig.Interest.Status> wanted,
                      Map<String, OutreachRun.Result> results) {
        Map<String, Outreach.Outcome> outcomes = call(provider, chunk, wanted, (send, why, review) -> {
            results.put(send.key(), notSent(send.key(), "interest update not sent: " + why));
            park(send, wanted.get(send.key()), review);
        });
        outcomes.forEach((key, outcome) -> {
            OutreachConfig.Interest.Status status = wanted.get(key);
            if (outcome.status() == Outreach.Outcome.Status.SENT) {
                results.put(key, new OutreachRun.Result(key, OutreachRun.Result.Outcome.SENT,
                        List.of("interest set to " + status.name() + " in " + email.destination()), List.of()));
            } else {
                String line = "interest not set by Instantly (" + outcome.status().name().toLowerCase(Locale.ROOT) + ": " + outcome.reason() + ")";
                results.put(key, new OutreachRun.Result(key, outcome.status() == Outreach.Outcome.Status.REJECTED
                        ? OutreachRun.Result.Outcome.REJECTED : OutreachRun.Result.Outcome.NOT_SENT, List.of(line), List.of(line)));
            }
        });
    }

    /**
     * One chunk of updates through the governed pipeline; each one Instantly took is recorded as the lead's interest.
     *
     * @return Instantly's answer to each update the pipeline let go, by record key (none when it let none go)
     */
    private Map<String, Outreach.Outcome> call(Outreach provider, List<Send> chunk, Map<String, OutreachConfig.Interest.Status> wanted,
                                               GovernedSends.Refused refused) {
        GovernedSends.Called called = GovernedSends.call(sends, approvals, email.connection(), INTEREST, provider, chunk, Map.of(),
                send -> intent(send, wanted.get(send.key())), refused);
        Map<String, Outreach.Outcome> answered = new LinkedHashMap<>();
        if (called == null) {
            return answered;
        }
        Map<String, String> made = new LinkedHashMap<>();
        Map<String, String> notMade = new LinkedHashMap<>();
        for (int i = 0; i < called.allowed().size(); i++) {
            Send send = called.allowed().get(i);
            Outreach.Outcome outcome = called.outcomes().get(i);
            OutreachConfig.Interest.Status status = wanted.get(send.key());
            if (outcome.status() == Outreach.Outcome.Status.SENT) {
                made.put(send.key(), "interest set to " + status.name());
                ledger.setInterest(config.id(), send.destination(), email.connection(), send.recipient(), status.value(), run.id(),
                        clock.instant());
            } else {
                notMade.put(send.key(), outcome.status().name().toLowerCase(Locale.ROOT) + ": " + outcome.reason());
            }
            answered.put(send.key(), outcome);
        }
        sends.settled(called.permit(), made, notMade);
        return answered;
    }

    /** Keeps an update the policy parked for review, for the run after the decision ({@link #applyDecided}). */
    private void park(Send send, OutreachConfig.Interest.Status status, Long review) {
        if (review != null) {
            ledger.parkInterest(config.id(), send.destination(), send.key(), send.recipient(), status.name(), status.value(), review, run.id());
        }
    }

    /**
     * The kept updates a person decided in review since (once per run, before its first page): an approved one is made
     * through the pipeline like any (the policy finds the approval and carries it out once; the caps, the kill switch and the
     * journal apply), if the lead is still enrolled and its interest is not already that; a rejected or expired one is
     * dropped. Each is closed with a line the run's summary prints ({@link OutreachRuns#summaries}) and the log repeats. A
     * cap, the kill switch or Instantly failing stops the run with the update still kept and its approval still good.
     */
    private void applyDecided() {
        if (decidedTried) {
            return;
        }
        decidedTried = true;
        List<OutreachSendStore.ParkedInterest> found = ledger.decidedInterest(config.id(), DECIDED_PER_RUN);
        if (found.isEmpty()) {
            return;
        }
        String destination = email.destination();
        List<String> everyone = found.stream().map(OutreachSendStore.ParkedInterest::person).distinct().toList();
        Map<String, OutreachSendStore.Entry> enrolled = ledger.enrolledIn(config.id(), destination, everyone);
        Map<String, OutreachSendStore.Interest> current = ledger.interests(config.id(), destination, everyone);
        Map<String, OutreachSendStore.ParkedInterest> approved = new LinkedHashMap<>();
        List<Send> due = new ArrayList<>();
        Map<String, OutreachConfig.Interest.Status> wanted = new LinkedHashMap<>();
        for (OutreachSendStore.ParkedInterest parked : found) {
            String what = parked.interest() + " for " + parked.person() + " in " + parked.destination() + " (" + parked.recordKey() + ")";
            if (parked.decision() != ReviewItem.Status.APPROVED) {
                close(parked, OutreachSendStore.InterestClosed.DROPPED, "not set: " + what + ": review #" + parked.review() + " was "
                        + (parked.decision() == ReviewItem.Status.REJECTED ? "rejected by " + parked.decidedBy()
                        : parked.decision().wire() + " before anyone approved it") + "; Instantly was not asked");
            } else if (!parked.destination().equals(destination)) {
                close(parked, OutreachSendStore.InterestClosed.DROPPED, "not set: " + what + ", approved in review #" + parked.review()
                        + ": outreach/" + config.id() + ".yaml now enrols in " + destination + ", so the lead is not updated there");
            } else if (!enrolled.containsKey(parked.person())) {
                close(parked, OutreachSendStore.InterestClosed.DROPPED, "not set: " + what + ", approved in review #" + parked.review()
                        + ": the lead is no longer enrolled there by outreach/" + config.id() + ".yaml (removed from the campaign?)");
            } else if (current.containsKey(parked.person()) && Objects.equals(current.get(parked.person()).value(), parked.value())) {
                // set since by a run that read the record again: nothing is left to do or to say
                ledger.forgetInterest(config.id(), List.of(parked.recordKey()));
            } else {
                due.add(new Send(parked.recordKey(), Kind.INTEREST, null, destination, parked.person(),
                        parked.value() == null ? Map.of() : Map.of(Outreach.INTEREST_VALUE, parked.value()), null));
                wanted.put(parked.recordKey(), new OutreachConfig.Interest.Status(parked.interest(), parked.value()));
                approved.put(parked.recordKey(), parked);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Outreach provider = providers.apply(email.connection());
        int batch = Math.max(1, provider.maxBatchSize(Kind.INTEREST));
        for (int from = 0; from < due.size(); from += batch) {
            Map<String, Outreach.Outcome> answered = call(provider, due.subList(from, Math.min(due.size(), from + batch)), wanted,
                    (send, why, review) -> {
                        OutreachSendStore.ParkedInterest parked = approved.get(send.key());
                        if (review != null) {
                            // its approval went to a run that stopped before Instantly answered: asked again, kept for that review
                            park(send, wanted.get(send.key()), review);
                            LOG.info("Outreach {}, run {}: {}: interest update approved in review #{} not sent: {}", config.id(), run.id(),
                                    send.key(), parked.review(), why);
                        } else {
                            close(parked, OutreachSendStore.InterestClosed.DROPPED, "not set: " + parked.interest() + " for "
                                    + parked.person() + " in " + destination + " (" + parked.recordKey() + "), approved in review #"
                                    + parked.review() + ": " + why);
                        }
                    });
            answered.forEach((key, outcome) -> {
                OutreachSendStore.ParkedInterest parked = approved.get(key);
                String what = parked.interest() + " for " + parked.person() + " in " + destination + " (" + key + ")";
                if (outcome.status() == Outreach.Outcome.Status.SENT) {
                    close(parked, OutreachSendStore.InterestClosed.SET, "set " + what + ", approved in review #" + parked.review()
                            + " by " + parked.decidedBy());
                } else {
                    close(parked, OutreachSendStore.InterestClosed.REFUSED, "not set: " + what + ": Instantly refused it ("
                            + outcome.reason() + "); the approval of review #" + parked.review() + " is used up");
                }
            });
        }
    }

    private void close(OutreachSendStore.ParkedInterest parked, OutreachSendStore.InterestClosed how, String line) {
        ledger.closeInterest(parked.id(), run.id(), how, line);
        LOG.info("Outreach {}, run {}: interest update {}", config.id(), run.id(), line);
    }

    /** What an update does, as the journal shows it and a review compares it. */
    private static Map<String, Object> intent(Send send, OutreachConfig.Interest.Status status) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("send", "interest");
        intent.put("to", send.recipient());
        intent.put("destination", send.destination());
        intent.put("interest", status.name());
        return intent;
    }

    private static OutreachRun.Result notSent(String key, String line) {
        return new OutreachRun.Result(key, OutreachRun.Result.Outcome.NOT_SENT, List.of(line), List.of(line));
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }
}

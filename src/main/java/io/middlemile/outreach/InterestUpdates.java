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
 */
public final class InterestUpdates {

    /** The journal's object of interest updates, as {@code middlemile journal} and a policy's {@code object:} name it. */
    public static final String INTEREST = "interest";

    private final OutreachConfig config;
    private final OutreachConfig.Email email;
    private final OutreachConfig.Interest table;
    private final JobRun run;
    private final Function<String, Outreach> providers;
    private final OutreachSendStore ledger;
    private final GovernedCalls sends;
    private final GovernedWrites planWrites;
    private final Clock clock;

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
        this.planWrites = planWrites;
        this.clock = clock;
    }

    /** Sets the interest of one page of records where it changed; one result per record, by key. */
    public Map<String, OutreachRun.Result> update(List<OutreachRun.Subject> subjects) {
        String destination = email.destination();
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
        GovernedSends.Called called = GovernedSends.call(sends, email.connection(), INTEREST, provider, chunk, Map.of(),
                send -> intent(send, wanted.get(send.key())),
                (send, why) -> results.put(send.key(), notSent(send.key(), "interest update not sent: " + why)));
        if (called == null) {
            return;
        }
        List<Send> allowed = called.allowed();
        List<Outreach.Outcome> outcomes = called.outcomes();
        Map<String, String> made = new LinkedHashMap<>();
        Map<String, String> notMade = new LinkedHashMap<>();
        for (int i = 0; i < allowed.size(); i++) {
            Send send = allowed.get(i);
            Outreach.Outcome outcome = outcomes.get(i);
            OutreachConfig.Interest.Status status = wanted.get(send.key());
            if (outcome.status() == Outreach.Outcome.Status.SENT) {
                made.put(send.key(), "interest set to " + status.name());
                ledger.setInterest(config.id(), send.destination(), email.connection(), send.recipient(), status.value(), run.id(),
                        clock.instant());
                results.put(send.key(), new OutreachRun.Result(send.key(), OutreachRun.Result.Outcome.SENT,
                        List.of("interest set to " + status.name() + " in " + send.destination()), List.of()));
            } else {
                String why = outcome.status().name().toLowerCase(Locale.ROOT) + ": " + outcome.reason();
                notMade.put(send.key(), why);
                String line = "interest not set by Instantly (" + why + ")";
                results.put(send.key(), new OutreachRun.Result(send.key(), outcome.status() == Outreach.Outcome.Status.REJECTED
                        ? OutreachRun.Result.Outcome.REJECTED : OutreachRun.Result.Outcome.NOT_SENT, List.of(line), List.of(line)));
            }
        }
        sends.settled(called.permit(), made, notMade);
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

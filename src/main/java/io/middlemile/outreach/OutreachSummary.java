package io.middlemile.outreach;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an outreach run did, as counts, and the lines {@code middlemile job run} prints for it. A value: build it with
 * a {@link Tally} while the run goes, or add the summaries of several pages with {@link #plus}.
 *
 * @param name          the outreach file ({@code outreach/NAME.yaml})
 * @param enrolled      leads Instantly took into the campaign or list
 * @param invited       LinkedIn invitations sent
 * @param messaged      LinkedIn messages sent after an accepted invitation ({@code linkedin.message})
 * @param suppressed    records not contacted, by reason
 * @param deferred      invitations waiting for a later window
 * @param deferredUntil when the first of them goes, or null when none waits
 * @param deferredWhy   why they wait (the pacer's sentence), or null
 * @param rejected      records refused, by kind of rejection (a note without a value, an invalid email, a blocklisted
 *                      lead, ...)
 * @param eventsWritten replies, bounces, unsubscribes and accepted invitations written back to the CRM
 * @param interestSet   interest updates parked for review, approved since, that this run set in Instantly
 * @param interestLines what this run did with each interest update decided in review (set, or dropped and why), in order
 */
public record OutreachSummary(String name, int enrolled, int invited, int messaged, Map<Suppressed.Reason, Integer> suppressed, int deferred,
                              Instant deferredUntil, String deferredWhy, Map<String, Integer> rejected, int eventsWritten,
                              int interestSet, List<String> interestLines) {

    /** Interest update lines the summary prints at most; the run's log has every one. */
    private static final int INTEREST_LINES = 10;

    /** A summary without interest updates decided in review. */
    public OutreachSummary(String name, int enrolled, int invited, int messaged, Map<Suppressed.Reason, Integer> suppressed, int deferred,
                           Instant deferredUntil, String deferredWhy, Map<String, Integer> rejected, int eventsWritten) {
        this(name, enrolled, invited, messaged, suppressed, deferred, deferredUntil, deferredWhy, rejected, eventsWritten, 0, List.of());
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public OutreachSummary {
        EnumMap<Suppressed.Reason, Integer> bySuppression = new EnumMap<>(Suppressed.Reason.class);
        bySuppression.putAll(suppressed);
        suppressed = java.util.Collections.unmodifiableMap(bySuppression);
        rejected = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
        interestLines = List.copyOf(interestLines);
    }

    public static OutreachSummary empty(String name) {
        return new OutreachSummary(name, 0, 0, 0, Map.of(), 0, null, null, Map.of(), 0);
    }

    public int suppressedTotal() {
        return suppressed.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int rejectedTotal() {
        return rejected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Both summaries' counts together; the earlier deferral is kept, with its reason. */
    public OutreachSummary plus(OutreachSummary other) {
        Map<Suppressed.Reason, Integer> bySuppression = new EnumMap<>(Suppressed.Reason.class);
        bySuppression.putAll(suppressed);
        other.suppressed.forEach((reason, count) -> bySuppression.merge(reason, count, Integer::sum));
        Map<String, Integer> byRejection = new LinkedHashMap<>(rejected);
        other.rejected.forEach((kind, count) -> byRejection.merge(kind, count, Integer::sum));
        boolean theirs = other.deferredUntil != null && (deferredUntil == null || other.deferredUntil.isBefore(deferredUntil));
        List<String> interest = new ArrayList<>(interestLines);
        interest.addAll(other.interestLines);
        return new OutreachSummary(name, enrolled + other.enrolled, invited + other.invited, messaged + other.messaged, bySuppression,
                deferred + other.deferred, theirs ? other.deferredUntil : deferredUntil, theirs ? other.deferredWhy : deferredWhy,
                byRejection, eventsWritten + other.eventsWritten, interestSet + other.interestSet, interest);
    }

    /**
     * The lines the CLI prints, e.g.
     * <pre>
     * outreach q4-sequence: 120 enrolled in Instantly, 40 invited on LinkedIn, messaged 12 on LinkedIn
     *   suppressed 7: opted out 2, customer 3, contacted recently 2
     *   deferred 15 until 2026-12-08 08:00 UTC: account acc_emea reached 80 invitations today (Europe/Berlin); next window ...
     *   rejected 1: invitation note lacks firstName 1
     *   events written back to the CRM: 8
     * </pre>
     * and, for interest updates decided in review (alone when the run sent nothing, as {@code hub-interest} jobs do):
     * <pre>
     * outreach q4-sequence: interest updates decided in review: 1 set in Instantly, 1 not set
     *   set won for ana@globex.com in campaign:0199f3c2-... (hubspot/contacts/101), approved in review #12 by ops@example.com
     *   not set: won for bo@initech.com in campaign:0199f3c2-... (hubspot/contacts/102): review #13 was rejected by ops@example.com; ...
     * </pre>
     */
    public List<String> lines() {
        if (interestLines.isEmpty()) {
            return sendLines();
        }
        List<String> lines = new ArrayList<>();
        String decided = "interest updates decided in review: " + interestSet + " set in Instantly, " + (interestLines.size() - interestSet)
                + " not set";
        boolean sent = enrolled + invited + messaged + suppressedTotal() + deferred + rejectedTotal() + eventsWritten > 0;
        String indent = "  ";
        if (sent) {
            lines.addAll(sendLines());
            lines.add(indent + decided);
            indent = "    ";
        } else {
            lines.add("outreach " + name + ": " + decided);
        }
        for (String line : interestLines.subList(0, Math.min(INTEREST_LINES, interestLines.size()))) {
            lines.add(indent + line);
        }
        if (interestLines.size() > INTEREST_LINES) {
            lines.add(indent + "... and " + (interestLines.size() - INTEREST_LINES) + " more (the run's log has each)");
        }
        return lines;
    }

    private List<String> sendLines() {
        List<String> lines = new ArrayList<>();
        // messages only where the file sends them: a summary without them reads as before
        lines.add("outreach " + name + ": " + enrolled + " enrolled in Instantly, " + invited + " invited on LinkedIn"
                + (messaged > 0 ? ", messaged " + messaged + " on LinkedIn" : ""));
        List<String> reasons = new ArrayList<>();
        suppressed.forEach((reason, count) -> {
            if (count > 0) {
                reasons.add(reason.label() + " " + count);
            }
        });
        lines.add("  suppressed " + suppressedTotal() + (reasons.isEmpty() ? "" : ": " + String.join(", ", reasons)));
        lines.add("  deferred " + deferred + (deferred == 0 || deferredUntil == null ? ""
                : " until " + WHEN.format(deferredUntil) + (deferredWhy == null ? "" : ": " + deferredWhy)));
        List<String> kinds = new ArrayList<>();
        rejected.entrySet().stream().filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> kinds.add(entry.getKey() + " " + entry.getValue()));
        lines.add("  rejected " + rejectedTotal() + (kinds.isEmpty() ? "" : ": " + String.join(", ", kinds)));
        if (eventsWritten > 0) {
            // a sending job writes nothing back (its replies come later, through the jobs reading the events)
            lines.add("  events written back to the CRM: " + eventsWritten);
        }
        return lines;
    }

    /** Counts a run as it goes; {@link #summary()} is the value. Not thread-safe: one per run or page. */
    public static final class Tally {
        private final String name;
        private int enrolled;
        private int invited;
        private int messaged;
        private final Map<Suppressed.Reason, Integer> suppressed = new EnumMap<>(Suppressed.Reason.class);
        private int deferred;
        private Instant deferredUntil;
        private String deferredWhy;
        private final Map<String, Integer> rejected = new LinkedHashMap<>();
        private int eventsWritten;
        private int interestSet;
        private final List<String> interestLines = new ArrayList<>();

        public Tally(String name) {
            this.name = name;
        }

        public Tally enrolled() {
            enrolled++;
            return this;
        }

        public Tally invited() {
            invited++;
            return this;
        }

        public Tally messaged() {
            messaged++;
            return this;
        }

        public Tally suppressed(Suppressed suppression) {
            suppressed.merge(suppression.reason(), 1, Integer::sum);
            return this;
        }

        /** One invitation waiting; the earliest {@code until} (and its reason) is the one the summary shows. */
        public Tally deferred(Pacing.Deferred deferral) {
            deferred++;
            if (deferredUntil == null || deferral.until().isBefore(deferredUntil)) {
                deferredUntil = deferral.until();
                deferredWhy = deferral.why();
            }
            return this;
        }

        /** @param kind the kind of rejection, the same text for every record it hits ({@link NoteTemplate.Note#kind()}) */
        public Tally rejected(String kind) {
            rejected.merge(kind, 1, Integer::sum);
            return this;
        }

        public Tally eventsWritten(int count) {
            eventsWritten += count;
            return this;
        }

        /**
         * One interest update decided in review, closed by the run.
         *
         * @param set  whether Instantly took it
         * @param line what the run did with it, as the summary prints it
         */
        public Tally interestDecided(boolean set, String line) {
            if (set) {
                interestSet++;
            }
            interestLines.add(line);
            return this;
        }

        public OutreachSummary summary() {
            return new OutreachSummary(name, enrolled, invited, messaged, suppressed, deferred, deferredUntil, deferredWhy, rejected,
                    eventsWritten, interestSet, interestLines);
        }
    }
}

package io.middlemile.outreach;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Plans LinkedIn invitations over a pool of accounts as Unipile advises: only inside each account's working hours in
 * its own time zone, a random pause between two invitations of one account, never more than its remaining daily,
 * weekly (rolling 7 days) and profile look-up caps (each invitation takes one look-up), and spread over the accounts
 * open now (the next invitation goes to the account free soonest, the one with fewer invitations today on a tie).
 *
 * <p>A plan covers the windows open at {@code now}: an account outside its hours gets nothing now. What does not fit
 * is {@link Pacing.Deferred} to the start of the next window in which some account has room, with a sentence saying
 * why; the caller plans it again then. Nothing is dropped: the answer has one entry per request.
 *
 * <p>Stateless apart from its accounts; the random generator is the caller's (seeded in tests).
 */
public final class AccountPacer {

    /** How far ahead a next window is searched: the rolling week frees every account within 8 days. */
    private static final int SEARCH_DAYS = 15;
    private static final int REASONS_SHOWN = 3;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private final List<LinkedInAccount> accounts;
    /** What is paced, as deferral reasons name it: "invitations", or "messages" ({@link LinkedInAccount#forMessages}). */
    private final String what;

    public AccountPacer(List<LinkedInAccount> accounts) {
        this(accounts, "invitations");
    }

    public AccountPacer(List<LinkedInAccount> accounts, String what) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("a pacer needs at least one LinkedIn account");
        }
        this.accounts = List.copyOf(accounts);
        this.what = what;
    }

    public List<LinkedInAccount> accounts() {
        return accounts;
    }

    /**
     * @param requested how many invitations are waiting
     * @param usage     each account's usage so far by account id; an account missing here has sent nothing
     * @param now       the current time
     * @param random    where the pauses come from
     * @return one entry per request: slots in time order, then the deferred ones
     */
    public List<Pacing> plan(int requested, Map<String, AccountUsage> usage, Instant now, RandomGenerator random) {
        List<State> states = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            LinkedInAccount account = accounts.get(i);
            states.add(new State(i, account, usage.getOrDefault(account.id(), AccountUsage.NONE), now, random));
        }
        PriorityQueue<State> open = new PriorityQueue<>(Comparator.<State, Instant>comparing(s -> s.next)
                .thenComparingInt(State::invitedToday).thenComparingInt(s -> s.index));
        states.stream().filter(State::canSend).forEach(open::add);

        List<Pacing> plan = new ArrayList<>(requested);
        while (plan.size() < requested && !open.isEmpty()) {
            State state = open.poll();
            plan.add(new Pacing.Slot(state.account.id(), state.next));
            state.send(random);
            if (state.canSend()) {
                open.add(state);
            }
        }
        if (plan.size() < requested) {
            Pacing.Deferred deferred = deferral(states, now);
            while (plan.size() < requested) {
                plan.add(deferred);
            }
        }
        return plan;
    }

    /** The start of the next window in which some account has room, and why nothing goes before it. */
    private Pacing.Deferred deferral(List<State> states, Instant now) {
        Instant until = null;
        State first = null;
        for (State state : states) {
            Instant opens = state.nextWindowWithRoom(now);
            if (opens != null && (until == null || opens.isBefore(until))) {
                until = opens;
                first = state;
            }
        }
        if (until == null) { // cannot happen with validated accounts (the rolling week frees within 8 days); never drop
            until = now.plus(Duration.ofDays(1));
            return new Pacing.Deferred(until, "no LinkedIn account has room in the next " + SEARCH_DAYS + " days; check the"
                    + " accounts' caps and working days");
        }
        List<String> reasons = states.stream().map(state -> state.whyNot(now, what)).toList();
        StringBuilder why = new StringBuilder();
        why.append(reasons.size() == 1 ? "" : "no LinkedIn account has room now: ");
        why.append(String.join("; ", reasons.subList(0, Math.min(REASONS_SHOWN, reasons.size()))));
        if (reasons.size() > REASONS_SHOWN) {
            why.append("; and ").append(reasons.size() - REASONS_SHOWN).append(" more");
        }
        ZonedDateTime local = until.atZone(first.account.zone());
        why.append("; next window ").append(WHEN.format(local)).append(' ').append(first.account.zone().getId())
                .append(" (").append(first.account.id()).append(')');
        return new Pacing.Deferred(until, why.toString());
    }

    /** One account during a plan: its usage including the slots planned so far, and when it could send next. */
    private static final class State {
        final int index;
        final LinkedInAccount account;
        final Map<LocalDate, Integer> invited;
        final Map<LocalDate, Integer> lookedUp;
        final LocalDate today;
        /** The open window's end, or null when the account's window is not open now. */
        final Instant windowEnd;
        Instant next;

        State(int index, LinkedInAccount account, AccountUsage usage, Instant now, RandomGenerator random) {
            this.index = index;
            this.account = account;
            this.invited = new HashMap<>(usage.invitationsByDay());
            this.lookedUp = new HashMap<>(usage.lookupsByDay());
            this.today = account.dayOf(now);
            Instant[] window = account.window(today).orElse(null);
            boolean open = window != null && !now.isBefore(window[0]) && now.isBefore(window[1]);
            this.windowEnd = open ? window[1] : null;
            Instant earliest = now;
            if (usage.lastInvitation() != null) {
                Instant afterPause = usage.lastInvitation().plus(pause(random));
                earliest = afterPause.isAfter(now) ? afterPause : now;
            }
            this.next = earliest;
        }

        int invitedToday() {
            return invited.getOrDefault(today, 0);
        }

        /**
         * Room on {@code day}: the least of what the daily, weekly and look-up caps leave. A send on {@code day} falls in
         * the rolling weeks ending on it and on each of the 6 days after, so the fullest of them counts.
         */
        int room(LocalDate day) {
            int week = 0;
            for (int ahead = 0; ahead < 7; ahead++) {
                week = Math.max(week, weekEnding(day.plusDays(ahead)));
            }
            return Math.min(Math.min(account.invitationsPerDay() - invited.getOrDefault(day, 0), account.invitationsPerWeek() - week),
                    account.lookupsPerDay() - lookedUp.getOrDefault(day, 0));
        }

        private int weekEnding(LocalDate day) {
            int week = 0;
            for (int back = 0; back < 7; back++) {
                week += invited.getOrDefault(day.minusDays(back), 0);
            }
            return week;
        }

        boolean canSend() {
            return windowEnd != null && next.isBefore(windowEnd) && room(today) > 0;
        }

        void send(RandomGenerator random) {
            invited.merge(today, 1, Integer::sum);
            lookedUp.merge(today, 1, Integer::sum);
            next = next.plus(pause(random));
        }

        Duration pause(RandomGenerator random) {
            long min = account.minSpacing().toMillis();
            long span = account.maxSpacing().toMillis() - min;
            return Duration.ofMillis(min + (span == 0 ? 0 : random.nextLong(span + 1)));
        }

        /** The first window start after {@code now} on a day the account has room, or null within the search. */
        Instant nextWindowWithRoom(Instant now) {
            for (int ahead = 0; ahead < SEARCH_DAYS; ahead++) {
                LocalDate day = today.plusDays(ahead);
                Instant[] window = account.window(day).orElse(null);
                if (window != null && window[0].isAfter(now) && room(day) > 0) {
                    return window[0];
                }
            }
            return null;
        }

        String whyNot(Instant now, String what) {
            String name = "account " + account.id();
            int today = invitedToday();
            if (today >= account.invitationsPerDay()) {
                return name + " reached " + today + " " + what + " today (" + account.zone().getId() + ")";
            }
            int week = weekEnding(this.today);
            if (week >= account.invitationsPerWeek()) {
                return name + " reached " + week + " " + what + " in 7 days";
            }
            int lookups = lookedUp.getOrDefault(this.today, 0);
            if (lookups >= account.lookupsPerDay()) {
                return name + " reached " + lookups + " profile look-ups today (" + account.zone().getId() + ")";
            }
            if (windowEnd == null) {
                return name + " is outside its working hours (" + account.describeHours() + ")";
            }
            return name + " has no time left in today's window (" + account.describeHours() + ")";
        }
    }
}

package io.middlemile.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Runs the pacer the way a scheduled outreach step does, on a virtual clock: plan what is waiting, take the slots as
 * sent (the ledger records them), jump to the earliest deferral and plan the rest again, until nothing waits. Shared
 * by the pacer's tests and {@code bench.LinkedInPacingBenchmark}.
 */
public final class PacingSimulation {

    /** One invitation sent, and the round (plan) that placed it. */
    public record Sent(String account, Instant at, int round) {
    }

    /** Every invitation sent, in the order planned, and how many plans it took. */
    public record Result(List<Sent> sent, int rounds, List<Pacing.Deferred> deferrals) {

        /** Per account, invitations per calendar day in its zone. */
        public Map<String, TreeMap<LocalDate, Integer>> perDay(List<LinkedInAccount> accounts) {
            Map<String, TreeMap<LocalDate, Integer>> result = new HashMap<>();
            for (LinkedInAccount account : accounts) {
                TreeMap<LocalDate, Integer> days = new TreeMap<>();
                sent.stream().filter(s -> s.account().equals(account.id()))
                        .forEach(s -> days.merge(account.dayOf(s.at()), 1, Integer::sum));
                result.put(account.id(), days);
            }
            return result;
        }

        /** The most invitations of one account in any 7 consecutive calendar days in its zone. */
        public int maxRollingWeek(LinkedInAccount account, Map<LocalDate, Integer> days) {
            int max = 0;
            for (LocalDate end : days.keySet()) {
                int week = 0;
                for (int back = 0; back < 7; back++) {
                    week += days.getOrDefault(end.minusDays(back), 0);
                }
                max = Math.max(max, week);
            }
            return max;
        }

        /** True when {@code s} is inside its account's working hours on a working day. */
        public static boolean withinHours(LinkedInAccount account, Sent s) {
            var local = s.at().atZone(account.zone());
            LocalTime time = local.toLocalTime();
            return account.days().contains(local.getDayOfWeek()) && !time.isBefore(account.start()) && time.isBefore(account.end());
        }
    }

    private PacingSimulation() {
    }

    public static Result run(AccountPacer pacer, int requests, Instant start, RandomGenerator random) {
        Map<String, List<Instant>> ledger = new HashMap<>();
        pacer.accounts().forEach(account -> ledger.put(account.id(), new ArrayList<>()));
        List<Sent> sent = new ArrayList<>();
        List<Pacing.Deferred> deferrals = new ArrayList<>();
        Instant now = start;
        int waiting = requests;
        int rounds = 0;
        while (waiting > 0) {
            if (++rounds > 10_000) {
                throw new IllegalStateException("the pacer made no progress in 10,000 plans; " + waiting + " still waiting");
            }
            Map<String, AccountUsage> usage = new HashMap<>();
            for (LinkedInAccount account : pacer.accounts()) {
                List<Instant> times = ledger.get(account.id());
                usage.put(account.id(), AccountUsage.of(account.zone(), times, times));
            }
            List<Pacing> plan = pacer.plan(waiting, usage, now, random);
            if (plan.size() != waiting) {
                throw new IllegalStateException("the pacer answered " + plan.size() + " entries for " + waiting + " requests");
            }
            Instant next = null;
            for (Pacing pacing : plan) {
                if (pacing instanceof Pacing.Slot slot) {
                    ledger.get(slot.account()).add(slot.at());
                    sent.add(new Sent(slot.account(), slot.at(), rounds));
                    waiting--;
                } else if (pacing instanceof Pacing.Deferred deferred) {
                    if (next == null) {
                        deferrals.add(deferred);
                    }
                    next = next == null || deferred.until().isBefore(next) ? deferred.until() : next;
                }
            }
            if (next != null) {
                if (!next.isAfter(now)) {
                    throw new IllegalStateException("a deferral to " + next + " does not move past " + now);
                }
                now = next;
            }
        }
        return new Result(sent, rounds, deferrals);
    }
}

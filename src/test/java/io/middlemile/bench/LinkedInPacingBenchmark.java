package io.middlemile.bench;

import io.middlemile.outreach.AccountPacer;
import io.middlemile.outreach.LinkedInAccount;
import io.middlemile.outreach.PacingSimulation;
import io.middlemile.outreach.PacingSimulation.Sent;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Plans LinkedIn invitations over a pool of accounts in five time zones with Unipile's advised caps (80 a day, 200 a
 * rolling week, 80 look-ups a day, 09:00-18:00 Mon-Fri, 2-5 minutes apart) on a virtual clock, as a scheduled
 * outreach step would: plan, take the slots as sent, jump to the earliest deferral, plan the rest. Prints how many
 * days it took, the most any account sent in a day and in 7 days against its caps, invitations over a cap, the
 * fraction inside working hours, and the pauses between an account's invitations.
 *
 * <p>Arguments: invitations (default 1000), accounts (default 10), seed (default 42).
 */
public final class LinkedInPacingBenchmark {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("Europe/London"),
            ZoneId.of("America/New_York"), ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Singapore"));

    public static void main(String[] args) {
        int invitations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int pool = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;

        List<LinkedInAccount> accounts = new ArrayList<>();
        for (int i = 0; i < pool; i++) {
            accounts.add(new LinkedInAccount("acc_" + (i + 1), ZONES.get(i % ZONES.size()), true, 80, 200, 80, LocalTime.of(9, 0),
                    LocalTime.of(18, 0), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Duration.ofMinutes(2), Duration.ofMinutes(5), 50));
        }
        Instant start = Instant.parse("2026-12-07T00:00:00Z"); // a Monday, midnight UTC
        long began = System.nanoTime();
        PacingSimulation.Result result = PacingSimulation.run(new AccountPacer(accounts), invitations, start, new SplittableRandom(seed));
        double planMillis = (System.nanoTime() - began) / 1e6;

        Map<String, TreeMap<LocalDate, Integer>> perDay = result.perDay(accounts);
        int maxDay = 0;
        int maxWeek = 0;
        int overCap = 0;
        long inside = 0;
        List<Long> pauses = new ArrayList<>();
        Map<String, LinkedInAccount> byId = new HashMap<>();
        accounts.forEach(account -> byId.put(account.id(), account));
        for (LinkedInAccount account : accounts) {
            TreeMap<LocalDate, Integer> days = perDay.get(account.id());
            for (int count : days.values()) {
                maxDay = Math.max(maxDay, count);
                overCap += Math.max(0, count - account.invitationsPerDay());
            }
            int week = result.maxRollingWeek(account, days);
            maxWeek = Math.max(maxWeek, week);
            overCap += Math.max(0, week - account.invitationsPerWeek());
            List<Instant> times = result.sent().stream().filter(s -> s.account().equals(account.id())).map(Sent::at).sorted().toList();
            for (int i = 1; i < times.size(); i++) {
                if (account.dayOf(times.get(i)).equals(account.dayOf(times.get(i - 1)))) {
                    pauses.add(Duration.between(times.get(i - 1), times.get(i)).toSeconds());
                }
            }
        }
        for (Sent sent : result.sent()) {
            if (PacingSimulation.Result.withinHours(byId.get(sent.account()), sent)) {
                inside++;
            }
        }
        pauses.sort(Long::compare);
        Instant last = result.sent().stream().map(Sent::at).max(Instant::compareTo).orElse(start);
        long calendarDays = result.sent().stream().map(s -> s.at().atZone(ZoneId.of("UTC")).toLocalDate()).distinct().count();

        System.out.printf(Locale.ROOT, "LinkedIn pacing: %d invitations over %d accounts in %d time zones, seed %d%n", invitations, pool,
                Math.min(pool, ZONES.size()), seed);
        System.out.printf(Locale.ROOT, "  sent %d, plans %d, first deferral: %s%n", result.sent().size(), result.rounds(),
                result.deferrals().isEmpty() ? "none" : result.deferrals().get(0).why());
        System.out.printf(Locale.ROOT, "  days needed: %.2f from %s to the last invitation (%s); UTC calendar days with sends: %d%n",
                Duration.between(start, last).toMinutes() / 1440.0, start, last, calendarDays);
        System.out.printf(Locale.ROOT, "  max per account per day: %d (cap 80); max per account in 7 days: %d (cap 200); over any cap: %d%n",
                maxDay, maxWeek, overCap);
        System.out.printf(Locale.ROOT, "  within working hours: %.4f (%d of %d)%n", (double) inside / result.sent().size(), inside,
                result.sent().size());
        System.out.printf(Locale.ROOT, "  pause between an account's invitations: min %d s, median %d s, max %d s (spacing 120-300 s)%n",
                pauses.isEmpty() ? 0 : pauses.get(0), pauses.isEmpty() ? 0 : pauses.get(pauses.size() / 2),
                pauses.isEmpty() ? 0 : pauses.get(pauses.size() - 1));
        System.out.printf(Locale.ROOT, "  per account: %s%n", perAccount(result.sent(), accounts));
        System.out.printf(Locale.ROOT, "  planning time: %.1f ms for %d plans%n", planMillis, result.rounds());
    }

    private static String perAccount(List<Sent> sent, List<LinkedInAccount> accounts) {
        List<String> counts = new ArrayList<>();
        for (LinkedInAccount account : accounts) {
            counts.add(account.id() + "=" + sent.stream().filter(s -> s.account().equals(account.id())).count());
        }
        return String.join(" ", counts);
    }
}

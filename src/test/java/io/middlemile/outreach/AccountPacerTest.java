package io.middlemile.outreach;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Caps, days and weeks in the account's own time zone, working hours, random spacing, balance, and nothing dropped. */
class AccountPacerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    @Test
    void theDayEndsAtMidnightInTheAccountsZoneNotInUtc() {
        LinkedInAccount la = account("acc_la", LOS_ANGELES);
        // 80 invitations on Tuesday 1 December in Los Angeles, 09:00 to 14:16 there (17:00 to 22:16 UTC)
        List<Instant> sent = new ArrayList<>();
        Instant first = Instant.parse("2026-12-01T17:00:00Z");
        for (int i = 0; i < 80; i++) {
            sent.add(first.plus(Duration.ofMinutes(4L * i)));
        }
        AccountUsage usage = AccountUsage.of(LOS_ANGELES, sent, sent);
        assertThat(usage.invitationsOn(LocalDate.of(2026, 12, 1))).isEqualTo(80);

        // 23:30 UTC on the 1st, then 00:30 UTC on the 2nd: still Tuesday afternoon in Los Angeles, the day's cap is spent
        for (Instant now : List.of(Instant.parse("2026-12-01T23:30:00Z"), Instant.parse("2026-12-02T00:30:00Z"))) {
            List<Pacing> plan = new AccountPacer(List.of(la)).plan(3, Map.of("acc_la", usage), now, new SplittableRandom(1));

            assertThat(plan).hasSize(3).allSatisfy(pacing -> {
                Pacing.Deferred deferred = (Pacing.Deferred) pacing;
                assertThat(deferred.until()).isEqualTo(Instant.parse("2026-12-02T17:00:00Z")); // Wednesday 09:00 PST
                assertThat(deferred.why()).isEqualTo("account acc_la reached 80 invitations today (America/Los_Angeles);"
                        + " next window Wed 2 Dec 09:00 America/Los_Angeles (acc_la)");
            });
        }

        // Wednesday 09:00 in Los Angeles: a new day
        List<Pacing> plan = new AccountPacer(List.of(la)).plan(3, Map.of("acc_la", usage), Instant.parse("2026-12-02T17:00:00Z"),
                new SplittableRandom(1));
        assertThat(plan).allMatch(Pacing.Slot.class::isInstance);
        assertThat(la.dayStart(Instant.parse("2026-12-02T00:30:00Z"))).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(la.weekStart(Instant.parse("2026-12-02T00:30:00Z"))).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
    }

    @Test
    void aDayWithRoomLeftStopsAtTheCapAndTheRestWaitsForTheNextDay() {
        LinkedInAccount la = account("acc_la", LOS_ANGELES);
        AccountUsage usage = new AccountUsage(Map.of(LocalDate.of(2026, 12, 1), 78), Map.of(LocalDate.of(2026, 12, 1), 78),
                Instant.parse("2026-12-01T23:20:00Z"));

        List<Pacing> plan = new AccountPacer(List.of(la)).plan(5, Map.of("acc_la", usage), Instant.parse("2026-12-01T23:30:00Z"),
                new SplittableRandom(2));

        assertThat(plan.subList(0, 2)).allMatch(Pacing.Slot.class::isInstance);
        assertThat(((Pacing.Slot) plan.get(0)).at()).isBetween(Instant.parse("2026-12-01T23:30:00Z"), Instant.parse("2026-12-01T23:35:00Z"));
        assertThat(plan.subList(2, 5)).allSatisfy(pacing ->
                assertThat(((Pacing.Deferred) pacing).until()).isEqualTo(Instant.parse("2026-12-02T17:00:00Z")));
    }

    @Test
    void theWeeklyCapCountsAnyRollingSevenDaysAndDefersToTheFirstDayWithRoom() {
        LinkedInAccount berlin = account("acc_emea", BERLIN);
        Map<LocalDate, Integer> days = Map.of(LocalDate.of(2026, 11, 25), 50, LocalDate.of(2026, 11, 26), 50,
                LocalDate.of(2026, 11, 27), 50, LocalDate.of(2026, 11, 30), 40);
        AccountUsage usage = new AccountUsage(days, days, Instant.parse("2026-11-30T08:50:00Z"));

        // Monday 30 November 10:00 in Berlin: 190 in the last 7 days, so 10 more
        List<Pacing> plan = new AccountPacer(List.of(berlin)).plan(20, Map.of("acc_emea", usage), Instant.parse("2026-11-30T09:00:00Z"),
                new SplittableRandom(3));

        assertThat(plan.stream().filter(Pacing.Slot.class::isInstance)).hasSize(10);
        Pacing.Deferred deferred = (Pacing.Deferred) plan.get(19);
        // Tuesday still has 200 in its week (25 Nov to 1 Dec); Wednesday's week drops the 50 of 25 November
        assertThat(deferred.until()).isEqualTo(Instant.parse("2026-12-02T08:00:00Z"));
        assertThat(deferred.why()).isEqualTo("account acc_emea reached 200 invitations in 7 days; next window Wed 2 Dec 09:00"
                + " Europe/Berlin (acc_emea)");
    }

    @Test
    void profileLookUpsAreCappedToo() {
        LinkedInAccount account = new LinkedInAccount("acc_emea", BERLIN, true, 80, 200, 10, LocalTime.of(9, 0), LocalTime.of(18, 0),
                weekdays(), Duration.ofMinutes(2), Duration.ofMinutes(5), 50);

        List<Pacing> plan = new AccountPacer(List.of(account)).plan(15, Map.of(), Instant.parse("2026-12-01T08:00:00Z"),
                new SplittableRandom(4));

        assertThat(plan.stream().filter(Pacing.Slot.class::isInstance)).hasSize(10);
        assertThat(((Pacing.Deferred) plan.get(14)).why()).startsWith("account acc_emea reached 10 profile look-ups today (Europe/Berlin)");
    }

    @Test
    void nothingGoesOutsideWorkingHoursOrOnADayOff() {
        AccountPacer pacer = new AccountPacer(List.of(account("acc_emea", BERLIN)));

        // Saturday: everything waits for Monday 09:00
        List<Pacing> saturday = pacer.plan(4, Map.of(), Instant.parse("2026-12-05T10:00:00Z"), new SplittableRandom(5));
        assertThat(saturday).allSatisfy(pacing -> {
            assertThat(((Pacing.Deferred) pacing).until()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
            assertThat(((Pacing.Deferred) pacing).why()).isEqualTo("account acc_emea is outside its working hours"
                    + " (09:00-18:00 Mon-Fri Europe/Berlin); next window Mon 7 Dec 09:00 Europe/Berlin (acc_emea)");
        });

        // Monday 07:00: waits for 09:00 the same day
        List<Pacing> early = pacer.plan(1, Map.of(), Instant.parse("2026-12-07T06:00:00Z"), new SplittableRandom(5));
        assertThat(((Pacing.Deferred) early.get(0)).until()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));

        // Monday 17:50: what fits before 18:00 goes, the rest waits for Tuesday 09:00
        List<Pacing> late = pacer.plan(10, Map.of(), Instant.parse("2026-12-07T16:50:00Z"), new SplittableRandom(5));
        List<Pacing.Slot> slots = late.stream().filter(Pacing.Slot.class::isInstance).map(Pacing.Slot.class::cast).toList();
        assertThat(slots).isNotEmpty().hasSizeLessThanOrEqualTo(5)
                .allSatisfy(slot -> assertThat(slot.at()).isBefore(Instant.parse("2026-12-07T17:00:00Z")));
        Pacing.Deferred rest = (Pacing.Deferred) late.get(9);
        assertThat(rest.until()).isEqualTo(Instant.parse("2026-12-08T08:00:00Z"));
        assertThat(rest.why()).startsWith("account acc_emea has no time left in today's window (09:00-18:00 Mon-Fri Europe/Berlin)");
    }

    @Test
    void pausesAreRandomWithinTheSpacingAndKeptFromTheLastInvitationOfAnEarlierRun() {
        LinkedInAccount account = account("acc_emea", BERLIN);
        Instant last = Instant.parse("2026-12-01T09:00:00Z");
        AccountUsage usage = new AccountUsage(Map.of(LocalDate.of(2026, 12, 1), 1), Map.of(LocalDate.of(2026, 12, 1), 1), last);

        List<Pacing> plan = new AccountPacer(List.of(account)).plan(60, Map.of("acc_emea", usage), Instant.parse("2026-12-01T09:00:30Z"),
                new SplittableRandom(6));

        List<Instant> times = new ArrayList<>(List.of(last));
        plan.stream().map(Pacing.Slot.class::cast).forEach(slot -> times.add(slot.at()));
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        assertThat(gaps).hasSize(60).allSatisfy(gap -> assertThat(gap).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(5)));
        assertThat(gaps.stream().distinct().count()).as("pauses are random, not a fixed beat").isGreaterThan(50);
    }

    @Test
    void invitationsAreSpreadOverTheOpenAccountsAndTheLessUsedGoesFirst() {
        List<LinkedInAccount> accounts = List.of(fixed("a1"), fixed("a2"), fixed("a3"));
        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        AccountUsage busy = new AccountUsage(Map.of(LocalDate.of(2026, 12, 1), 5), Map.of(), null);

        List<Pacing> plan = new AccountPacer(accounts).plan(30, Map.of("a1", busy), now, new SplittableRandom(7));

        Map<String, Long> perAccount = plan.stream().map(Pacing.Slot.class::cast)
                .collect(Collectors.groupingBy(Pacing.Slot::account, Collectors.counting()));
        assertThat(perAccount).containsOnly(Map.entry("a1", 10L), Map.entry("a2", 10L), Map.entry("a3", 10L));
        assertThat(((Pacing.Slot) plan.get(0)).account()).isEqualTo("a2");
        assertThat(((Pacing.Slot) plan.get(2)).account()).isEqualTo("a1");

        // random pauses: still close to even
        List<LinkedInAccount> random = List.of(account("r1", BERLIN), account("r2", BERLIN), account("r3", BERLIN), account("r4", BERLIN));
        Map<String, Long> spread = new AccountPacer(random).plan(200, Map.of(), now, new SplittableRandom(8)).stream()
                .map(Pacing.Slot.class::cast).collect(Collectors.groupingBy(Pacing.Slot::account, Collectors.counting()));
        assertThat(spread.values()).allSatisfy(count -> assertThat(count).isBetween(45L, 55L));
    }

    @Test
    void aThousandRequestsGetAThousandAnswersInTimeOrder() {
        AccountPacer pacer = new AccountPacer(List.of(account("a1", BERLIN), account("a2", LOS_ANGELES)));

        List<Pacing> plan = pacer.plan(1000, Map.of(), Instant.parse("2026-12-01T17:00:00Z"), new SplittableRandom(9));

        assertThat(plan).hasSize(1000);
        List<Pacing.Slot> slots = plan.stream().filter(Pacing.Slot.class::isInstance).map(Pacing.Slot.class::cast).toList();
        // 17:00 UTC: Berlin's 18:00 has passed, Los Angeles is at 09:00 with its day's 80
        assertThat(slots).hasSize(80).allMatch(slot -> slot.account().equals("a2"));
        assertThat(slots).isSortedAccordingTo((x, y) -> x.at().compareTo(y.at()));
        assertThat(plan.subList(80, 1000)).allMatch(Pacing.Deferred.class::isInstance);
        assertThat(((Pacing.Deferred) plan.get(999)).until()).isEqualTo(Instant.parse("2026-12-02T08:00:00Z"));
    }

    @Test
    void aDaylightSavingWeekKeepsLocalHoursAndCaps() {
        LinkedInAccount account = account("acc_emea", BERLIN);
        AccountPacer pacer = new AccountPacer(List.of(account));

        // Thursday 26 March 2026 08:00 UTC; clocks go forward on Sunday 29 March
        PacingSimulation.Result result = PacingSimulation.run(pacer, 400, Instant.parse("2026-03-26T08:00:00Z"), new SplittableRandom(10));

        assertThat(result.sent()).hasSize(400).allSatisfy(sent ->
                assertThat(PacingSimulation.Result.withinHours(account, sent)).as("%s inside 09:00-18:00 Mon-Fri Berlin", sent).isTrue());
        TreeMap<LocalDate, Integer> days = result.perDay(List.of(account)).get("acc_emea");
        assertThat(days.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(80));
        assertThat(result.maxRollingWeek(account, days)).isEqualTo(200);
        // Monday 30 March opens at 09:00 CEST, 07:00 UTC (an hour earlier in UTC than the week before)
        Instant mondayFirst = result.sent().stream().map(PacingSimulation.Sent::at)
                .filter(at -> account.dayOf(at).equals(LocalDate.of(2026, 3, 30))).min(Instant::compareTo).orElseThrow();
        assertThat(mondayFirst).isEqualTo(ZonedDateTime.of(2026, 3, 30, 9, 0, 0, 0, BERLIN).toInstant())
                .isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
    }

    private static LinkedInAccount account(String id, ZoneId zone) {
        return new LinkedInAccount(id, zone, true, 80, 200, 80, LocalTime.of(9, 0), LocalTime.of(18, 0), weekdays(),
                Duration.ofMinutes(2), Duration.ofMinutes(5), 50);
    }

    private static LinkedInAccount fixed(String id) {
        return new LinkedInAccount(id, ZoneId.of("UTC"), true, 80, 200, 80, LocalTime.of(9, 0), LocalTime.of(18, 0), weekdays(),
                Duration.ofMinutes(3), Duration.ofMinutes(3), 50);
    }

    private static EnumSet<DayOfWeek> weekdays() {
        return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    }
}

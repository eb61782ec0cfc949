package io.middlemile.outreach;

import io.middlemile.workspace.OutreachConfig;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One LinkedIn account's settings as the pacer uses them: its caps, its working hours and days in its own time zone,
 * and the random pause between two of its invitations. Days are calendar days in {@link #zone}; the weekly cap counts
 * a rolling week, today and the 6 calendar days before it, so no 7 consecutive days ever exceed it (an ISO week
 * would allow a week's cap at the end of one week and again at the start of the next).
 *
 * @param id                 the Unipile account id
 * @param zone               the account holder's time zone
 * @param premium            a paid account (notes up to 300 characters instead of 200)
 * @param invitationsPerDay  most invitations per calendar day
 * @param invitationsPerWeek most invitations in the rolling week
 * @param lookupsPerDay      most profile look-ups per calendar day; every invitation takes one
 * @param start              working hours start (included)
 * @param end                working hours end (not included), after {@code start}
 * @param days               working days
 * @param minSpacing         shortest pause between two invitations, above zero
 * @param maxSpacing         longest pause, not below {@code minSpacing}
 * @param messagesPerDay     most follow-up messages per calendar day
 */
public record LinkedInAccount(String id, ZoneId zone, boolean premium, int invitationsPerDay, int invitationsPerWeek,
                              int lookupsPerDay, LocalTime start, LocalTime end, Set<DayOfWeek> days, Duration minSpacing,
                              Duration maxSpacing, int messagesPerDay) {

    /** LinkedIn's longest invitation note on a paid account, and on a free one. */
    public static final int PREMIUM_NOTE_LIMIT = 300;
    public static final int FREE_NOTE_LIMIT = 200;

    public LinkedInAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        if (invitationsPerDay < 1 || invitationsPerWeek < 1 || lookupsPerDay < 1 || messagesPerDay < 1) {
            throw new IllegalArgumentException("account " + id + ": caps must be 1 or more");
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("account " + id + ": working hours must end after they start");
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("account " + id + ": needs at least one working day");
        }
        if (minSpacing.isZero() || minSpacing.isNegative() || minSpacing.compareTo(maxSpacing) > 0) {
            throw new IllegalArgumentException("account " + id + ": spacing must be above zero, shortest not above longest");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** The account of a validated {@code linkedin.accounts} entry, with Unipile's advised defaults where it is silent. */
    public static LinkedInAccount of(OutreachConfig.Account account) {
        LocalTime[] hours = account.workingHours();
        Duration[] spacing = account.spacingBounds();
        return new LinkedInAccount(account.id(), ZoneId.of(account.timeZone()), account.isPremium(),
                account.invitationsPerDayOrDefault(), account.invitationsPerWeekOrDefault(), account.lookupsPerDayOrDefault(),
                hours[0], hours[1], account.workingDays(), spacing[0], spacing[1], account.messagesPerDayOrDefault());
    }

    /**
     * The same account as the pacer sees it for messages: its messages per day in place of the invitation caps (a
     * message has no weekly cap), the same hours, days, pause and profile look-ups (a message to a person without a chat
     * looks the profile up first).
     */
    public LinkedInAccount forMessages() {
        return new LinkedInAccount(id, zone, premium, messagesPerDay, messagesPerDay * 7, lookupsPerDay, start, end, days, minSpacing,
                maxSpacing, messagesPerDay);
    }

    /** The accounts of a validated {@code linkedin:} section, in file order. */
    public static List<LinkedInAccount> of(OutreachConfig.LinkedIn linkedin) {
        return linkedin.accounts().stream().map(LinkedInAccount::of).toList();
    }

    /** The longest invitation note this account may send. */
    public int noteLimit() {
        return premium ? PREMIUM_NOTE_LIMIT : FREE_NOTE_LIMIT;
    }

    /** The calendar day {@code at} falls on in the account's time zone. */
    public LocalDate dayOf(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** Where today began in the account's time zone: the send ledger counts today's invitations and look-ups from here. */
    public Instant dayStart(Instant now) {
        return dayOf(now).atStartOfDay(zone).toInstant();
    }

    /** Where the rolling week began (6 calendar days before today): the ledger counts the week's invitations from here. */
    public Instant weekStart(Instant now) {
        return dayOf(now).minusDays(6).atStartOfDay(zone).toInstant();
    }

    /** The working window on {@code day} as instants [start, end), or empty on a day off. DST safe. */
    public Optional<Instant[]> window(LocalDate day) {
        if (!days.contains(day.getDayOfWeek())) {
            return Optional.empty();
        }
        return Optional.of(new Instant[]{ZonedDateTime.of(day, start, zone).toInstant(), ZonedDateTime.of(day, end, zone).toInstant()});
    }

    /** "09:00-18:00 Mon-Fri Europe/Berlin", as messages describe the account's hours. */
    public String describeHours() {
        return start + "-" + end + " " + describeDays() + " " + zone.getId();
    }

    private String describeDays() {
        List<DayOfWeek> sorted = days.stream().sorted().toList();
        boolean contiguous = sorted.get(sorted.size() - 1).getValue() - sorted.get(0).getValue() == sorted.size() - 1;
        if (contiguous && sorted.size() > 2) {
            return shortName(sorted.get(0)) + "-" + shortName(sorted.get(sorted.size() - 1));
        }
        return String.join(",", sorted.stream().map(LinkedInAccount::shortName).toList());
    }

    static String shortName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}

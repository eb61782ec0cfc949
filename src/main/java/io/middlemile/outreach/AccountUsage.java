package io.middlemile.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What a LinkedIn account has already done, per calendar day in its time zone: what the pacer subtracts from its caps.
 * Days older than the rolling week may be left out.
 *
 * @param invitationsByDay invitations sent per calendar day
 * @param lookupsByDay     profile look-ups made per calendar day
 * @param lastInvitation   when the account last sent an invitation (the next one keeps its pause from it), or null
 */
public record AccountUsage(Map<LocalDate, Integer> invitationsByDay, Map<LocalDate, Integer> lookupsByDay, Instant lastInvitation) {

    /** An account that has sent nothing. */
    public static final AccountUsage NONE = new AccountUsage(Map.of(), Map.of(), null);

    public AccountUsage {
        invitationsByDay = Map.copyOf(invitationsByDay);
        lookupsByDay = Map.copyOf(lookupsByDay);
    }

    /**
     * The usage of an account from the send ledger's timestamps: its invitations and look-ups since
     * {@link LinkedInAccount#weekStart}, counted per calendar day in the account's time zone {@code zone}.
     */
    public static AccountUsage of(ZoneId zone, Collection<Instant> invitations, Collection<Instant> lookups) {
        Map<LocalDate, Integer> invited = new HashMap<>();
        Instant last = null;
        for (Instant at : invitations) {
            invited.merge(at.atZone(zone).toLocalDate(), 1, Integer::sum);
            last = last == null || at.isAfter(last) ? at : last;
        }
        Map<LocalDate, Integer> looked = new HashMap<>();
        for (Instant at : lookups) {
            looked.merge(at.atZone(zone).toLocalDate(), 1, Integer::sum);
        }
        return new AccountUsage(invited, looked, last);
    }

    public int invitationsOn(LocalDate day) {
        return invitationsByDay.getOrDefault(day, 0);
    }

    public int lookupsOn(LocalDate day) {
        return lookupsByDay.getOrDefault(day, 0);
    }

    /** Invitations in the rolling week ending on {@code day}: that day and the 6 before it. */
    public int invitationsInWeekEnding(LocalDate day) {
        int total = 0;
        for (int back = 0; back < 7; back++) {
            total += invitationsOn(day.minusDays(back));
        }
        return total;
    }
}

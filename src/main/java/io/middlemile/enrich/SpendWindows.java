package io.middlemile.enrich;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The windows a waterfall's {@code perDay} and {@code perMonth} budgets are counted over: the calendar day and month in
 * UTC. The budget check and every report of spend against a budget take them from here, so they agree.
 */
public record SpendWindows(Instant dayStart, Instant monthStart) {

    public static SpendWindows at(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return new SpendWindows(today.atStartOfDay().toInstant(ZoneOffset.UTC),
                today.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}

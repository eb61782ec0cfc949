package io.middlemile.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The date forms CRMs send: an ISO instant or offset date-time, an ISO date, or epoch milliseconds (HubSpot). */
final class Dates {

    private Dates() {
    }

    /** The instant, or null when the text is empty or no date form the CRMs use. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            if (t.chars().allMatch(Character::isDigit) && t.length() >= 10) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}

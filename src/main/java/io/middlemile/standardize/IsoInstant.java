package io.middlemile.standardize;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The one timestamp shape most exports and APIs write, {@code 2024-03-05T14:07:00Z} with an optional fraction of a
 * second, read without {@link java.time.format.DateTimeFormatter}. A million-contact export carries two such
 * timestamps a record, and each was parsed three times on its way to a match (connector, mapping, matcher): the
 * formatter's general parse took a tenth of the run's CPU and allocated about five gigabytes. Anything else (an
 * offset, a space, a leap second, an impossible date) is left to the caller's full parser, so results never differ.
 */
public final class IsoInstant {

    private static final int SHORTEST = "2024-03-05T14:07:00Z".length();

    private IsoInstant() {
    }

    /** The instant {@code text} names in exactly that shape, or null when it is in any other. */
    public static Instant parse(String text) {
        int n = text.length();
        if (n < SHORTEST || n > SHORTEST + 10 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > SHORTEST) {
            // ".5Z" to ".123456789Z"
            if (text.charAt(19) != '.' || n == SHORTEST + 1) {
                return null;
            }
            int fraction = digits(text, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int d = n - 1 - 20; d < 9; d++) {
                nanos *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // February 30th: the full parser says why
        }
    }

    /**
     * As {@link Instant#parse} (which throws {@link java.time.format.DateTimeParseException} for what it cannot read), with
     * the usual shape read by {@link #parse}.
     */
    public static Instant read(String text) {
        Instant usual = parse(text);
        return usual != null ? usual : Instant.parse(text);
    }

    /** True when {@code text} is the shape {@link #parse} reads and has no fraction: it is then its instant's ISO text. */
    public static boolean whole(String text) {
        return text.length() == SHORTEST;
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

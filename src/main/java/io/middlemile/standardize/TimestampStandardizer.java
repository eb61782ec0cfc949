package io.middlemile.standardize;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and timestamps from common CRM export formats to ISO-8601.
 *
 * <p>"timestamp" produces UTC instants ({@code 2024-03-05T14:07:00Z}); "date" produces calendar dates
 * ({@code 2024-03-05}). Accepted: ISO with or without offset/{@code Z}, with {@code T} or a space; numeric
 * {@code 03/05/2024 2:07 PM} (month first unless constructed day-first; a first number above 12 forces day-first),
 * dotted {@code 05.03.2024} (always day-first, the European convention), two-digit years (00–69 → 20xx),
 * month names ({@code 5 Mar 2024}, {@code March 5, 2024}, {@code Tue, 05 Mar 2024 14:07:00 GMT}),
 * basic ISO {@code 20240305} (8 digits), epoch seconds (10 digits), epoch milliseconds (13 digits) and Excel serial dates (5 digits, optional fraction).
 *
 * <p>Inputs without zone or offset are interpreted as UTC, because exports rarely say which zone they use and UTC
 * is at least deterministic. The "date" standardizer keeps the calendar date as written (an offset is ignored);
 * timestamp inputs that are date-only become midnight UTC with attribute {@code dateOnly=true}.
 */
public final class TimestampStandardizer implements Standardizer {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*"
                    + "(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})([/.\\-])(\\d{1,2})\\2(\\d{4}|\\d{2})");
    private static final Pattern TIME = Pattern.compile(
            "(?<![\\d:])(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*(?:([ap])\\.?\\s?m\\.?)?(?![\\d:])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ZONE = Pattern.compile("\\s*(Z|UTC|GMT|[+-]\\d{2}:?\\d{2})$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORDS = Pattern.compile("[A-Za-z]+|\\d+");
    private static final Pattern DIGITS = Pattern.compile("\\d+(?:\\.\\d+)?");

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("sept", 9),
            Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12), Map.entry("mrz", 3), Map.entry("mai", 5),
            Map.entry("okt", 10), Map.entry("dez", 12), Map.entry("janv", 1), Map.entry("fev", 2), Map.entry("mars", 3),
            Map.entry("avr", 4), Map.entry("juin", 6), Map.entry("juil", 7), Map.entry("aout", 8), Map.entry("ene", 1),
            Map.entry("abr", 4), Map.entry("ago", 8), Map.entry("dic", 12));
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);

    private final boolean dateOnly;
    private final boolean dayFirst;

    /**
     * @param dateOnly true for the "date" standardizer
     * @param dayFirst read ambiguous {@code 03/05/2024} as 3 May instead of March 5
     */
    public TimestampStandardizer(boolean dateOnly, boolean dayFirst) {
        this.dateOnly = dateOnly;
        this.dayFirst = dayFirst;
    }

    /** Month-first timestamp standardizer. */
    public TimestampStandardizer() {
        this(false, false);
    }

    @Override
    public String name() {
        return dateOnly ? "date" : "timestamp";
    }

    /** Parsed pieces before formatting; offset null when the input named no zone. */
    private record Parsed(LocalDate date, LocalTime time, ZoneOffset offset, Instant instant) {
    }

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (s.length() > 100) {
            return Standardized.invalid("too long to be a date");
        }
        Instant iso = dateOnly ? null : IsoInstant.parse(s);
        int year = iso == null ? 0 : Integer.parseInt(s, 0, 4, 10);
        if (year >= 1800 && year <= 2200) {
            // the usual shape, read without the general parser below (same result; a year out of range is refused there)
            String value = IsoInstant.whole(s) ? s : DateTimeFormatter.ISO_INSTANT.format(iso);
            return Text.result(s, value, value, "converted '" + s + "' to " + value, Map.of());
        }
        Parsed p;
        try {
            p = parse(s);
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            return Standardized.invalid("impossible date or time in '" + s + "'");
        }
        if (p == null) {
            return Standardized.invalid("unrecognized date format '" + s + "'");
        }
        if (p.date() != null && (p.date().getYear() < 1800 || p.date().getYear() > 2200)) {
            return Standardized.invalid("year " + p.date().getYear() + " out of range 1800-2200");
        }
        String value;
        Map<String, String> attrs = Map.of();
        if (dateOnly) {
            LocalDate d = p.instant() != null ? p.instant().atOffset(ZoneOffset.UTC).toLocalDate() : p.date();
            value = d.toString();
        } else {
            Instant i = p.instant();
            if (i == null) {
                LocalTime t = p.time() == null ? LocalTime.MIDNIGHT : p.time();
                ZoneOffset off = p.offset() == null ? ZoneOffset.UTC : p.offset();
                i = LocalDateTime.of(p.date(), t).toInstant(off);
                if (p.time() == null) {
                    attrs = Map.of("dateOnly", "true");
                }
            }
            value = DateTimeFormatter.ISO_INSTANT.format(i);
        }
        return Text.result(s, value, value, "converted '" + s + "' to " + value, attrs);
    }

    private Parsed parse(String s) {
        Matcher m = ISO.matcher(s);
        if (m.matches()) {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            LocalTime t = m.group(4) == null ? null : time(m.group(4), m.group(5), m.group(6), m.group(7), null);
            return new Parsed(d, t, offset(m.group(8)), null);
        }
        if (isDigits(s)) {
            return epochOrSerial(s);
        }
        String rest = s;
        ZoneOffset off = null;
        Matcher z = ZONE.matcher(rest);
        if (z.find()) {
            off = offset(z.group(1));
            rest = rest.substring(0, z.start());
        }
        LocalTime t = null;
        Matcher tm = TIME.matcher(rest);
        if (tm.find()) {
            t = time(tm.group(1), tm.group(2), tm.group(3), tm.group(4), tm.group(5));
            rest = (rest.substring(0, tm.start()) + " " + rest.substring(tm.end())).trim();
        }
        rest = stripTrailingWords(rest);
        LocalDate d = numericDate(rest);
        if (d == null) {
            d = namedMonthDate(rest);
        }
        return d == null ? null : new Parsed(d, t, off, null);
    }

    private LocalDate numericDate(String s) {
        Matcher m = NUMERIC.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(3));
        int y = year(m.group(4));
        boolean df = ".".equals(m.group(2)) || dayFirst;
        if (a > 12) {
            df = true;
        } else if (b > 12) {
            df = false;
        }
        return df ? LocalDate.of(y, b, a) : LocalDate.of(y, a, b);
    }

    /** "5 Mar 2024", "March 5, 2024", "Tue 05-MAR-24", "2024 Mar 5". */
    private static LocalDate namedMonthDate(String s) {
        Integer month = null;
        int[] nums = new int[3];
        int[] lens = new int[3];
        int n = 0;
        Matcher w = WORDS.matcher(Text.stripDiacritics(s));
        while (w.find()) {
            String tok = w.group();
            if (Character.isDigit(tok.charAt(0))) {
                if (n == 3 || tok.length() > 4) {
                    return null;
                }
                lens[n] = tok.length();
                nums[n++] = Integer.parseInt(tok);
            } else {
                String low = tok.toLowerCase(Locale.ROOT);
                Integer mo = monthOf(low);
                if (mo != null) {
                    if (month != null) {
                        return null;
                    }
                    month = mo;
                } else if (!isIgnorableWord(low)) {
                    return null;
                }
            }
        }
        if (month == null || n != 2) {
            return null;
        }
        int day;
        int year;
        if (lens[0] == 4) {
            year = nums[0];
            day = nums[1];
        } else {
            day = nums[0];
            year = lens[1] <= 2 ? year(String.valueOf(nums[1])) : nums[1];
        }
        return LocalDate.of(year, month, day);
    }

    private static Integer monthOf(String low) {
        if (low.length() < 3) {
            return null;
        }
        Integer m = MONTHS.get(low);
        // full names in several languages share a 3- or 4-letter prefix ("march", "septiembre", "juillet")
        if (m == null && low.length() > 4) {
            m = MONTHS.get(low.substring(0, 4));
        }
        if (m == null && low.length() > 3) {
            m = MONTHS.get(low.substring(0, 3));
        }
        return m;
    }

    private static boolean isIgnorableWord(String w) {
        return switch (w) {
            case "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday",
                 "wednesday", "thursday", "friday", "saturday", "sunday", "st", "nd", "rd", "th", "of", "at", "on", "the", "de", "del", "le", "der", "den" -> true;
            default -> false;
        };
    }

    private static String stripTrailingWords(String s) {
        String t = s.trim();
        while (t.endsWith(",") || t.endsWith("T") || t.endsWith("@")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        return t;
    }

    private static Parsed epochOrSerial(String s) {
        String digits = s.indexOf('.') >= 0 ? s.substring(0, s.indexOf('.')) : s;
        if (digits.length() == 13 && s.indexOf('.') < 0) {
            return new Parsed(null, null, null, Instant.ofEpochMilli(Long.parseLong(s)));
        }
        if (digits.length() == 10 && s.indexOf('.') < 0) {
            return new Parsed(null, null, null, Instant.ofEpochSecond(Long.parseLong(s)));
        }
        if (digits.length() == 8 && s.indexOf('.') < 0) {
            // basic ISO 8601 "20240305"
            return new Parsed(LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8))), null, null, null);
        }
        if (digits.length() == 5) {
            double serial = Double.parseDouble(s);
            long days = (long) Math.floor(serial);
            LocalDate d = EXCEL_EPOCH.plusDays(days);
            double frac = serial - days;
            if (frac == 0) {
                return new Parsed(d, null, null, null);
            }
            long secs = Math.round(frac * 86_400);
            return new Parsed(d, LocalTime.ofSecondOfDay(Math.min(secs, 86_399)), null, null);
        }
        return null;
    }

    private static boolean isDigits(String s) {
        return DIGITS.matcher(s).matches();
    }

    private static int year(String y) {
        int v = Integer.parseInt(y);
        if (y.length() <= 2) {
            return v < 70 ? 2000 + v : 1900 + v;
        }
        return v;
    }

    private static LocalTime time(String h, String mi, String sec, String frac, String ampm) {
        int hour = Integer.parseInt(h);
        if (ampm != null) {
            if (hour < 1 || hour > 12) {
                throw new DateTimeException("bad 12-hour clock value");
            }
            boolean pm = Character.toLowerCase(ampm.charAt(0)) == 'p';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        int nanos = 0;
        if (frac != null) {
            nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
        }
        return LocalTime.of(hour, Integer.parseInt(mi), sec == null ? 0 : Integer.parseInt(sec), nanos);
    }

    private static ZoneOffset offset(String z) {
        if (z == null) {
            return null;
        }
        String u = z.toUpperCase(Locale.ROOT);
        if (u.equals("Z") || u.equals("UTC") || u.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String norm = u.length() == 5 ? u.substring(0, 3) + ":" + u.substring(3) : u;
        return ZoneOffset.of(norm);
    }
}

package io.middlemile.govern;

import io.middlemile.connector.FieldWrite;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.salesforce.SalesforceIds;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * Compares a record to be written with what the target holds now and keeps only real changes that
 * the field's write rule allows: {@code if-empty} never overwrites a value, {@code prefer-newest}
 * writes only a value newer than the target's last change, and a current picklist value that means
 * the same canonical value is left alone. Plain Java, no I/O.
 */
public final class ChangeSet {

    private ChangeSet() {
    }

    /**
     * @param current       the target's current fields for this key, or null when the record does not exist yet
     * @param modifiedField the target field holding its last-modified time (for prefer-newest), or null
     */
    public static RecordChange of(TargetRecord record, Map<String, Object> current, String modifiedField) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        if (current == null) {
            record.fields().forEach((field, value) -> {
                if (!blank(value)) {
                    after.put(field, value);
                }
            });
            return new RecordChange(record.key(), WriteAction.CREATE, Map.of(), after, Set.of(), record.matchOn());
        }
        Instant targetChangedAt = modifiedField == null ? null : changedAt(current.get(modifiedField));
        Set<String> held = new LinkedHashSet<>();
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            Object now = current.get(field.getKey());
            Object value = field.getValue();
            if (same(now, value)) {
                continue;
            }
            if (!allowed(record.write(field.getKey()), now, targetChangedAt)) {
                if (!equivalent(record.write(field.getKey()), now)) {
                    held.add(field.getKey());
                }
                continue;
            }
            before.put(field.getKey(), blank(now) ? null : now);
            after.put(field.getKey(), value);
        }
        return new RecordChange(record.key(), WriteAction.UPDATE, before, after, held);
    }

    private static boolean allowed(FieldWrite write, Object now, Instant targetChangedAt) {
        if (equivalent(write, now) || changedInTarget(write, now)) {
            return false;
        }
        return switch (write.rule()) {
            case "if-empty" -> blank(now);
            case "prefer-newest" -> write.setAt() == null || targetChangedAt == null || write.setAt().isAfter(targetChangedAt);
            case "never" -> false;
            default -> true;
        };
    }

    /**
     * Whether the target's current value is a person's change the hub keeps: the hub last wrote {@link FieldWrite#ours} to
     * the field (an owner it assigned), and the target now holds another, non-empty value (a rep gave the lead to someone
     * else in the CRM, or in the file). Writing over it would undo their decision on every run; an empty field, or the
     * hub's own value still there, is the hub's to write.
     */
    public static boolean changedInTarget(FieldWrite write, Object now) {
        // an owner's email in another case is still the hub's (a CRM and a person may write it either way)
        return write.ours() != null && !blank(now) && !same(now, write.ours())
                && !now.toString().strip().equalsIgnoreCase(write.ours().strip());
    }

    /** The target's value means the same canonical value (a value-map round trip): nothing to write, and nothing held. */
    private static boolean equivalent(FieldWrite write, Object now) {
        return !blank(now) && write.equivalents().stream().anyMatch(value -> value.equalsIgnoreCase(now.toString().strip()));
    }

    /**
     * Values are compared as text, and empty equals absent: a CSV cell and an API null say the same.
     * A one-element list equals its element (a single associated record id against a list of them).
     * Two timestamps are the same instant however they are written ({@code 2024-05-01T10:00:00Z} against HubSpot's
     * {@code 2024-05-01T10:00:00.000Z} or Salesforce's {@code 2024-05-01T10:00:00.000+0000}), and a number equals its text
     * in another scale ({@code 5} against {@code 5.0}), and a Salesforce Id its 18-character form: otherwise every sync would
     * rewrite them as changes.
     */
    static boolean same(Object a, Object b) {
        a = single(a);
        b = single(b);
        if (blank(a) || blank(b)) {
            return blank(a) && blank(b);
        }
        String left = a.toString();
        String right = b.toString();
        if (left.equals(right)) {
            return true;
        }
        if (left.length() + right.length() == 33 && SalesforceIds.looksLikeId(left) && SalesforceIds.looksLikeId(right)) {
            // a Salesforce Id written in its 15-character form (a listed owner's crmId copied from a URL) reads back in its
            // 18-character one: exactly that one, suffix and case, so no other text of those lengths matches
            return left.length() == 15 ? SalesforceIds.to18(left).equals(right) : SalesforceIds.to18(right).equals(left);
        }
        if (a instanceof Number || b instanceof Number) {
            // only when one side is a number: "+14155550134" and "14155550134" are different phone texts
            BigDecimal x = decimal(left);
            BigDecimal y = decimal(right);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        Instant x = instant(left);
        Instant y = x == null ? null : instant(right);
        return x != null && x.equals(y);
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An ISO-8601 date-time with an offset (Z, +02:00 or Salesforce's +0000), else null: dates and free text stay text. */
    private static Instant instant(String text) {
        if (text.length() < 20 || text.length() > 35 || text.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd().toFormatter(Locale.ROOT);

    /** Whether a record (null: absent) holds every expected value; expected null means the record should be gone. */
    static boolean holds(Map<String, Object> current, Map<String, Object> expected) {
        if (expected == null) {
            return current == null;
        }
        if (current == null) {
            return false;
        }
        return expected.entrySet().stream().allMatch(field -> same(current.get(field.getKey()), field.getValue()));
    }

    private static Object single(Object value) {
        if (value instanceof java.util.Collection<?> list && list.size() <= 1) {
            return list.isEmpty() ? null : list.iterator().next();
        }
        return value;
    }

    static boolean blank(Object value) {
        if (value instanceof java.util.Collection<?> list) {
            return list.isEmpty();
        }
        return value == null || value.toString().isBlank();
    }

    /**
     * A target's last-modified time: epoch milliseconds, or a date-time with an offset in any of the forms {@link
     * #instant(String)} reads (Salesforce's {@code SystemModstamp} ends {@code +0000}, which the ISO parser refuses: read
     * as unknown, every prefer-newest field was written over newer Salesforce edits).
     */
    private static Instant changedAt(Object value) {
        if (blank(value)) {
            return null;
        }
        String text = value.toString().strip();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return instant(text);
    }
}

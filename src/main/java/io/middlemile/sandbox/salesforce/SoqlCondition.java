package io.middlemile.sandbox.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A WHERE clause node: comparisons, IN lists and LIKE joined by AND/OR/NOT. */
sealed interface SoqlCondition {

    boolean test(Map<String, Object> row, SObjectSchema schema);

    record And(SoqlCondition left, SoqlCondition right) implements SoqlCondition {
        public boolean test(Map<String, Object> row, SObjectSchema schema) {
            return left.test(row, schema) && right.test(row, schema);
        }
    }

    record Or(SoqlCondition left, SoqlCondition right) implements SoqlCondition {
        public boolean test(Map<String, Object> row, SObjectSchema schema) {
            return left.test(row, schema) || right.test(row, schema);
        }
    }

    record Not(SoqlCondition inner) implements SoqlCondition {
        public boolean test(Map<String, Object> row, SObjectSchema schema) {
            return !inner.test(row, schema);
        }
    }

    record Compare(String field, String op, Object literal) implements SoqlCondition {
        public boolean test(Map<String, Object> row, SObjectSchema schema) {
            Object value = row.get(schema.canonical(field));
            if (literal == null || value == null) {
                boolean same = literal == null && value == null;
                return switch (op) {
                    case "=" -> same;
                    case "!=" -> !same;
                    default -> false;
                };
            }
            int c = compare(value, literal, schema.type(field));
            return switch (op) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new SfApiError(400, "MALFORMED_QUERY", "unexpected operator " + op);
            };
        }
    }

    /**
     * An IN list. Text and Id literals are also kept as a set (lower-cased text; the 15-character form
     * of Ids), so a 200-value IN over a large object costs one lookup per row, not 200 comparisons.
     */
    record In(String field, List<Object> values, boolean negated, java.util.Set<String> keys) implements SoqlCondition {

        In(String field, List<Object> values, boolean negated) {
            this(field, values, negated, keysOf(values));
        }

        private static java.util.Set<String> keysOf(List<Object> values) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (Object value : values) {
                if (!(value instanceof String text)) {
                    return null; // numbers, dates: compared one by one
                }
                keys.add(text.toLowerCase(java.util.Locale.ROOT));
                if (text.length() >= 15) {
                    keys.add(text.substring(0, 15));
                }
            }
            return keys;
        }

        public boolean test(Map<String, Object> row, SObjectSchema schema) {
            Object value = row.get(schema.canonical(field));
            SfFieldType type = schema.type(field);
            boolean found;
            if (keys != null && value instanceof String text && (type == SfFieldType.ID || type == SfFieldType.REFERENCE)) {
                found = keys.contains(text.length() >= 15 ? text.substring(0, 15) : text);
            } else if (keys != null && value instanceof String text) {
                found = keys.contains(text.toLowerCase(java.util.Locale.ROOT));
            } else {
                found = value != null && values.stream().anyMatch(v -> v != null && compare(value, v, type) == 0);
            }
            return negated != found;
        }
    }

    /**
     * {@code field LIKE 'pattern'}: % matches any run of characters, _ one character, {@code \%} and {@code \_}
     * themselves; case-insensitive, as in SOQL. Text fields only; a null never matches.
     */
    record Like(String field, String pattern, java.util.regex.Pattern regex) implements SoqlCondition {

        Like(String field, String pattern) {
            this(field, pattern, compile(pattern));
        }

        private static java.util.regex.Pattern compile(String pattern) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                if (c == '%' || c == '_') {
                    regex.append(java.util.regex.Pattern.quote(literal.toString())).append(c == '%' ? ".*" : ".");
                    literal.setLength(0);
                } else {
                    literal.append(c == SoqlParser.LITERAL_PERCENT ? '%' : c == SoqlParser.LITERAL_UNDERSCORE ? '_' : c);
                }
            }
            regex.append(java.util.regex.Pattern.quote(literal.toString()));
            return java.util.regex.Pattern.compile(regex.toString(),
                    java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE | java.util.regex.Pattern.DOTALL);
        }

        public boolean test(Map<String, Object> row, SObjectSchema schema) {
            SfFieldType type = schema.type(field);
            if (type != SfFieldType.STRING) {
                throw new SfApiError(400, "INVALID_FIELD", "invalid operator on " + (type == null ? "unknown" : type.describeName())
                        + " field: " + field + " LIKE '" + pattern + "'");
            }
            Object value = row.get(schema.canonical(field));
            return value != null && regex.matcher(value.toString()).matches();
        }
    }

    /** Typed comparison; text compares case-insensitively except Ids, as in SOQL. */
    static int compare(Object value, Object literal, SfFieldType type) {
        if (value instanceof Instant instant) {
            if (!(literal instanceof Instant other)) {
                throw new SfApiError(400, "INVALID_FIELD", "value of filter criterion must be of type dateTime and should not be enclosed in quotes");
            }
            return instant.compareTo(other);
        }
        if (value instanceof Boolean b) {
            return Boolean.compare(b, Boolean.parseBoolean(literal.toString()));
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).compareTo(new BigDecimal(literal.toString()));
        }
        String text = value.toString();
        String other = literal.toString();
        if (type == SfFieldType.ID || type == SfFieldType.REFERENCE) {
            // A 15-character Id names the same record as its 18-character form (the last 3 are a case checksum).
            if (text.length() != other.length() && text.length() >= 15 && other.length() >= 15) {
                return text.substring(0, 15).compareTo(other.substring(0, 15));
            }
            return text.compareTo(other);
        }
        return text.compareToIgnoreCase(other);
    }
}

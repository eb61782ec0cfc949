package io.middlemile.sandbox.salesforce;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the SOQL the connector and admins' rehearsals use: {@code SELECT f1, f2 FROM Obj [WHERE
 * cond] [ORDER BY f [ASC|DESC], ...] [LIMIT n]} where cond holds comparisons (=, !=, <, <=, >, >=)
 * of a field with a quoted string, number, true/false/null or an unquoted dateTime literal, IN and
 * NOT IN lists, LIKE with a quoted pattern, AND, OR, NOT and parentheses. Anything else is a 400
 * MALFORMED_QUERY, so a connector cannot rely on syntax the emulator does not check.
 */
final class SoqlParser {

    private static final DateTimeFormatter OFFSET_NO_COLON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]xx");
    /**
     * Stand-ins (private-use characters) for the escaped wildcards {@code \%} and {@code \_} of a quoted string:
     * a LIKE pattern reads them as a literal % and _, any other literal as the characters themselves.
     */
    static final char LITERAL_PERCENT = '\uE000';
    static final char LITERAL_UNDERSCORE = '\uE001';

    private final List<String> tokens;
    private int at;

    private SoqlParser(String soql) {
        this.tokens = tokenize(soql);
    }

    static SoqlQuery parse(String soql) {
        if (soql == null || soql.isBlank()) {
            throw malformed("empty query");
        }
        return new SoqlParser(soql).query();
    }

    private SoqlQuery query() {
        expect("SELECT");
        List<String> fields = new ArrayList<>();
        do {
            fields.add(identifier());
        } while (accept(","));
        expect("FROM");
        String object = identifier();
        SoqlCondition where = null;
        if (accept("WHERE")) {
            where = or();
        }
        List<SoqlQuery.OrderBy> orderBy = new ArrayList<>();
        if (accept("ORDER")) {
            expect("BY");
            do {
                String field = identifier();
                boolean desc = accept("DESC");
                if (!desc) {
                    accept("ASC");
                }
                orderBy.add(new SoqlQuery.OrderBy(field, desc));
            } while (accept(","));
        }
        Integer limit = null;
        if (accept("LIMIT")) {
            try {
                limit = Integer.parseInt(next());
            } catch (NumberFormatException e) {
                throw malformed("LIMIT takes a number");
            }
        }
        if (at < tokens.size()) {
            throw malformed("unexpected token: '" + tokens.get(at) + "'");
        }
        return new SoqlQuery(fields, object, where, orderBy, limit);
    }

    private SoqlCondition or() {
        SoqlCondition left = and();
        while (accept("OR")) {
            left = new SoqlCondition.Or(left, and());
        }
        return left;
    }

    private SoqlCondition and() {
        SoqlCondition left = unary();
        while (accept("AND")) {
            left = new SoqlCondition.And(left, unary());
        }
        return left;
    }

    private SoqlCondition unary() {
        if (accept("NOT")) {
            return new SoqlCondition.Not(unary());
        }
        if (accept("(")) {
            SoqlCondition inner = or();
            expect(")");
            return inner;
        }
        String field = identifier();
        boolean negated = accept("NOT");
        if (accept("IN")) {
            expect("(");
            List<Object> values = new ArrayList<>();
            do {
                values.add(literal(next()));
            } while (accept(","));
            expect(")");
            return new SoqlCondition.In(field, values, negated);
        }
        if (negated) {
            throw malformed("expecting IN after NOT");
        }
        if (accept("LIKE")) {
            // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
            String pattern = next();
            if (!pattern.startsWith("'")) {
                throw malformed("LIKE takes a quoted string, found '" + pattern + "'");
            }
            return new SoqlCondition.Like(field, pattern.substring(1));
        }
        String op = next();
        if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(op)) {
            throw malformed("unexpected token: '" + op + "'");
        }
        return new SoqlCondition.Compare(field, op, literal(next()));
    }

    private static Object literal(String token) {
        if (token.startsWith("'")) {
            return token.substring(1).replace(LITERAL_PERCENT, '%').replace(LITERAL_UNDERSCORE, '_');
        }
        String upper = token.toUpperCase(Locale.ROOT);
        if (upper.equals("NULL")) {
            return null;
        }
        if (upper.equals("TRUE") || upper.equals("FALSE")) {
            return Boolean.parseBoolean(token);
        }
        if (token.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
            try {
                return OffsetDateTime.parse(token).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(token, OFFSET_NO_COLON).toInstant();
                } catch (DateTimeParseException e2) {
                    throw malformed("invalid dateTime literal " + token);
                }
            }
        }
        if (token.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return token;
        }
        try {
            return new BigDecimal(token);
        } catch (NumberFormatException e) {
            throw malformed("unexpected token: '" + token + "'");
        }
    }

    private String identifier() {
        String token = next();
        if (!token.matches("[A-Za-z][A-Za-z0-9_.]*")) {
            throw malformed("unexpected token: '" + token + "'");
        }
        return token;
    }

    private boolean accept(String keyword) {
        if (at < tokens.size() && tokens.get(at).equalsIgnoreCase(keyword) && !tokens.get(at).startsWith("'")) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String keyword) {
        if (!accept(keyword)) {
            throw malformed("expecting '" + keyword + "', found '" + (at < tokens.size() ? tokens.get(at) : "end of query") + "'");
        }
    }

    private String next() {
        if (at >= tokens.size()) {
            throw malformed("unexpected end of query");
        }
        return tokens.get(at++);
    }

    /** Tokens; a quoted string becomes one token starting with a single quote (closing quote and escapes removed). */
    private static List<String> tokenize(String soql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder text = new StringBuilder("'");
                i++;
                while (true) {
                    if (i >= soql.length()) {
                        throw malformed("unterminated string literal");
                    }
                    char d = soql.charAt(i);
                    if (d == '\\' && i + 1 < soql.length()) {
                        char e = soql.charAt(i + 1);
                        text.append(switch (e) {
                            case '%' -> LITERAL_PERCENT;
                            case '_' -> LITERAL_UNDERSCORE;
                            case 'n', 'N' -> '\n';
                            case 'r', 'R' -> '\r';
                            case 't', 'T' -> '\t';
                            default -> e;
                        });
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else {
                        text.append(d);
                        i++;
                    }
                }
                tokens.add(text.toString());
            } else if ("(),".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else if ("=<>!".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < soql.length() && (soql.charAt(j) == '=' || (c == '<' && soql.charAt(j) == '>'))) {
                    j++;
                }
                String op = soql.substring(i, j);
                tokens.add(op.equals("<>") ? "!=" : op);
                i = j;
            } else {
                int j = i;
                while (j < soql.length() && !Character.isWhitespace(soql.charAt(j)) && "(),=<>!'".indexOf(soql.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(soql.substring(i, j));
                i = j;
            }
        }
        return tokens;
    }

    private static SfApiError malformed(String detail) {
        return new SfApiError(400, "MALFORMED_QUERY", detail);
    }
}

package io.middlemile.connector.salesforce;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * SOQL literals. Strings are quoted with backslash escapes for quote and backslash
 * (https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-quotedstringescapes.html);
 * dateTimes are unquoted {@code YYYY-MM-DDThh:mm:ssZ}
 * (https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-dateformats.html).
 */
final class Soql {

    private Soql() {
    }

    static String string(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + "'";
    }

    static String dateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String inList(Collection<String> values) {
        return values.stream().map(Soql::string).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A 15- or 18-character record Id (a key the sink can update by). */
    static boolean isRecordId(String value) {
        return value != null && value.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}") && value.chars().anyMatch(Character::isDigit);
    }
}

package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * POST /crm/v3/objects/{object}/search, as strict as HubSpot's: limit at most 200 (default 10), at
 * most 5 filter groups of at most 6 filters and 18 filters in all, one sort rule, {@code after} an
 * integer offset below the result cap (10,000 unless configured smaller), archived records never
 * returned.
 *
 * <p>Records that tie on the sort property come back in a fixed but arbitrary order (a hash of the
 * id), not by id: HubSpot promises no tie order, and an emulator that sorted ties by id would hide
 * connectors that rely on it.
 */
final class SearchEngine {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_LIMIT = 200;

    private final CrmStore store;
    private final int resultCap;

    SearchEngine(CrmStore store, int resultCap) {
        this.store = store;
        this.resultCap = resultCap;
    }

    ObjectNode search(String objectType, JsonNode request) {
        CrmStore.ObjectType type = store.type(objectType);
        int limit = request.path("limit").asInt(10);
        if (limit > MAX_LIMIT || limit < 0) {
            throw ApiError.validation("Invalid input: limit must be between 0 and " + MAX_LIMIT + ", but was " + limit + ".");
        }
        int after = 0;
        if (request.hasNonNull("after")) {
            try {
                after = Integer.parseInt(request.get("after").asText().trim());
            } catch (NumberFormatException e) {
                throw ApiError.validation("Invalid input: after must be an integer, but was '" + request.get("after").asText() + "'.");
            }
        }
        if (after >= resultCap) {
            throw ApiError.validation("The search API cannot page beyond " + resultCap + " results (after=" + after
                    + "). Narrow the query with filters and start a new search.");
        }
        JsonNode groups = request.path("filterGroups");
        int totalFilters = 0;
        if (groups.size() > 5) {
            throw ApiError.validation("Too many filter groups: " + groups.size() + ". The maximum is 5.");
        }
        for (JsonNode group : groups) {
            int filters = group.path("filters").size();
            if (filters > 6) {
                throw ApiError.validation("Too many filters in a filter group: " + filters + ". The maximum is 6.");
            }
            totalFilters += filters;
        }
        if (totalFilters > 18) {
            throw ApiError.validation("Too many filters: " + totalFilters + ". The maximum is 18 across all filter groups.");
        }
        JsonNode sorts = request.path("sorts");
        if (sorts.size() > 1) {
            throw ApiError.validation("Only one sort rule can be applied to a search; got " + sorts.size() + ".");
        }
        JsonNode sort = sorts.size() == 1 ? sorts.get(0) : null;
        List<StoredRecord> matches;
        if (ascendingByModified(type, sort)) {
            // The incremental reader's query: walk the store's modified-time index from the earliest time any
            // filter group admits, already in result order, instead of filtering and sorting every record.
            matches = store.liveByModified(type, lowerBound(type, groups), record -> matchesAny(type, record, groups));
        } else {
            matches = new ArrayList<>();
            for (StoredRecord record : store.liveRecords(type)) {
                if (matchesAny(type, record, groups)) {
                    matches.add(record);
                }
            }
            matches = sorted(type, matches, sort);
        }
        List<String> properties = new ArrayList<>();
        request.path("properties").forEach(p -> properties.add(p.asText()));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("total", matches.size());
        ArrayNode results = answer.putArray("results");
        int end = Math.min(matches.size(), after + limit);
        for (int i = after; i < end; i++) {
            results.add(RecordJson.render(type, matches.get(i), properties));
        }
        if (end < matches.size()) {
            answer.putObject("paging").putObject("next").put("after", Integer.toString(end));
        }
        return answer;
    }

    private static boolean ascendingByModified(CrmStore.ObjectType type, JsonNode sort) {
        return sort != null && type.modifiedProperty.equals(sort.path("propertyName").asText())
                && !"DESCENDING".equalsIgnoreCase(sort.path("direction").asText("ASCENDING"));
    }

    /**
     * The earliest modified time a record can have and still match: each filter group must bound the
     * modified property from below (EQ, GT, GTE, BETWEEN), else every record is a candidate. Inclusive,
     * so GT's own instant is scanned too; the filters themselves still decide.
     */
    private static long lowerBound(CrmStore.ObjectType type, JsonNode groups) {
        if (groups.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long bound = Long.MAX_VALUE;
        for (JsonNode group : groups) {
            long groupBound = Long.MIN_VALUE;
            for (JsonNode filter : group.path("filters")) {
                String operator = filter.path("operator").asText("EQ");
                if (type.modifiedProperty.equals(filter.path("propertyName").asText())
                        && List.of("EQ", "GT", "GTE", "BETWEEN").contains(operator)) {
                    try {
                        groupBound = Math.max(groupBound, millis(filter.path("value").asText()));
                    } catch (ApiError e) {
                        // a bad value is reported by the filter itself, exactly when it is evaluated, as before
                    }
                }
            }
            bound = Math.min(bound, groupBound);
        }
        return bound;
    }

    private static boolean matchesAny(CrmStore.ObjectType type, StoredRecord record, JsonNode groups) {
        if (groups.isEmpty()) {
            return true;
        }
        for (JsonNode group : groups) {
            boolean all = true;
            for (JsonNode filter : group.path("filters")) {
                if (!matches(type, record, filter)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(CrmStore.ObjectType type, StoredRecord record, JsonNode filter) {
        String property = filter.path("propertyName").asText();
        String operator = filter.path("operator").asText("EQ");
        String actual = record.properties.get(property);
        PropertyDefinition definition = type.properties.get(property);
        String kind = definition == null ? "string" : definition.type();
        if (actual != null && property.equals(type.modifiedProperty) && isComparison(operator)) {
            // the modified property always holds updatedAt (CrmStore.write): compare the number, skip parsing the text
            int c = Long.compare(record.updatedAt, millis(filter.path("value").asText()));
            return switch (operator) {
                case "EQ" -> c == 0;
                case "NEQ" -> c != 0;
                case "LT" -> c < 0;
                case "LTE" -> c <= 0;
                case "GT" -> c > 0;
                default -> c >= 0;
            };
        }
        return switch (operator) {
            case "HAS_PROPERTY" -> actual != null;
            case "NOT_HAS_PROPERTY" -> actual == null;
            case "IN", "NOT_IN" -> {
                boolean in = false;
                for (JsonNode v : filter.path("values")) {
                    in |= actual != null && compare(kind, actual, v.asText()) == 0;
                }
                yield operator.equals("IN") == in;
            }
            case "CONTAINS_TOKEN" -> actual != null && actual.toLowerCase(Locale.ROOT)
                    .contains(filter.path("value").asText().replace("*", "").toLowerCase(Locale.ROOT));
            case "BETWEEN" -> actual != null && compare(kind, actual, filter.path("value").asText()) >= 0
                    && compare(kind, actual, filter.path("highValue").asText()) <= 0;
            default -> {
                if (actual == null) {
                    yield operator.equals("NEQ");
                }
                int c = compare(kind, actual, filter.path("value").asText());
                yield switch (operator) {
                    case "EQ" -> c == 0;
                    case "NEQ" -> c != 0;
                    case "LT" -> c < 0;
                    case "LTE" -> c <= 0;
                    case "GT" -> c > 0;
                    case "GTE" -> c >= 0;
                    default -> throw ApiError.validation("Unknown operator: " + operator);
                };
            }
        };
    }

    private static boolean isComparison(String operator) {
        return switch (operator) {
            case "EQ", "NEQ", "LT", "LTE", "GT", "GTE" -> true;
            default -> false;
        };
    }

    /** Datetime sorts parse each value once (decorate-sort-undecorate): pages of 10,000-record scans stay fast. */
    private static List<StoredRecord> sorted(CrmStore.ObjectType type, List<StoredRecord> records, JsonNode sort) {
        PropertyDefinition definition = sort == null ? null : type.properties.get(sort.path("propertyName").asText());
        if (definition == null || !("datetime".equals(definition.type()) || "date".equals(definition.type()))) {
            records.sort(order(type, sort));
            return records;
        }
        String property = definition.name();
        boolean descending = "DESCENDING".equalsIgnoreCase(sort.path("direction").asText("ASCENDING"));
        record Keyed(StoredRecord record, long key, int tie) {
        }
        List<Keyed> keyed = new ArrayList<>(records.size());
        for (StoredRecord r : records) {
            String value = r.properties.get(property);
            long key = value == null ? (descending ? Long.MIN_VALUE : Long.MAX_VALUE) : millis(value);
            keyed.add(new Keyed(r, key, ModifiedKey.tie(r.id)));
        }
        Comparator<Keyed> byKey = Comparator.comparingLong(Keyed::key);
        keyed.sort((descending ? byKey.reversed() : byKey).thenComparingInt(Keyed::tie));
        List<StoredRecord> result = new ArrayList<>(keyed.size());
        keyed.forEach(k -> result.add(k.record()));
        return result;
    }

    private static Comparator<StoredRecord> order(CrmStore.ObjectType type, JsonNode sort) {
        Comparator<StoredRecord> ties = Comparator.comparingInt(r -> ModifiedKey.tie(r.id));
        if (sort == null) {
            return Comparator.comparingLong((StoredRecord r) -> r.id);
        }
        String property = sort.path("propertyName").asText();
        PropertyDefinition definition = type.properties.get(property);
        String kind = definition == null ? "string" : definition.type();
        Comparator<StoredRecord> byValue = (a, b) -> {
            String x = a.properties.get(property);
            String y = b.properties.get(property);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1; // records without a value sort last
            }
            return compare(kind, x, y);
        };
        if ("DESCENDING".equalsIgnoreCase(sort.path("direction").asText("ASCENDING"))) {
            byValue = byValue.reversed();
        }
        return byValue.thenComparing(ties);
    }

    /** Compares as the property's type: datetimes as instants (ISO or epoch millis), numbers numerically. */
    static int compare(String kind, String actual, String wanted) {
        if ("datetime".equals(kind) || "date".equals(kind)) {
            return Long.compare(millis(actual), millis(wanted));
        }
        if ("number".equals(kind)) {
            try {
                return Double.compare(Double.parseDouble(actual), Double.parseDouble(wanted));
            } catch (NumberFormatException e) {
                // fall back to text
            }
        }
        return actual.compareToIgnoreCase(wanted);
    }

    static long millis(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(value.trim()).toEpochMilli();
            } catch (DateTimeParseException ex) {
                throw ApiError.validation("'" + value + "' is not a valid date: use epoch milliseconds or ISO-8601.");
            }
        }
    }
}

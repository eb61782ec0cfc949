package io.middlemile.sandbox.salesforce;

import io.middlemile.sandbox.JsonAnswer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GET query / queryAll and their "more results" locators
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-queryall.html). Query
 * never returns deleted rows; queryAll does. Results are cut into batches (2,000 by default, the
 * Sforce-Query-Options batchSize between 200 and 2,000, or the emulator's own setting); a cursor
 * holds the rest, and its {@code nextRecordsUrl} says {@code query} even for queryAll, as in the API.
 */
final class QueryApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private final OrgStore store;
    private final String apiVersion;
    private final int defaultBatch;
    private final Map<String, Locator> locators = new ConcurrentHashMap<>();

    /** The rest of a query's results, served in batches of {@code batch}. */
    private record Locator(List<ObjectNode> rows, int batch) {
    }
    private final AtomicLong locatorSequence = new AtomicLong();

    QueryApi(OrgStore store, String apiVersion, int defaultBatch) {
        this.store = store;
        this.apiVersion = apiVersion;
        this.defaultBatch = defaultBatch;
    }

    JsonAnswer query(String soql, boolean all, String queryOptions) {
        SoqlQuery query = SoqlParser.parse(soql);
        SObjectSchema schema = store.schemaOrInvalidType(query.object());
        for (String field : query.fields()) {
            if (schema.canonical(field) == null) {
                throw new SfApiError(400, "INVALID_FIELD", "\n" + soql + "\n^\nERROR at Row:1:Column:1\nNo such column '" + field
                        + "' on entity '" + schema.name() + "'. If you are attempting to use a custom field, be sure to append "
                        + "the '__c' after the custom field name.");
            }
        }
        List<Map<String, Object>> rows = store.select(schema, all, query.where());
        if (!query.orderBy().isEmpty()) {
            rows.sort(order(query.orderBy(), schema));
        }
        if (query.limit() != null && rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
        }
        List<ObjectNode> rendered = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            rendered.add(render(schema, row, query.fields()));
        }
        return page(rendered, rendered.size(), batchSize(queryOptions), "01gDn" + String.format("%010d", locatorSequence.incrementAndGet()), 0);
    }

    JsonAnswer more(String locator) {
        int dash = locator.lastIndexOf('-');
        Locator held = dash < 0 ? null : locators.get(locator.substring(0, dash));
        if (held == null) {
            throw new SfApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        int offset;
        try {
            offset = Integer.parseInt(locator.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new SfApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        return page(held.rows(), held.rows().size(), held.batch(), locator.substring(0, dash), offset);
    }

    private JsonAnswer page(List<ObjectNode> rows, int total, int batch, String locatorId, int offset) {
        int end = Math.min(rows.size(), offset + batch);
        ObjectNode body = JSON.createObjectNode();
        body.put("totalSize", total);
        boolean done = end >= rows.size();
        body.put("done", done);
        if (!done) {
            locators.put(locatorId, new Locator(rows, batch));
            body.put("nextRecordsUrl", "/services/data/" + apiVersion + "/query/" + locatorId + "-" + end);
        } else {
            locators.remove(locatorId);
        }
        ArrayNode records = body.putArray("records");
        for (ObjectNode row : rows.subList(Math.min(offset, rows.size()), end)) {
            records.add(row.deepCopy());
        }
        return new JsonAnswer(200, body);
    }

    private int batchSize(String queryOptions) {
        if (queryOptions != null && queryOptions.contains("batchSize=")) {
            try {
                int requested = Integer.parseInt(queryOptions.replaceAll(".*batchSize=(\\d+).*", "$1"));
                return Math.min(defaultBatch, Math.max(200, Math.min(2000, requested)));
            } catch (NumberFormatException e) {
                return defaultBatch;
            }
        }
        return defaultBatch;
    }

    /** A record as the REST API renders it: {@code attributes {type, url}}, then the fields asked for, nulls included. */
    ObjectNode render(SObjectSchema schema, Map<String, Object> row, List<String> fields) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("attributes").put("type", schema.name())
                .put("url", "/services/data/" + apiVersion + "/sobjects/" + schema.name() + "/" + row.get("Id"));
        for (String field : fields) {
            String name = schema.canonical(field);
            Object value = row.get(name);
            if (value == null) {
                node.putNull(name);
            } else if (value instanceof Instant instant) {
                node.put(name, DATETIME.format(instant));
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else if (value instanceof Integer i) {
                node.put(name, i);
            } else if (value instanceof BigDecimal d) {
                node.put(name, d);
            } else {
                node.put(name, value.toString());
            }
        }
        return node;
    }

    private static Comparator<Map<String, Object>> order(List<SoqlQuery.OrderBy> orderBy, SObjectSchema schema) {
        Comparator<Map<String, Object>> comparator = null;
        for (SoqlQuery.OrderBy o : orderBy) {
            String name = schema.canonical(o.field());
            if (name == null) {
                throw new SfApiError(400, "INVALID_FIELD", "No such column '" + o.field() + "' on entity '" + schema.name() + "'");
            }
            SfFieldType type = schema.type(name);
            // ASC puts nulls first, DESC last: SOQL's defaults.
            Comparator<Map<String, Object>> one = (a, b) -> {
                Object x = a.get(name);
                Object y = b.get(name);
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null ? -1 : 1);
                }
                return SoqlCondition.compare(x, y, type);
            };
            if (o.descending()) {
                one = one.reversed();
            }
            comparator = comparator == null ? one : comparator.thenComparing(one);
        }
        return comparator;
    }
}

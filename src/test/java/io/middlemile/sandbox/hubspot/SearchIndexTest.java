package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search sorted ascending by the last-modified property is answered from the store's modified-time
 * index; every other sort still filters and sorts all records. Both must give the same answers: the
 * same records, the same tie order, the same total, after updates, archives and merges.
 */
class SearchIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");

    private final EmulatorClock clock = new EmulatorClock();
    private final CrmStore store = new CrmStore(clock, 1234);
    private final SearchEngine engine = new SearchEngine(store, 10_000);
    private final List<Long> ids = new ArrayList<>();

    @BeforeEach
    void seed() {
        clock.freezeAt(T);
        for (int i = 0; i < 120; i++) {
            ids.add(store.create("contacts", Map.of("email", "c" + i + "@example.com", "firstname", "F" + i)).id);
            if (i % 40 == 39) {
                clock.advance(Duration.ofMillis(1)); // three groups of 40 records sharing one millisecond
            }
        }
        clock.advance(Duration.ofMillis(5));
        store.update("contacts", ids.get(3), Map.of("firstname", "Moved")); // leaves its tie group for a later time
        store.update("contacts", ids.get(70), Map.of("firstname", "Moved too"));
        store.archive("contacts", ids.get(5));
        store.merge("contacts", ids.get(10), ids.get(11));
    }

    @Test
    void ascendingByModifiedMatchesTheFullSortRecordForRecord() {
        List<Long> indexed = idsOf(search(null, "ASCENDING", 200));
        List<Long> sorted = idsOf(search(null, "DESCENDING", 200));

        assertThat(indexed).hasSize(118).doesNotContain(ids.get(5), ids.get(11));
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(sorted);
        assertThat(new ArrayList<>(byMillisecond(indexed).keySet())).isSorted();
        // within one millisecond both orders list ties by the same hash of the id (descending reverses only time)
        assertThat(new java.util.TreeMap<>(byMillisecond(indexed))).isEqualTo(new java.util.TreeMap<>(byMillisecond(sorted)));
        assertThat(indexed.subList(indexed.size() - 3, indexed.size())).containsExactlyInAnyOrder(ids.get(3), ids.get(70), ids.get(10));
    }

    @Test
    void theConnectorsAnchoredQueryPagesThroughEveryLiveRecordOnce() {
        long ts = -1;
        long afterId = 0;
        List<Long> seen = new ArrayList<>();
        for (int guard = 0; guard < 100; guard++) {
            ObjectNode request = request("ASCENDING", 50); // more than one millisecond's 40 records: no page is one tie
            if (ts < 0) {
                request.putArray("filterGroups").addObject().putArray("filters").add(filter("lastmodifieddate", "GTE", "0"));
            } else {
                var groups = request.putArray("filterGroups");
                groups.addObject().putArray("filters").add(filter("lastmodifieddate", "GT", Long.toString(ts)));
                var tie = groups.addObject().putArray("filters");
                tie.add(filter("lastmodifieddate", "EQ", Long.toString(ts)));
                tie.add(filter("hs_object_id", "GT", Long.toString(afterId)));
            }
            JsonNode page = engine.search("contacts", request);
            if (page.path("results").isEmpty()) {
                break;
            }
            // take records in (modified, id) order, the way the connector re-anchors
            List<long[]> keyed = new ArrayList<>();
            page.path("results").forEach(r -> keyed.add(new long[]{Instant.parse(r.path("properties").path("lastmodifieddate").asText())
                    .toEpochMilli(), r.path("id").asLong()}));
            keyed.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            long last = keyed.get(keyed.size() - 1)[0];
            boolean more = page.has("paging");
            List<long[]> complete = more ? keyed.stream().filter(k -> k[0] < last).toList() : keyed;
            assertThat(complete).isNotEmpty();
            complete.forEach(k -> seen.add(k[1]));
            ts = complete.get(complete.size() - 1)[0];
            afterId = complete.get(complete.size() - 1)[1];
            if (!more) {
                break;
            }
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(118);
    }

    @Test
    void totalCountsEveryMatchNotOnlyThePage() {
        ObjectNode request = request("ASCENDING", 10);
        request.putArray("filterGroups").addObject().putArray("filters")
                .add(filter("lastmodifieddate", "GT", Long.toString(T.toEpochMilli())));
        JsonNode page = engine.search("contacts", request);

        // 39 left in the second millisecond (one moved on), 40 in the third, 3 moved to a later time by writes
        assertThat(page.path("total").asInt()).isEqualTo(82);
        assertThat(page.path("results")).hasSize(10);
        assertThat(page.path("paging").path("next").path("after").asText()).isEqualTo("10");
    }

    private JsonNode search(String after, String direction, int limit) {
        ObjectNode request = request(direction, limit);
        if (after != null) {
            request.put("after", after);
        }
        return engine.search("contacts", request);
    }

    private static ObjectNode request(String direction, int limit) {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("sorts").addObject().put("propertyName", "lastmodifieddate").put("direction", direction);
        request.put("limit", limit);
        return request;
    }

    private static ObjectNode filter(String property, String operator, String value) {
        return JSON.createObjectNode().put("propertyName", property).put("operator", operator).put("value", value);
    }

    private static List<Long> idsOf(JsonNode page) {
        List<Long> found = new ArrayList<>();
        page.path("results").forEach(r -> found.add(r.path("id").asLong()));
        return found;
    }

    private Map<Long, List<Long>> byMillisecond(List<Long> order) {
        Map<Long, List<Long>> groups = new LinkedHashMap<>();
        for (Long id : order) {
            long millis = Instant.parse(store.live(store.type("contacts"), id).properties.get("lastmodifieddate")).toEpochMilli();
            groups.computeIfAbsent(millis, k -> new ArrayList<>()).add(id);
        }
        return groups;
    }
}

package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IN lists and Id equalities are answered from the org's field indexes, other conditions by a scan:
 * the answers must be the same rows in the same (creation) order either way, also after values
 * change, records are deleted or merged, and whatever the case of the values.
 */
class QueryIndexTest {

    private final OrgStore store = new OrgStore(new OrgClock());
    private final QueryApi query = new QueryApi(store, "v62.0", 2000);
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void seed() {
        for (int i = 0; i < 50; i++) {
            ids.add(store.create("Contact", Map.of("LastName", "L" + i, "Email", "C" + i + "@Example.com")).id());
        }
        store.update("Contact", ids.get(7), Map.of("Email", "moved@example.com"));
        store.delete("Contact", ids.get(8));
        store.merge("Contact", ids.get(20), List.of(ids.get(21)));
    }

    @Test
    void inListsFindTheSameRowsAsAScanInCreationOrder() {
        String in = "('c30@example.com', 'C7@EXAMPLE.COM', 'moved@example.com', 'c8@example.com', 'c21@example.com', 'c2@example.com')";
        // NOT (...) = false keeps the same rows but is not an IN list, so it scans
        List<String> indexed = idsOf(query("SELECT Id FROM Contact WHERE Email IN " + in, false));
        List<String> scanned = idsOf(query("SELECT Id FROM Contact WHERE LastName != 'nobody' AND Email IN " + in, false));

        assertThat(indexed).containsExactly(ids.get(2), ids.get(7), ids.get(30)).isEqualTo(scanned);
        assertThat(idsOf(query("SELECT Id FROM Contact WHERE Email IN " + in, true)))
                .containsExactly(ids.get(2), ids.get(7), ids.get(8), ids.get(21), ids.get(30));
    }

    @Test
    void idLookupsAcceptThe15CharacterFormAndSeeLaterWrites() {
        String id18 = ids.get(12);
        String id15 = id18.substring(0, 15);

        assertThat(idsOf(query("SELECT Id FROM Contact WHERE Id = '" + id15 + "'", false))).containsExactly(id18);
        assertThat(idsOf(query("SELECT Id FROM Contact WHERE Id IN ('" + ids.get(40) + "', '" + id15 + "')", false)))
                .containsExactly(id18, ids.get(40));
        assertThat(idsOf(query("SELECT Id FROM Contact WHERE MasterRecordId = '" + ids.get(20) + "'", true)))
                .containsExactly(ids.get(21));

        String created = store.create("Contact", Map.of("LastName", "New", "Email", "new@example.com")).id();
        assertThat(idsOf(query("SELECT Id FROM Contact WHERE Email IN ('NEW@example.com') AND LastName = 'New'", false)))
                .containsExactly(created);
    }

    @Test
    void aBadConditionBehindAnInListFailsOnlyWhenTheListMatches() {
        assertThat(idsOf(query("SELECT Id FROM Contact WHERE Email IN ('none@example.com') AND SystemModstamp > 'x'", false))).isEmpty();
        assertThatThrownBy(() -> query("SELECT Id FROM Contact WHERE Email IN ('c1@example.com') AND SystemModstamp > 'x'", false))
                .isInstanceOf(SfApiError.class);
    }

    private JsonNode query(String soql, boolean all) {
        return query.query(soql, all, null).body();
    }

    private static List<String> idsOf(JsonNode body) {
        List<String> found = new ArrayList<>();
        body.path("records").forEach(r -> found.add(r.path("Id").asText()));
        return found;
    }
}

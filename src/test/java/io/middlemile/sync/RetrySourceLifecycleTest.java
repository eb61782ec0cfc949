package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.Lifecycle;
import io.middlemile.connector.SourcePage;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retry reads its records again by id, which finds no deleted record and does not say what a survivor took in: it goes by
 * what the queue kept of each record's lifecycle when it failed, so a refused archive or merge is tried again.
 */
class RetrySourceLifecycleTest {

    /** An API source holding the given records, read by id as HubSpot and Salesforce are. */
    private record ById(Map<String, Map<String, Object>> records) implements Connector, ChangeSource, CurrentState {

        @Override
        public ConnectorDescription describe() {
            return new ConnectorDescription("crm", "test", Map.of("contacts", List.of()), List.of());
        }

        @Override
        public HealthCheck check() {
            return HealthCheck.ok("reachable");
        }

        @Override
        public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
            throw new UnsupportedOperationException("a retry reads by id");
        }

        @Override
        public boolean incremental() {
            return true;
        }

        @Override
        public Map<String, Map<String, Object>> current(String object, Collection<String> keys) {
            Map<String, Map<String, Object>> found = new LinkedHashMap<>();
            keys.stream().filter(records::containsKey).forEach(key -> found.put(key, records.get(key)));
            return found;
        }
    }

    @Test
    void deletedAndMergedAwayRecordsAreHandedOnAsSuchAndASurvivorKeepsTheMergesItTookIn() {
        ById crm = new ById(Map.of("1001", Map.of("email", "liz.obrien@northwind.co.uk"),
                "1004", Map.of("email", "bob.mcdonald@acme.com")));
        RetrySource retry = new RetrySource(crm, crm, List.of(
                wanted("1001", new Lifecycle(false, null, List.of("1002"))),
                wanted("003B", new Lifecycle(true, "003A", List.of())),
                wanted("1003", new Lifecycle(true, null, List.of())),
                wanted("1004", new Lifecycle(true, null, List.of())),
                wanted("1005", Lifecycle.LIVE)));

        SourcePage page = retry.readChanges("contacts", Cursor.START, 10);

        assertThat(page.records()).hasSize(5);
        assertThat(page.records().get(0).fields()).containsEntry("email", "liz.obrien@northwind.co.uk");
        assertThat(Lifecycle.of(page.records().get(0).fields())).as("the survivor, read live, with its merge")
                .isEqualTo(new Lifecycle(false, null, List.of("1002")));
        assertThat(Lifecycle.of(page.records().get(1).fields())).isEqualTo(new Lifecycle(true, "003A", List.of()));
        assertThat(Lifecycle.of(page.records().get(2).fields())).isEqualTo(new Lifecycle(true, null, List.of()));
        assertThat(Lifecycle.of(page.records().get(3).fields())).as("deleted when it failed, restored since: live")
                .isEqualTo(Lifecycle.LIVE);
        assertThat(List.of("1001", "003B", "1003", "1004")).noneMatch(id -> retry.gone(ref(id)));
        assertThat(retry.gone(ref("1005"))).as("live when it failed, gone now: nothing to do").isTrue();
    }

    @Test
    void theQueueKeepsALifecycleAsItsMarkersAndNothingForALiveRecord() {
        Lifecycle merged = new Lifecycle(true, "003A", List.of());
        Lifecycle survivor = new Lifecycle(false, null, List.of("1002", "1003"));

        assertThat(Lifecycle.of(RetryLifecycle.read(RetryLifecycle.write(merged)))).isEqualTo(merged);
        assertThat(Lifecycle.of(RetryLifecycle.read(RetryLifecycle.write(survivor)))).isEqualTo(survivor);
        assertThat(RetryLifecycle.write(Lifecycle.LIVE)).isNull();
        assertThat(RetryLifecycle.read(null)).isEmpty();
    }

    private static RetrySource.Wanted wanted(String id, Lifecycle lifecycle) {
        return new RetrySource.Wanted(ref(id), "retry of " + id, false, lifecycle.markers());
    }

    private static SourceRef ref(String id) {
        return new SourceRef("crm", "contacts", id);
    }
}

package io.middlemile.connector.salesforce;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.middlemile.connector.CrmUser;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users a Salesforce connection lists for owner assignment: {@code SELECT Id, Name, Email, IsActive FROM User} through
 * query, following nextRecordsUrl, deactivated users kept as inactive, then the queues with the objects each supports;
 * against stubs shaped like the REST API guide's query examples, and against the emulator.
 */
class SalesforceUsersTest {

    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private static String user(String id, String name, String email, boolean active) {
        return """
                {"attributes":{"type":"User","url":"/services/data/v60.0/sobjects/User/%s"},"Id":"%s","Name":"%s","Email":"%s","IsActive":%s}"""
                .formatted(id, id, name, email, active);
    }

    @Test
    void readsEveryBatchOfUsersAndKeepsDeactivatedOnesAsInactive() {
        SalesforceTestSupport.stubToken(wm);
        wm.stubFor(get(urlPathEqualTo("/services/data/v60.0/query")).withQueryParam("q", equalTo(SalesforceConnector.USERS_SOQL))
                .willReturn(okJson("{\"totalSize\":3,\"done\":false,\"nextRecordsUrl\":\"/services/data/v60.0/query/01gRO0000016PIAYA2-2000\","
                        + "\"records\":[" + user("005RO000000aaaAAA", "Sam Lee", "sam@example.com", true) + ","
                        + user("005RO000000bbbBBB", "Tom Hale", "tom@example.com", false) + "]}")));
        wm.stubFor(get(urlPathEqualTo("/services/data/v60.0/query/01gRO0000016PIAYA2-2000"))
                .willReturn(okJson("{\"totalSize\":3,\"done\":true,\"records\":[" + user("005RO000000cccCCC", "Sue Park", "sue@example.com", true)
                        + "]}")));
        wm.stubFor(get(urlPathEqualTo("/services/data/v60.0/query")).withQueryParam("q", equalTo(SalesforceConnector.QUEUES_SOQL))
                .willReturn(okJson("{\"totalSize\":2,\"done\":true,\"records\":["
                        + "{\"attributes\":{\"type\":\"Group\",\"url\":\"/services/data/v60.0/sobjects/Group/00GRO000000qqqQAA\"},"
                        + "\"Id\":\"00GRO000000qqqQAA\",\"Name\":\"Inbound Leads\",\"Email\":\"inbound@example.com\"},"
                        + "{\"attributes\":{\"type\":\"Group\",\"url\":\"/services/data/v60.0/sobjects/Group/00GRO000000rrrRAA\"},"
                        + "\"Id\":\"00GRO000000rrrRAA\",\"Name\":\"Unused\",\"Email\":null}]}")));
        wm.stubFor(get(urlPathEqualTo("/services/data/v60.0/query")).withQueryParam("q", equalTo(SalesforceConnector.QUEUE_OBJECTS_SOQL))
                .willReturn(okJson("{\"totalSize\":2,\"done\":true,\"records\":["
                        + "{\"attributes\":{\"type\":\"QueueSobject\",\"url\":\"/services/data/v60.0/sobjects/QueueSobject/03gRO000000aaaAAA\"},"
                        + "\"QueueId\":\"00GRO000000qqqQAA\",\"SobjectType\":\"Lead\"},"
                        + "{\"attributes\":{\"type\":\"QueueSobject\",\"url\":\"/services/data/v60.0/sobjects/QueueSobject/03gRO000000bbbBBB\"},"
                        + "\"QueueId\":\"00GRO000000qqqQAA\",\"SobjectType\":\"Case\"}]}")));

        List<CrmUser> users = new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(wm.baseUrl()),
                Map.of("SALESFORCE_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SALESFORCE_CLIENT_SECRET", SalesforceTestSupport.CLIENT_SECRET),
                SalesforceSettings.defaults(wm.baseUrl()).withMaxAttempts(1)).users();

        assertThat(users).containsExactly(new CrmUser("005RO000000aaaAAA", "Sam Lee", "sam@example.com", true),
                new CrmUser("005RO000000bbbBBB", "Tom Hale", "tom@example.com", false),
                new CrmUser("005RO000000cccCCC", "Sue Park", "sue@example.com", true),
                // a queue owns records of the objects it supports; one supporting none owns nothing
                new CrmUser("00GRO000000qqqQAA", "Inbound Leads", "inbound@example.com", true, List.of("Lead", "Case")),
                new CrmUser("00GRO000000rrrRAA", "Unused", null, true, List.of()));
        wm.verify(getRequestedFor(urlPathEqualTo("/services/data/v60.0/query/01gRO0000016PIAYA2-2000"))
                .withHeader("Authorization", equalTo("Bearer " + SalesforceTestSupport.STUB_TOKEN)));
    }

    @Test
    void theEmulatorServesUsersInBatchesWithTheirComputedNames() {
        SalesforceEmulator emulator = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults(SalesforceTestSupport.CLIENT_ID,
                SalesforceTestSupport.CLIENT_SECRET).withQueryBatchSize(200), 0);
        try {
            for (int i = 0; i < 250; i++) {
                emulator.seedUser("Rep", "No" + i, "rep" + i + "@example.com", true);
            }
            String gone = emulator.seedUser("Gone", "Away", "gone@example.com", true);
            emulator.setUserActive(gone, false);
            String queue = emulator.seedQueue("Inbound Leads", null, "Lead");

            List<CrmUser> users = SalesforceTestSupport.connector(emulator).users();

            assertThat(users).hasSize(252);
            assertThat(users).filteredOn(CrmUser::queue).containsExactly(new CrmUser(queue, "Inbound Leads", null, true, List.of("Lead")));
            assertThat(users).filteredOn(user -> !user.active()).containsExactly(new CrmUser(gone, "Gone Away", "gone@example.com", false));
            assertThat(users.get(0).id()).startsWith("005");
            assertThat(users.get(0).name()).isEqualTo("Rep No0");
        } finally {
            emulator.stop();
        }
    }
}

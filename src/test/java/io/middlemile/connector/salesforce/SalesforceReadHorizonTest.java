package io.middlemile.connector.salesforce;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SystemModstamp has whole seconds, so a read never moves its cursor into the second the org answered in (the response's
 * Date header): a record saved later in that second, with an Id below the last one read, would sort behind the cursor and
 * be lost. Against stubs shaped like the REST API guide's queryAll answers.
 */
class SalesforceReadHorizonTest {

    private WireMockServer wm;
    private SalesforceConnector connector;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        SalesforceTestSupport.stubToken(wm);
        connector = new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(wm.baseUrl()),
                Map.of("SALESFORCE_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SALESFORCE_CLIENT_SECRET", SalesforceTestSupport.CLIENT_SECRET),
                SalesforceSettings.defaults(wm.baseUrl()).withMaxAttempts(1));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private static String contact(String id, String stamp) {
        return """
                {"attributes":{"type":"Contact","url":"/services/data/v60.0/sobjects/Contact/%s"},"Id":"%s","LastName":"N%s",\
                "Email":"%s@example.com","SystemModstamp":"%s","IsDeleted":false,"MasterRecordId":null}""".formatted(id, id, id, id, stamp);
    }

    /** The queryAll answer when the SOQL contains {@code where}, answered at {@code date} (RFC 1123). */
    private void answer(String where, String date, String... records) {
        wm.stubFor(get(urlPathEqualTo("/services/data/v60.0/queryAll")).withQueryParam("q", containing(where))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("Date", date)
                        .withBody("{\"totalSize\":" + records.length + ",\"done\":true,\"records\":[" + String.join(",", records) + "]}")));
    }

    @Test
    void rowsOfTheSecondTheOrgAnsweredInWaitForTheNextRead() {
        // answered at 09:00:05: the row stamped 09:00:05 is left; the cursor stays on the last row of 09:00:04
        answer("FROM Contact ORDER BY", "Fri, 01 Mar 2024 09:00:05 GMT",
                contact("003A00000000005", "2024-03-01T09:00:04.000+0000"), contact("003A00000000009", "2024-03-01T09:00:05.000+0000"));

        SourcePage first = connector.readChanges("Contact", Cursor.START, 10);

        assertThat(first.records()).extracting(r -> r.ref().sourceId()).containsExactly("003A00000000005");
        assertThat(first.last()).isTrue();
        // later in 09:00:05 someone saves 003A00000000007 (an Id below ...009): the next read, after the cursor, finds both
        answer("2024-03-01T09:00:04", "Fri, 01 Mar 2024 09:00:07 GMT",
                contact("003A00000000007", "2024-03-01T09:00:05.000+0000"), contact("003A00000000009", "2024-03-01T09:00:05.000+0000"));

        SourcePage second = connector.readChanges("Contact", first.next(), 10);

        assertThat(second.records()).extracting(SourceRecord::ref).extracting(ref -> ref.sourceId())
                .containsExactly("003A00000000007", "003A00000000009");
        assertThat(second.next().value()).contains("2024-03-01T09:00:05Z").contains("003A00000000009");
    }

    @Test
    void eachRecordsLocationNamesThatRecordNotThePagesCursor() {
        // a read after a cursor on 003A00000000004: the outcome lines of the records read must not name 004
        answer("2024-03-01T09:00:02", "Fri, 01 Mar 2024 09:00:09 GMT",
                contact("003A00000000007", "2024-03-01T09:00:03.000+0000"), contact("003A00000000008", "2024-03-01T09:00:04.000+0000"));

        SourcePage page = connector.readChanges("Contact", new Cursor("{\"ts\":\"2024-03-01T09:00:02Z\",\"id\":\"003A00000000004\"}"), 10);

        assertThat(page.records()).extracting(SourceRecord::location).containsExactly(
                "Salesforce salesforce-test/Contact/003A00000000007 (queryAll)",
                "Salesforce salesforce-test/Contact/003A00000000008 (queryAll)");
    }

    @Test
    void aFullPageCutShortAtTheHorizonIsTheLastPageForNow() {
        answer("FROM Contact ORDER BY", "Fri, 01 Mar 2024 09:00:05 GMT",
                contact("003A00000000001", "2024-03-01T09:00:03.000+0000"), contact("003A00000000002", "2024-03-01T09:00:05.000+0000"));

        SourcePage page = connector.readChanges("Contact", Cursor.START, 2);

        assertThat(page.records()).hasSize(1);
        assertThat(page.last()).as("what is left is still being written: read it next time, not now").isTrue();
    }
}

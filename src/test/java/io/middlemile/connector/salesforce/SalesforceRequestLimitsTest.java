package io.middlemile.connector.salesforce;

import io.middlemile.connector.Cursor;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.sandbox.salesforce.SfFieldType;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.middlemile.connector.salesforce.SalesforceTestSupport.CLIENT_ID;
import static io.middlemile.connector.salesforce.SalesforceTestSupport.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The connector against Salesforce's request limits as the emulator enforces them: lookups that would be over the
 * 16,384-byte URI limit are split (and a value too long even alone is set aside with a reason, not a failed call),
 * and the concurrent long-running request limit is waited out instead of pausing the job like the daily allocation.
 */
class SalesforceRequestLimitsTest {

    private static final String ACCOUNT_KEY = "Legacy_Key__c";

    private SalesforceEmulator emulator;
    private SalesforceConnector connector;

    @BeforeEach
    void start() {
        emulator = SalesforceTestSupport.emulator(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET));
        emulator.store().schema("Account").addCustomField(ACCOUNT_KEY, SfFieldType.STRING, true);
        Map<String, ObjectConfig> objects = new LinkedHashMap<>();
        objects.put("Account", new ObjectConfig(ACCOUNT_KEY, "SystemModstamp", List.of("Id", "Name", ACCOUNT_KEY, "SystemModstamp")));
        objects.put("Contact", new ObjectConfig(SalesforceTestSupport.EXTERNAL_ID, "SystemModstamp", SalesforceTestSupport.CONTACT_FIELDS));
        ConnectorConfig config = new ConnectorConfig("salesforce-test", "salesforce", "emulated org", null, emulator.baseUrl(),
                new AuthConfig("oauth2-client-credentials", null, null, "${SALESFORCE_CLIENT_ID}", "${SALESFORCE_CLIENT_SECRET}",
                        null, null, null, null), objects, null);
        connector = new SalesforceConnector("salesforce-test", config, Map.of("SALESFORCE_CLIENT_ID", CLIENT_ID,
                "SALESFORCE_CLIENT_SECRET", CLIENT_SECRET), SalesforceTestSupport.settings(emulator).withMaxAttempts(3));
    }

    @AfterEach
    void stop() {
        emulator.stop();
    }

    /** Seeds one Account per name, its external id the name too; returns the Ids by name. */
    private Map<String, String> seedAccounts(List<String> names) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : names) {
            ids.put(name, emulator.store().create("Account", Map.of("Name", name, ACCOUNT_KEY, name)).id());
        }
        return ids;
    }

    @Test
    void twoHundredJapaneseAccountNamesAreFoundInQueriesThatFitTheUriLimit() {
        List<String> names = SoqlInLookupTest.japaneseNames(200);
        Map<String, String> ids = seedAccounts(names);

        Map<String, String> found = connector.find("Account", "Name", names);

        assertThat(found).isEqualTo(ids);
        assertThat(emulator.requestCount("GET query")).as("split by size: more than one query, none refused with 414")
                .isGreaterThan(1).isLessThanOrEqualTo(names.size());
        assertThat(connector.unsearchableValues("Account", "Name", names)).isEmpty();
    }

    @Test
    void twoHundredJapaneseKeysAreReadBackAsCurrentState() {
        List<String> names = SoqlInLookupTest.japaneseNames(200);
        Map<String, String> ids = seedAccounts(names);

        Map<String, Map<String, Object>> current = connector.current("Account", names);

        assertThat(current).containsOnlyKeys(names);
        names.forEach(name -> assertThat(current.get(name)).containsEntry("Id", ids.get(name)).containsEntry("Name", name));
        assertThat(connector.unreadableKeys("Account", names)).isEmpty();
    }

    @Test
    void aKeyTooLongForAnyQueryIsNamedWithAReasonAndTheOtherKeysAreStillRead() {
        List<String> names = new ArrayList<>(SoqlInLookupTest.japaneseNames(20));
        seedAccounts(names);
        String garbage = "長い値".repeat(1_000);
        names.add(10, garbage);

        Map<String, String> unreadable = connector.unreadableKeys("Account", names);
        Map<String, Map<String, Object>> current = connector.current("Account", names);

        assertThat(unreadable).containsOnlyKeys(garbage);
        assertThat(unreadable.get(garbage)).contains("Salesforce connection 'salesforce-test' cannot look up Account by " + ACCOUNT_KEY)
                .contains("3000 characters").contains("16384 bytes").contains("correct it there, then retry the rejected record");
        assertThat(current).hasSize(20).doesNotContainKey(garbage);
        assertThat(connector.find("Account", "Name", names)).hasSize(20);
        assertThat(connector.unsearchableValues("Account", "Name", names)).containsOnlyKeys(garbage);
    }

    @Test
    void theConcurrentRequestLimitIsWaitedOutNotTakenForTheDailyAllocation() {
        SalesforceTestSupport.seedContacts(emulator, 3, 3);
        emulator.concurrentLimitNext(2);

        assertThatCode(() -> assertThat(connector.readChanges("Contact", Cursor.START, 10).records()).hasSize(3))
                .as("a REST call backs off and succeeds").doesNotThrowAnyException();
        assertThat(connector.retryCount()).isEqualTo(2);

        List<String> ids = emulator.store().all("Contact").stream().map(r -> (String) r.get("Id")).toList();
        emulator.concurrentLimitNext(1);
        WriteOutcome merged = connector.merge("Contact", ids.get(0), ids.get(1), null);
        assertThat(merged.status()).as("a SOAP call too").isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(connector.retryCount()).isEqualTo(3);
    }
}

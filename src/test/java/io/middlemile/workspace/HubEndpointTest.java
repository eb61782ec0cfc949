package io.middlemile.workspace;

import io.middlemile.model.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one parser of hub endpoint URIs, as routes write them and as Camel hands them to the components. */
class HubEndpointTest {

    @Test
    void readWriteAndSyncNameAConnectionAndAnObject() {
        assertThat(HubEndpoint.parse("hub-read:crm-export/contacts").orElseThrow().target()).contains(new Target("crm-export", "contacts"));
        assertThat(HubEndpoint.parse("hub-write:clean-contacts/contacts").orElseThrow().target())
                .contains(new Target("clean-contacts", "contacts"));
        HubEndpoint sync = HubEndpoint.parse("hub-sync:salesforce/Contact?mapping=salesforce-contacts&matchOn=email").orElseThrow();
        assertThat(sync.target()).contains(new Target("salesforce", "Contact"));
        assertThat(sync.mapping()).isEqualTo("salesforce-contacts");
        assertThat(sync.problem()).isEmpty();
        assertThat(new Target("salesforce", "Contact")).hasToString("salesforce/Contact");
    }

    @Test
    void aWritebackNamesThePersonObjectItsMappingAndTheNotesWithTheirs() {
        HubEndpoint writeback = HubEndpoint.parse("hub-writeback:hubspot/contacts?mapping=hubspot-contacts&notes=notes"
                + "&noteMapping=hubspot-notes").orElseThrow();
        assertThat(writeback.kind()).isEqualTo(HubEndpoint.Kind.WRITEBACK);
        assertThat(writeback.target()).contains(new Target("hubspot", "contacts"));
        assertThat(writeback.mapping()).isEqualTo("hubspot-contacts");
        assertThat(writeback.parameters()).containsEntry("notes", "notes").containsEntry("noteMapping", "hubspot-notes");
        assertThat(writeback.problem()).isEmpty();
        assertThat(HubEndpoint.parse("hub-writeback:hubspot/contacts?mapping=hubspot-contacts").orElseThrow().problem())
                .contains("hub-writeback needs notes, noteMapping: mapping= the person mapping of hubspot/contacts, notes= the object"
                        + " notes are written to, noteMapping= the activity mapping of that object, e.g. hub-writeback:hubspot/contacts"
                        + "?mapping=hubspot-contacts&notes=notes&noteMapping=hubspot-notes");
    }

    @Test
    void camelsNormalizedFormParsesTheSame() {
        HubEndpoint endpoint = HubEndpoint.parse("hub-read://crm-export/contacts?delay=60000&pageSize=10").orElseThrow();
        assertThat(endpoint.target()).contains(new Target("crm-export", "contacts"));
        assertThat(endpoint.parameters()).containsEntry("pageSize", "10");
        assertThat(HubEndpoint.parse("hub-map://hubspot-contacts?direction=in").orElseThrow().mapping()).isEqualTo("hubspot-contacts");
    }

    @Test
    void aUriWithoutAnObjectSaysWhatItMustLookLike() {
        assertThat(HubEndpoint.parse("hub-read:crm-export").orElseThrow().problem()).contains("\"hub-read:crm-export\" must name a"
                + " connection and an object: hub-read:CONNECTION/OBJECT, e.g. hub-read:crm-export/contacts");
        assertThat(HubEndpoint.parse("hub-write:clean-contacts/").orElseThrow().problem()).contains("\"hub-write:clean-contacts/\""
                + " must name a connection and an object: hub-write:CONNECTION/OBJECT, e.g. hub-write:clean-contacts/contacts");
        assertThat(HubEndpoint.parse("hub-sync:?mapping=salesforce-contacts").orElseThrow().problem()).contains(
                "\"hub-sync:?mapping=salesforce-contacts\" must name a connection and an object: hub-sync:CONNECTION/OBJECT,"
                        + " e.g. hub-sync:salesforce/Contact?mapping=salesforce-contacts");
        assertThat(HubEndpoint.parse("hub-read: /contacts").orElseThrow().target()).isEmpty();
    }

    @Test
    void hubMapNeedsADirectionAndHasNoTarget() {
        assertThat(HubEndpoint.parse("hub-map:clean-contacts?direction=out").orElseThrow().problem()).isEmpty();
        assertThat(HubEndpoint.parse("hub-map:clean-contacts?direction=out").orElseThrow().target()).isEmpty();
        assertThat(HubEndpoint.parse("hub-map:clean-contacts").orElseThrow().problem()).contains("hub-map needs direction=in (provider"
                + " record to canonical) or direction=out (canonical to provider record), found none");
        assertThat(HubEndpoint.parse("hub-map:clean-contacts?direction=outbound").orElseThrow().problem()).hasValueSatisfying(
                problem -> assertThat(problem).endsWith("found \"outbound\""));
    }

    @Test
    void requireFailsWithTheProblemAndOtherComponentsAreNotOurs() {
        assertThat(HubEndpoint.require(HubEndpoint.Kind.READ, "hub-read:crm-export/contacts").target())
                .contains(new Target("crm-export", "contacts"));
        assertThatThrownBy(() -> HubEndpoint.require(HubEndpoint.Kind.READ, "hub-read:crm-export"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"hub-read:crm-export\" must name a connection and an object: hub-read:CONNECTION/OBJECT,"
                        + " e.g. hub-read:crm-export/contacts");
        assertThatThrownBy(() -> HubEndpoint.require(HubEndpoint.Kind.WRITE, "hub-read:crm-export/contacts"))
                .hasMessage("\"hub-read:crm-export/contacts\" is not a hub-write URI; expected hub-write:clean-contacts/contacts");
        assertThat(HubEndpoint.parse("timer:tick?period=1000")).isEmpty();
    }

    @Test
    void aParameterAStepDoesNotTakeIsNamedWithTheOnesItTakes() {
        assertThat(HubEndpoint.parse("hub-map:legacy-contacts?direction=in&strict=yes").orElseThrow().problem())
                .contains("\"strict\" is not a parameter of hub-map, which takes direction (e.g. hub-map:hubspot-contacts?direction=in)");
        assertThat(HubEndpoint.parse("hub-write:clean-contacts/contacts?mode=upsert&batch=5").orElseThrow().problem())
                .contains("\"batch\", \"mode\" are not parameters of hub-write, which takes none (e.g. hub-write:clean-contacts/contacts)");
        assertThat(HubEndpoint.parse("hub-sync:salesforce/Contact?mapping=salesforce-contacts&matchon=email").orElseThrow().problem())
                .contains("\"matchon\" is not a parameter of hub-sync, which takes mapping, matchOn, deletes (e.g."
                        + " hub-sync:salesforce/Contact?mapping=salesforce-contacts)");
        assertThat(HubEndpoint.parse("hub-sync:salesforce/Contact?mapping=salesforce-contacts&deletes=remove").orElseThrow().problem())
                .contains("deletes: must be archive (a record deleted at the source archives its linked record) or ignore, found \"remove\"");
        // what Camel takes on any endpoint is not refused
        assertThat(HubEndpoint.parse("hub-write:clean-contacts/contacts?lazyStartProducer=true").orElseThrow().problem()).isEmpty();
        assertThat(HubEndpoint.parse("hub-assign:leads?accounts=samples/accounts.csv").orElseThrow().problem()).isEmpty();
    }

    @Test
    void aReadsPageSizeAndPollTimesAreCheckedAsTheEngineWouldTakeThem() {
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?pageSize=lots").orElseThrow().problem()).contains("pageSize: must be a"
                + " whole number of records from 1 to 100000 (each page is written and committed before the next is read), found \"lots\"");
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?pageSize=0").orElseThrow().problem()).isPresent();
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?pageSize=100001").orElseThrow().problem()).isPresent();
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?pageSize=100000&delay=1h&initialDelay=0").orElseThrow().problem()).isEmpty();
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?delay=soon").orElseThrow().problem()).contains("delay: must be more than 0:"
                + " milliseconds (3600000) or a duration such as 30s, 15m, 1h, 1h30m, 1d or PT1H, found \"soon\"");
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?delay=0").orElseThrow().problem()).isPresent();
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?initialDelay=-5").orElseThrow().problem())
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("initialDelay: must be 0 or more: ").endsWith("\"-5\""));
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?delay=1h&timeUnit=SECONDS").orElseThrow().problem())
                .contains("delay: 1h says its own unit; leave out timeUnit, or write delay as a plain number of timeUnit");
        assertThat(HubEndpoint.parse("hub-read:crm/contacts?delay=3600&timeUnit=SECONDS").orElseThrow().problem()).isEmpty();
    }

    @Test
    void aPollTimeIsMillisecondsOrADuration() {
        assertThat(HubEndpoint.pollMillis("3600000")).hasValue(3_600_000);
        assertThat(HubEndpoint.pollMillis(" 1h ")).hasValue(3_600_000);
        assertThat(HubEndpoint.pollMillis("1h30m")).hasValue(5_400_000);
        assertThat(HubEndpoint.pollMillis("1d")).hasValue(86_400_000);
        assertThat(HubEndpoint.pollMillis("45s")).hasValue(45_000);
        assertThat(HubEndpoint.pollMillis("PT15M")).hasValue(900_000);
        assertThat(HubEndpoint.pollMillis("P1D")).hasValue(86_400_000);
        for (String wrong : new String[] {"soon", "", "1.5h", "1x", "h", "60 s", "PT", "1m1h", "-5"}) {
            assertThat(HubEndpoint.pollMillis(wrong)).as(wrong).isEmpty();
        }
    }
}

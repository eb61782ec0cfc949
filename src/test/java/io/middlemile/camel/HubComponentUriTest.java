package io.middlemile.camel;

import io.middlemile.workspace.HubEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every hub component reads its URI through {@link HubEndpoint}, so a malformed URI fails with the
 * message {@code middlemile validate} gives for it (workspace's route-endpoint-without-object case).
 * Plain Camel, no Spring, no workspace: the components are given nothing they would need to run.
 */
class HubComponentUriTest {

    private CamelContext camel;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.addComponent("hub-read", new HubReadComponent(null, new EngineMode(true, false, null), null, null));
        camel.addComponent("hub-map", new HubMapComponent(Map.of()));
        camel.addComponent("hub-write", new HubWriteComponent());
        camel.addComponent("hub-sync", new HubSyncComponent(Map.of(), null));
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aUriWithoutAnObjectGetsValidatesMessageFromEveryComponent() {
        for (String uri : new String[] {"hub-read:crm-export", "hub-write:clean-contacts", "hub-sync:salesforce?mapping=salesforce-contacts"}) {
            String scheme = uri.substring(0, uri.indexOf(':'));
            String validate = HubEndpoint.parse(uri).orElseThrow().problem().orElseThrow();
            assertThatThrownBy(() -> camel.getEndpoint(uri)).as(uri)
                    .isInstanceOf(ResolveEndpointFailedException.class)
                    .rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith(validate.substring(validate.indexOf(" must name")))
                    .hasMessageContaining(scheme + ":CONNECTION/OBJECT, e.g. " + scheme + ":");
        }
    }

    @Test
    void hubMapWithoutADirectionGetsValidatesMessage() {
        String validate = HubEndpoint.parse("hub-map:clean-contacts").orElseThrow().problem().orElseThrow();
        assertThatThrownBy(() -> camel.getEndpoint("hub-map:clean-contacts"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("hub-map://clean-contacts")
                .rootCause().hasMessage(validate);
    }

    @Test
    void aWellFormedUriCreatesItsEndpoint() {
        Endpoint read = camel.getEndpoint("hub-read:crm-export/contacts?pageSize=10");
        assertThat(read).isInstanceOf(HubReadEndpoint.class);
        assertThat(((HubReadEndpoint) read).source()).hasToString("crm-export/contacts");
        assertThat(((HubReadEndpoint) read).getPageSize()).isEqualTo(10);
        assertThat(camel.getEndpoint("hub-write:clean-contacts/contacts")).isInstanceOf(HubWriteEndpoint.class);
    }

    @Test
    void aReadsPollTimesMayBeDurationsAndAWrongOneGetsValidatesMessage() {
        HubReadEndpoint hourly = (HubReadEndpoint) camel.getEndpoint("hub-read:crm-export/contacts?delay=1h&initialDelay=PT30S");
        assertThat(hourly.getDelay()).isEqualTo(3_600_000);
        assertThat(hourly.getInitialDelay()).isEqualTo(30_000);
        assertThat(((HubReadEndpoint) camel.getEndpoint("hub-read:crm-export/contacts?delay=900000")).getDelay()).isEqualTo(900_000);
        String validate = HubEndpoint.parse("hub-read:crm-export/contacts?delay=soon").orElseThrow().problem().orElseThrow();
        assertThatThrownBy(() -> camel.getEndpoint("hub-read:crm-export/contacts?delay=soon"))
                .isInstanceOf(ResolveEndpointFailedException.class).rootCause().hasMessage(validate);
    }
}

package io.middlemile.web;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's webhook wake-ups, consumed from Kafka ({@code camel-kafka}): every node of the workspace is in one
 * consumer group, so Kafka hands each partition, and with it each connection, to one node at a time, and to another
 * when that node dies. That node runs the jobs a wake-up names ({@link JobTriggers}: coalesced, never twice at once,
 * and the job's lock guards against another node's run); the jobs read the events from the store, not from the message.
 *
 * <p>A new group starts from the earliest wake-up Kafka keeps, so those published before any node consumed are run.
 * Offsets are committed as Kafka's consumer does by default: a wake-up lost with a node that died between the commit
 * and the run is made up by the job's next scheduled run, which reads the same stored events.
 */
public final class WebhookTopicRoute extends RouteBuilder {

    /** The route's id: not a job, so it never appears among them. */
    public static final String ID = "middlemile-webhook-topic";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookTopicRoute.class);

    private final String topic;
    private final String groupId;
    private final JobTriggers triggers;

    public WebhookTopicRoute(String topic, String groupId, JobTriggers triggers) {
        this.topic = topic;
        this.groupId = groupId;
        this.triggers = triggers;
    }

    @Override
    public void configure() throws Exception {
        // https://camel.apache.org/components/next/kafka-component.html (consumer options groupId, autoOffsetReset)
        from("kafka:" + topic + "?groupId=" + groupId + "&autoOffsetReset=earliest")
                .routeId(ID)
                // started once the jobs' routes are: a wake-up waiting in Kafka is for a job that must already run here
                .autoStartup(false)
                .process(exchange -> wake(exchange.getIn().getBody(String.class)));
        getContext().addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the routes are not all started yet; see below
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                context.getRouteController().startRoute(ID);
            }
        });
    }

    void wake(String message) {
        WebhookWakeup wakeup;
        try {
            wakeup = WebhookWakeup.fromJson(message);
        } catch (IllegalArgumentException e) {
            // another producer writes to the topic: skip its message rather than stop the connection's partition
            LOG.warn("Skipped a message on Kafka topic {}: {}. Only Middlemile's nodes should publish to this topic"
                    + " (MIDDLEMILE_KAFKA_TOPIC)", topic, e.getMessage());
            return;
        }
        LOG.info("Webhook events {} of connection {} came through Kafka topic {}; running {}", wakeup.events(), wakeup.connection(),
                topic, wakeup.jobs());
        wakeup.jobs().forEach(triggers::trigger);
    }
}

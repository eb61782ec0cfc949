package io.middlemile.web;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Publishes a delivery's wake-up ({@link WebhookWakeup}) to the cluster's webhook topic, keyed by connection, after
 * its events are stored: the node Kafka gave that connection's partition consumes it ({@link WebhookTopicRoute}) and
 * runs the jobs. The provider's delivery is answered without waiting for Kafka.
 *
 * <p>A wake-up Kafka did not take (Kafka away, timed out) is not lost: the events are in the store, and this node
 * wakes the jobs itself, as an engine without Kafka does. Should Kafka have taken it after all, the job runs once more
 * and finds nothing new: the store recorded each event once and the jobs' cursors do the rest.
 */
public final class WebhookTopic {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookTopic.class);

    private final ProducerTemplate producer;
    private final String endpoint;
    private final String topic;
    private final JobTriggers triggers;

    /** @param topic the Kafka topic; the {@code kafka} component carries the brokers and the login */
    public WebhookTopic(ProducerTemplate producer, String topic, JobTriggers triggers) {
        this.producer = producer;
        this.topic = topic;
        this.endpoint = "kafka:" + topic;
        this.triggers = triggers;
    }

    /**
     * Publishes a wake-up for the jobs started here and returns them; returns at once.
     *
     * @param events the delivery's new events, already stored
     * @param jobs   the jobs reading what they changed
     */
    public List<String> publish(String connection, List<String> events, List<String> jobs) {
        List<String> started = jobs.stream().filter(triggers::wakeable).toList();
        if (started.isEmpty()) {
            return started;
        }
        WebhookWakeup wakeup = new WebhookWakeup(connection, events, started);
        // https://camel.apache.org/components/next/kafka-component.html (header kafka.KEY: the record key, so the
        // partition, is the connection)
        producer.asyncSend(endpoint, exchange -> {
            exchange.getIn().setHeader(KafkaConstants.KEY, connection);
            exchange.getIn().setBody(wakeup.toJson());
        }).whenComplete((exchange, error) -> {
            Throwable failure = error != null ? error : exchange.getException();
            if (failure == null) {
                LOG.debug("Published the wake-up of {} for events {} of connection {} to Kafka topic {}", started, events, connection, topic);
                return;
            }
            LOG.warn("Could not publish webhook events {} of connection {} to Kafka topic {} ({}); they are stored, and this"
                    + " node runs {} itself. Check that Kafka is reachable at MIDDLEMILE_KAFKA_BOOTSTRAP_SERVERS", events,
                    connection, topic, failure.getMessage(), started);
            started.forEach(triggers::trigger);
        });
        return started;
    }
}

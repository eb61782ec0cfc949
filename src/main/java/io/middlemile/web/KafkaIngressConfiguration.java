package io.middlemile.web;

import io.middlemile.cluster.KafkaSettings;
import io.middlemile.workspace.SecretEnvironment;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhook ingress through Kafka, present only in a serving engine ({@code middlemile run}) with
 * {@code middlemile.kafka.bootstrap-servers} set: deliveries are stored and answered as always, and their wake-ups
 * go to the workspace's topic ({@link WebhookTopic}) for the node holding the connection's partition
 * ({@link WebhookTopicRoute}). Without the property, the node that received a delivery runs the jobs itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${middlemile.kafka.bootstrap-servers:}'.isBlank() and !${middlemile.once:false}")
public class KafkaIngressConfiguration {

    /**
     * @param topic            one per workspace; create it with as many partitions as nodes you may run (more do no
     *                         harm), since a connection's wake-ups go to one partition
     * @param securityProtocol PLAINTEXT by default; with SASL_SSL or SASL_PLAINTEXT the login comes from
     *                         {@value KafkaSettings#USERNAME} and {@value KafkaSettings#PASSWORD}
     */
    @Bean
    KafkaSettings kafkaSettings(@Value("${middlemile.kafka.bootstrap-servers}") String bootstrapServers,
                                @Value("${middlemile.kafka.topic:middlemile.webhooks}") String topic,
                                @Value("${middlemile.kafka.group-id:middlemile}") String groupId,
                                @Value("${middlemile.kafka.security-protocol:PLAINTEXT}") String securityProtocol,
                                @Value("${middlemile.kafka.sasl-mechanism:SCRAM-SHA-512}") String saslMechanism,
                                SecretEnvironment secrets) {
        return KafkaSettings.of(bootstrapServers, topic, groupId, securityProtocol, saslMechanism, secrets.variables());
    }

    /** Camel's {@code kafka} component, set up once for the publisher and the consumer. */
    @Bean("kafka")
    KafkaComponent kafka(KafkaSettings settings) {
        KafkaComponent kafka = new KafkaComponent();
        kafka.setConfiguration(settings.camel());
        return kafka;
    }

    @Bean
    WebhookTopic webhookTopic(ProducerTemplate producer, KafkaSettings settings, JobTriggers triggers) {
        return new WebhookTopic(producer, settings.topic(), triggers);
    }

    @Bean
    WebhookTopicRoute webhookTopicRoute(KafkaSettings settings, JobTriggers triggers) {
        return new WebhookTopicRoute(settings.topic(), settings.groupId(), triggers);
    }
}

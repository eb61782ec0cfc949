package io.middlemile.cluster;

import org.apache.camel.component.kafka.KafkaConfiguration;

import java.util.Map;

/**
 * Where the cluster's webhook wake-ups go ({@code middlemile.kafka.*}), and how to log in to it. The credentials
 * come from the environment only ({@value #USERNAME}, {@value #PASSWORD}), never from a properties file.
 *
 * @param bootstrapServers host:port,... of the Kafka cluster ({@code middlemile.kafka.bootstrap-servers})
 * @param topic            one topic per workspace: every node of the workspace publishes and consumes it
 * @param groupId          the consumer group of the workspace's nodes: Kafka gives each partition, so each
 *                         connection, to one of them at a time and moves it when a node dies
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism    PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, with the SASL protocols
 * @param username         from {@value #USERNAME}; null without SASL
 * @param password         from {@value #PASSWORD}; null without SASL
 */
public record KafkaSettings(String bootstrapServers, String topic, String groupId, String securityProtocol, String saslMechanism,
                            String username, String password) {

    public static final String USERNAME = "MIDDLEMILE_KAFKA_USERNAME";
    public static final String PASSWORD = "MIDDLEMILE_KAFKA_PASSWORD";

    /** The credentials read from {@code environment} when the protocol is a SASL one. */
    public static KafkaSettings of(String bootstrapServers, String topic, String groupId, String securityProtocol, String saslMechanism,
                                   Map<String, String> environment) {
        boolean sasl = securityProtocol.startsWith("SASL_");
        String username = sasl ? environment.get(USERNAME) : null;
        String password = sasl ? environment.get(PASSWORD) : null;
        if (sasl && (username == null || username.isBlank() || password == null || password.isBlank())) {
            throw new IllegalStateException("MIDDLEMILE_KAFKA_SECURITY_PROTOCOL is " + securityProtocol + " but " + USERNAME + " and "
                    + PASSWORD + " are not both set in the engine's environment; set them (the Kafka user webhooks are published"
                    + " as), or use PLAINTEXT/SSL");
        }
        return new KafkaSettings(bootstrapServers, topic, groupId, securityProtocol, saslMechanism, username, password);
    }

    /**
     * The JAAS line Kafka's clients log in with, for the SASL mechanisms that take a user and password.
     *
     * @see <a href="https://kafka.apache.org/documentation/#security_sasl_plain_clientconfig">Kafka: SASL/PLAIN client configuration</a>
     * @see <a href="https://kafka.apache.org/documentation/#security_sasl_scram_clientconfig">Kafka: SASL/SCRAM client configuration</a>
     */
    String jaasConfig() {
        String module = saslMechanism.startsWith("SCRAM-") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    /**
     * Camel's Kafka component settings, shared by the publisher and the consumer. A publish gives up after a few
     * seconds when Kafka is away (the event is already stored and the receiving node wakes the job itself), instead of
     * Kafka's default of blocking a minute and retrying for two.
     *
     * @see <a href="https://camel.apache.org/components/next/kafka-component.html">Camel Kafka component options</a>
     */
    public KafkaConfiguration camel() {
        KafkaConfiguration camel = new KafkaConfiguration();
        camel.setBrokers(bootstrapServers);
        camel.setSecurityProtocol(securityProtocol);
        if (username != null) {
            camel.setSaslMechanism(saslMechanism);
            camel.setSaslJaasConfig(jaasConfig());
        }
        camel.setMaxBlockMs(5_000);
        camel.setRequestTimeoutMs(4_000);
        camel.setDeliveryTimeoutMs(5_000);
        camel.setLingerMs(0);
        return camel;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        // the password is a secret: never printed
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", groupId=" + groupId + ", securityProtocol="
                + securityProtocol + (username == null ? "" : ", saslMechanism=" + saslMechanism + ", username=" + username) + "]";
    }
}

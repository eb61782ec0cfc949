package io.middlemile.cluster;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Kafka login comes from the environment only, is never printed, and a SASL protocol without it stops the start. */
class KafkaSettingsTest {

    @Test
    void saslTakesTheLoginFromTheEnvironmentAndNeverPrintsThePassword() {
        KafkaSettings settings = KafkaSettings.of("kafka-1:9093", "middlemile.webhooks", "middlemile", "SASL_SSL", "SCRAM-SHA-512",
                Map.of(KafkaSettings.USERNAME, "hub", KafkaSettings.PASSWORD, "s3cr\"et"));

        KafkaConfiguration camel = settings.camel();

        assertThat(camel.getBrokers()).isEqualTo("kafka-1:9093");
        assertThat(camel.getSecurityProtocol()).isEqualTo("SASL_SSL");
        assertThat(camel.getSaslMechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(camel.getSaslJaasConfig()).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hub\" password=\"s3cr\\\"et\";");
        assertThat(settings.toString()).contains("hub").doesNotContain("s3cr");
    }

    @Test
    void plaintextNeedsNoLoginAndIgnoresOne() {
        KafkaSettings settings = KafkaSettings.of("localhost:9092", "t", "g", "PLAINTEXT", "SCRAM-SHA-512",
                Map.of(KafkaSettings.PASSWORD, "unused"));

        assertThat(settings.password()).isNull();
        assertThat(settings.camel().getSaslJaasConfig()).isNull();
    }

    @Test
    void aSaslProtocolWithoutTheLoginInTheEnvironmentSaysWhatToSet() {
        assertThatThrownBy(() -> KafkaSettings.of("kafka-1:9093", "t", "g", "SASL_SSL", "PLAIN", Map.of(KafkaSettings.USERNAME, "hub")))
                .hasMessageContaining("MIDDLEMILE_KAFKA_PASSWORD").hasMessageContaining("SASL_SSL");
    }
}

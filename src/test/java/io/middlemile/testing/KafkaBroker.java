package io.middlemile.testing;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Kafka node in KRaft mode (broker and controller in one), in the test JVM, from the {@code kafka_2.13} artifact:
 * its storage is formatted as {@code kafka-storage.sh format} does, and it runs as {@code kafka-server-start.sh} runs
 * it. Topics are created on first use with {@link #PARTITIONS} partitions. It can be stopped and started again on the
 * same port and data, as a broker that was away for a while.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final int PARTITIONS = 3;

    private final Path data;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaBroker(Path data, int port, int controllerPort) {
        this.data = data;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static KafkaBroker start() {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("middlemile-kafka"), freePort(), freePort());
            broker.format();
            broker.resume();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** host:port, for {@code middlemile.kafka.bootstrap-servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Stops the node, keeping its data: clients find nothing listening until {@link #resume()}. */
    public void pause() {
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Starts the node on its port and data. */
    public void resume() {
        server = new KafkaRaftServer(new KafkaConfig(config()), Time.SYSTEM);
        server.startup();
    }

    @Override
    public void close() {
        if (server != null) {
            pause();
        }
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        config.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", data.toString());
        config.put("num.partitions", Integer.toString(PARTITIONS));
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    private void format() {
        try {
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(data.toString())
                    .setMetadataLogDirectory(data.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the test Kafka broker's storage in " + data, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}

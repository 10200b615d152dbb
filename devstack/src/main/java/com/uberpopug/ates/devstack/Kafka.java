package com.uberpopug.ates.devstack;

import com.uberpopug.ates.events.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;

/** One combined KRaft node (broker and controller) from the Kafka jars, with the system's topics. */
public final class Kafka extends ProcessComponent {

    /** The topics of the design (the event contracts' {@link Topic}s), each created with its dead-letter topic. */
    public static final List<String> TOPICS =
            Arrays.stream(Topic.values()).map(Topic::topicName).toList();

    private static final int PARTITIONS = 3;

    /**
     * The event topics keep every record for ever: analytics rebuilds its read model by replaying them from the
     * beginning (docs/operations.md, "Topic retention"), which the broker's default of 7 days would cut short. Not
     * compacted: the streams are keyed by aggregate, and compaction would keep only each aggregate's last event.
     * The dead-letter topics keep the broker's default.
     */
    static final Map<String, String> EVENT_TOPIC_CONFIG = Map.of("retention.ms", "-1", "cleanup.policy", "delete");

    private final Path dataDir;
    private final int port;
    private final int controllerPort;

    public Kafka(Path dataDir, int port, int controllerPort, Path log, Path pidFile) {
        super(log, pidFile, Duration.ofSeconds(30));
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("Kafka", port, "Kafka controller", controllerPort);
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    protected void launch() {
        Path config = writeConfig();
        String java = Java.executable();
        String classpath = Artifacts.kafkaClasspath();
        String log4j = "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties");
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            try {
                OsProcess.run(
                        List.of(
                                java,
                                log4j,
                                "-cp",
                                classpath,
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                config.toString()),
                        log);
            } catch (IllegalStateException e) {
                throw new ComponentFailure(name(), log, "could not format its storage: " + e.getMessage());
            }
        }
        OsProcess process = spawn(
                List.of(
                        java,
                        "-Xms128m",
                        "-Xmx512m",
                        "-XX:+UseG1GC",
                        log4j,
                        "-Djava.awt.headless=true",
                        "-cp",
                        classpath,
                        "kafka.Kafka",
                        config.toString()),
                dataDir,
                Map.of());
        Readiness.await(process, Duration.ofSeconds(90), "a broker answering on port " + port, () -> {
            if (!Readiness.portOpen(port)) {
                return false; // no admin client before the port is open: it would only log refused connections
            }
            try (Admin admin = admin()) {
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            }
        });
        createTopics();
    }

    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

    private void createTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Map<ConfigResource, Collection<AlterConfigOp>> retention = new HashMap<>();
            for (String topic : TOPICS) {
                if (existing.contains(topic)) {
                    // a stack created before the event topics kept everything gets the same retention
                    retention.put(
                            new ConfigResource(ConfigResource.Type.TOPIC, topic),
                            EVENT_TOPIC_CONFIG.entrySet().stream()
                                    .map(e -> new AlterConfigOp(
                                            new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                                    .toList());
                } else {
                    missing.add(new NewTopic(topic, PARTITIONS, (short) 1).configs(EVENT_TOPIC_CONFIG));
                }
                if (!existing.contains(topic + ".dlq")) {
                    missing.add(new NewTopic(topic + ".dlq", PARTITIONS, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            if (!retention.isEmpty()) {
                admin.incrementalAlterConfigs(retention).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new ComponentFailure(name(), log, "started, but its topics could not be created: " + e.getMessage());
        }
    }

    private Path writeConfig() {
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Path config = dataDir.resolve("server.properties");
            Files.writeString(
                    config,
                    String.join(
                            System.lineSeparator(),
                            "process.roles=broker,controller",
                            "node.id=1",
                            "controller.quorum.voters=1@localhost:" + controllerPort,
                            "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                            "advertised.listeners=PLAINTEXT://localhost:" + port,
                            "controller.listener.names=CONTROLLER",
                            "inter.broker.listener.name=PLAINTEXT",
                            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                            "log.dirs=" + dataDir.resolve("logs"),
                            // a single node: every internal topic has one replica
                            "offsets.topic.replication.factor=1",
                            "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1",
                            "share.coordinator.state.topic.replication.factor=1",
                            "share.coordinator.state.topic.min.isr=1",
                            "num.partitions=" + PARTITIONS,
                            // every topic is created on purpose: a mistyped topic name fails instead of appearing
                            "auto.create.topics.enable=false",
                            "group.initial.rebalance.delay.ms=0",
                            // a consumer group's offsets outlive any outage (a year, not the default 7 days): the
                            // topics keep their whole history, and a group whose offsets expired would read it again
                            "offsets.retention.minutes=525600",
                            ""));
            Files.writeString(
                    dataDir.resolve("log4j2.properties"),
                    String.join(
                            System.lineSeparator(),
                            "status = warn",
                            "appender.console.type = Console",
                            "appender.console.name = STDOUT",
                            "appender.console.layout.type = PatternLayout",
                            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                            "rootLogger.level = INFO",
                            "rootLogger.appenderRef.stdout.ref = STDOUT",
                            "logger.kafka.name = kafka",
                            "logger.kafka.level = WARN",
                            "logger.server.name = org.apache.kafka",
                            "logger.server.level = WARN",
                            "logger.started.name = kafka.server.KafkaRaftServer",
                            "logger.started.level = INFO",
                            ""));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

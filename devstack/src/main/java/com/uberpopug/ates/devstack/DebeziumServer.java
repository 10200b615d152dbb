package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debezium Server for one producing database: its outbox, through the Outbox Event Router, to Kafka.
 * The distribution is unpacked once into the cache; each instance has its own folder for config and offsets.
 */
public final class DebeziumServer extends ProcessComponent {

    private final String database;
    private final Path instanceDir;
    private final int httpPort;
    private final int postgresPort;
    private final String kafkaBootstrapServers;

    public DebeziumServer(
            String database,
            Path instanceDir,
            int httpPort,
            int postgresPort,
            String kafkaBootstrapServers,
            Path log,
            Path pidFile) {
        super(log, pidFile, Duration.ofSeconds(30));
        this.database = database;
        this.instanceDir = instanceDir;
        this.httpPort = httpPort;
        this.postgresPort = postgresPort;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    @Override
    public String name() {
        return "debezium-" + database;
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("Debezium Server (" + database + ")", httpPort);
    }

    @Override
    protected void launch() {
        String version = Artifacts.get("debezium.version");
        Path home = Artifacts.unpackOnce(
                Artifacts.path("debezium.dist"),
                "debezium-server-" + version,
                "debezium-server",
                "debezium-server/connectors",
                "debezium-server/lib_opt");
        writeConfig();
        String classpath = String.join(
                ":",
                home.resolve("debezium-server-dist-" + version + "-runner.jar").toString(),
                home.resolve("config/lib").toString(),
                home.resolve("lib").toString() + "/*");
        Map<String, String> env = Map.of(
                "ATES_DB_HOST",
                "localhost",
                "ATES_DB_PORT",
                Integer.toString(postgresPort),
                "ATES_DB_USER",
                Postgres.USER,
                "ATES_DB_PASSWORD",
                Postgres.PASSWORD,
                "ATES_DB_NAME",
                database,
                "ATES_DEBEZIUM_DATA",
                instanceDir.resolve("data").toString(),
                "ATES_DEBEZIUM_HTTP_PORT",
                Integer.toString(httpPort),
                "KAFKA_BOOTSTRAP_SERVERS",
                kafkaBootstrapServers);
        OsProcess process = spawn(
                List.of(
                        Java.executable(),
                        "-Xms64m",
                        "-Xmx256m",
                        // a small heap on a developer's machine: the serial collector has the smallest footprint
                        "-XX:+UseSerialGC",
                        // JBoss Threads resets thread locals through java.lang internals; Java 24+ asks for the opening
                        "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED",
                        "-cp",
                        classpath,
                        "io.debezium.server.Main"),
                instanceDir,
                env);
        Readiness.await(
                process,
                Duration.ofSeconds(90),
                "GET /q/health/ready on port " + httpPort,
                () -> Readiness.httpOk("http://localhost:" + httpPort + "/q/health/ready"));
    }

    private void writeConfig() {
        try (InputStream template =
                DebeziumServer.class.getResourceAsStream("/devstack/debezium/application.properties")) {
            Files.createDirectories(instanceDir.resolve("data"));
            Path config = Files.createDirectories(instanceDir.resolve("config"));
            Files.copy(template, config.resolve("application.properties"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

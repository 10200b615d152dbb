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
public final class DebeziumServer implements Component {

    private final String database;
    private final Path instanceDir;
    private final int httpPort;
    private final int postgresPort;
    private final String kafkaBootstrapServers;
    private final Path log;
    private final Path pidFile;
    private OsProcess process;

    public DebeziumServer(String database, Path instanceDir, int httpPort, int postgresPort,
            String kafkaBootstrapServers, Path log, Path pidFile) {
        this.database = database;
        this.instanceDir = instanceDir;
        this.httpPort = httpPort;
        this.postgresPort = postgresPort;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.log = log;
        this.pidFile = pidFile;
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
    public Path log() {
        return log;
    }

    @Override
    public void start() {
        String version = Artifacts.get("debezium.version");
        Path home = Artifacts.unpackOnce(Artifacts.path("debezium.dist"), "debezium-server-" + version,
                "debezium-server", "debezium-server/connectors", "debezium-server/lib_opt");
        writeConfig();
        String classpath = String.join(":", home.resolve("debezium-server-dist-" + version + "-runner.jar").toString(),
                home.resolve("config/lib").toString(), home.resolve("lib").toString() + "/*");
        Map<String, String> env = Map.of(
                "ATES_DB_HOST", "localhost",
                "ATES_DB_PORT", Integer.toString(postgresPort),
                "ATES_DB_USER", Postgres.USER,
                "ATES_DB_PASSWORD", Postgres.PASSWORD,
                "ATES_DB_NAME", database,
                "ATES_DEBEZIUM_DATA", instanceDir.resolve("data").toString(),
                "ATES_DEBEZIUM_HTTP_PORT", Integer.toString(httpPort),
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        process = OsProcess.start(name(), List.of(Java.executable(), "-Xms64m", "-Xmx256m",
                // JBoss Threads resets thread locals through java.lang internals; Java 24+ asks for the opening
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", classpath,
                "io.debezium.server.Main"), instanceDir, env, log, pidFile);
        Readiness.await(process, Duration.ofSeconds(90), "GET /q/health/ready on port " + httpPort,
                () -> Readiness.httpOk("http://localhost:" + httpPort + "/q/health/ready"));
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
            process = null;
        }
    }

    /**
     * Kills the server at once (SIGKILL, no shutdown hook, no last offset flush), as a crash would, and waits until
     * it is gone. {@link #start()} brings it back from its stored offsets.
     */
    public void kill() {
        if (process != null) {
            ProcessHandle.of(process.pid()).ifPresent(handle -> handle.descendants().forEach(ProcessHandle::destroyForcibly));
            process.treeSignal("KILL");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (process.treeAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            process = null;
        }
    }

    private void writeConfig() {
        try (InputStream template = DebeziumServer.class.getResourceAsStream("/devstack/debezium/application.properties")) {
            Files.createDirectories(instanceDir.resolve("data"));
            Path config = Files.createDirectories(instanceDir.resolve("config"));
            Files.copy(template, config.resolve("application.properties"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.uberpopug.ates.devstack.testing;

import com.uberpopug.ates.devstack.DebeziumServer;
import com.uberpopug.ates.devstack.Kafka;
import com.uberpopug.ates.devstack.Keycloak;
import com.uberpopug.ates.devstack.Postgres;
import com.uberpopug.ates.devstack.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * A real PostgreSQL and a real Kafka for one test JVM: started on free ports the first time a test asks,
 * shared by every test after it, stopped (and their data deleted) when the JVM exits. Their folder is a
 * {@link ThrowawayFolder}: whatever ends the JVM, nothing started in it (Keycloak, a Debezium Server handed out by
 * {@link #debezium}, a component a test killed and restarted) outlives it.
 *
 * <p>It is the service tests' counterpart of the end-to-end tests' {@code WholeSystem}, and is kept apart from it on
 * purpose: here the service under test runs inside the test JVM (Quarkus), so only the components it talks to are
 * started, one at a time as tests ask (Keycloak half a minute later, Debezium Server unstarted for the test to drive),
 * and a second class loader of Quarkus must find the running ones again (the system properties below). The whole
 * system starts every component and the three services as processes through the launcher, once. What both need
 * is shared: the folder ({@link ThrowawayFolder}), the free ports ({@code Stack.Ports}), tokens
 * ({@link KeycloakTokens}) and the realm's web client ({@link WebClientOrigins}).
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final Path dir;
    private final Postgres postgres;
    private final Kafka kafka;

    private TestInfrastructure(Path dir, Postgres postgres, Kafka kafka) {
        this.dir = dir;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** Quarkus may load this class again in another class loader; the system property keeps it one per JVM. */
    private static final String RUNNING = "ates.test.infrastructure";

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            String running = System.getProperty(RUNNING);
            instance = running != null ? attach(running) : start();
        }
        return instance;
    }

    public Postgres postgres() {
        return postgres;
    }

    public Kafka kafka() {
        return kafka;
    }

    public Path dir() {
        return dir;
    }

    /** Where this JVM's Keycloak runs once started: "port|managementPort". */
    private static final String KEYCLOAK_RUNNING = "ates.test.keycloak";

    private Keycloak keycloak;

    /**
     * The real Keycloak with the realm 'ates' and its seeded users, on this infrastructure's PostgreSQL: started on
     * free ports the first time a test asks (about half a minute), shared by every test after it, stopped when the
     * JVM exits.
     */
    public synchronized Keycloak keycloak() {
        if (keycloak == null) {
            String running = System.getProperty(KEYCLOAK_RUNNING);
            if (running != null) {
                String[] ports = running.split("\\|");
                keycloak = new Keycloak(
                        Integer.parseInt(ports[0]),
                        Integer.parseInt(ports[1]),
                        postgres.jdbcUrl("keycloak"),
                        dir.resolve("logs/keycloak.log"),
                        keycloakPidFile());
            } else {
                int port = freePort();
                int managementPort = freePort();
                postgres.createDatabase("keycloak");
                // stopped with the rest when the JVM exits, through its pid file (see stop())
                Keycloak started = new Keycloak(
                        port,
                        managementPort,
                        postgres.jdbcUrl("keycloak"),
                        dir.resolve("logs/keycloak.log"),
                        keycloakPidFile());
                started.start();
                System.setProperty(KEYCLOAK_RUNNING, port + "|" + managementPort);
                keycloak = started;
            }
        }
        return keycloak;
    }

    /**
     * A Debezium Server for one of this infrastructure's databases, on a free port, not yet started: the caller
     * starts it, may kill and restart it, and stops it. Its offsets live under this infrastructure's folder, so a
     * restart resumes where the last run stopped.
     */
    public DebeziumServer debezium(String database) {
        int port = freePort();
        Path instance = dir.resolve("debezium-" + database);
        return new DebeziumServer(
                database,
                instance,
                port,
                postgres.port(),
                kafka.bootstrapServers(),
                dir.resolve("logs/debezium-" + database + ".log"),
                dir.resolve("run/debezium-" + database + ".pid"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestInfrastructure attach(String running) {
        String[] parts = running.split("\\|");
        Path dir = Path.of(parts[0]);
        int postgresPort = Integer.parseInt(parts[1]);
        int kafkaPort = Integer.parseInt(parts[2]);
        return new TestInfrastructure(
                dir,
                new Postgres(
                        dir.resolve("postgres"),
                        postgresPort,
                        dir.resolve("logs/postgresql.log"),
                        dir.resolve("run/postgresql.pid"),
                        false,
                        List.of()),
                new Kafka(
                        dir.resolve("kafka"),
                        kafkaPort,
                        -1,
                        dir.resolve("logs/kafka.log"),
                        dir.resolve("run/kafka.pid")));
    }

    private static TestInfrastructure start() {
        Path dir = ThrowawayFolder.create("ates-test-");
        Stack.Ports ports = Stack.Ports.free();
        Path logs = dir.resolve("logs");
        Postgres postgres = new Postgres(
                dir.resolve("postgres"),
                ports.postgres(),
                logs.resolve("postgresql.log"),
                dir.resolve("run/postgresql.pid"),
                false,
                List.of());
        Kafka kafka = new Kafka(
                dir.resolve("kafka"),
                ports.kafka(),
                ports.kafkaController(),
                logs.resolve("kafka.log"),
                dir.resolve("run/kafka.pid"));
        TestInfrastructure infrastructure = new TestInfrastructure(dir, postgres, kafka);
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "ates-test-infrastructure-stop"));
        postgres.start();
        kafka.start();
        System.setProperty(RUNNING, dir + "|" + ports.postgres() + "|" + ports.kafka());
        return infrastructure;
    }

    private Path keycloakPidFile() {
        return dir.resolve("run/keycloak.pid");
    }

    /**
     * Kills everything started in the folder, whichever class loader's instance started it and however often it
     * was restarted, then deletes the folder: throwaway data needs no graceful stop, and a quick end keeps this
     * well inside the time Surefire gives a JVM's shutdown hooks before it halts them.
     */
    private void stop() {
        ThrowawayFolder.release(dir);
    }
}

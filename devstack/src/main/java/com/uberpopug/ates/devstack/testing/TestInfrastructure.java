package com.uberpopug.ates.devstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.uberpopug.ates.devstack.Kafka;
import com.uberpopug.ates.devstack.OsProcess;
import com.uberpopug.ates.devstack.Postgres;
import com.uberpopug.ates.devstack.Stack;

/**
 * A real PostgreSQL and a real Kafka for one test JVM: started on free ports the first time a test asks,
 * shared by every test after it, stopped (and their data deleted) when the JVM exits.
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

    private static TestInfrastructure attach(String running) {
        String[] parts = running.split("\\|");
        Path dir = Path.of(parts[0]);
        int postgresPort = Integer.parseInt(parts[1]);
        int kafkaPort = Integer.parseInt(parts[2]);
        return new TestInfrastructure(dir,
                new Postgres(dir.resolve("postgres"), postgresPort, dir.resolve("logs/postgresql.log"), null, false,
                        List.of()),
                new Kafka(dir.resolve("kafka"), kafkaPort, -1, dir.resolve("logs/kafka.log"), null));
    }

    private static TestInfrastructure start() {
        Path dir;
        try {
            // under /tmp, readable by the unprivileged user PostgreSQL runs as when the tests run as root
            dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ates-test-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Stack.Ports ports = Stack.Ports.free();
        Path logs = dir.resolve("logs");
        Postgres postgres = new Postgres(dir.resolve("postgres"), ports.postgres(), logs.resolve("postgresql.log"),
                null, false, List.of());
        Kafka kafka = new Kafka(dir.resolve("kafka"), ports.kafka(), ports.kafkaController(),
                logs.resolve("kafka.log"), null);
        TestInfrastructure infrastructure = new TestInfrastructure(dir, postgres, kafka);
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "ates-test-infrastructure-stop"));
        postgres.start();
        kafka.start();
        System.setProperty(RUNNING, dir + "|" + ports.postgres() + "|" + ports.kafka());
        return infrastructure;
    }

    private void stop() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
            if (!Boolean.getBoolean("ates.test.keep")) {
                OsProcess.deleteRecursively(dir);
            }
        }
    }
}

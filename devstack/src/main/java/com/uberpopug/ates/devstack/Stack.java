package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole aTES system as local processes, in the order they depend on each other: PostgreSQL, Kafka, GreenMail,
 * Zipkin (the services send it their spans from their first request on), Keycloak (its account event listener's changelog creates Keycloak's outbox and publication), the three services
 * (their migrations create the outbox publications), then one Debezium Server per database with an outbox.
 */
public final class Stack {

    /** The services, each with its own database; the producing ones also have a Debezium Server. */
    public static final List<String> SERVICES = List.of("tasks", "billing", "analytics");

    public static final List<String> PRODUCERS = List.of("tasks", "billing");
    public static final List<String> DATABASES = List.of("tasks", "billing", "analytics", "keycloak");
    /** Every database with an outbox, each with its Debezium Server: Keycloak's (accounts) and the producers'. */
    public static final List<String> OUTBOX_DATABASES = List.of("keycloak", "tasks", "billing");

    public record Ports(
            int postgres,
            int kafka,
            int kafkaController,
            int keycloak,
            int keycloakManagement,
            int smtp,
            int imap,
            int mailApi,
            int tasks,
            int billing,
            int analytics,
            int debeziumTasks,
            int debeziumBilling,
            int debeziumKeycloak,
            int zipkin) {

        /** The local defaults of the design. */
        public static Ports defaults() {
            return new Ports(5433, 9092, 9093, 8180, 9000, 3025, 3143, 8025, 8081, 8082, 8083, 8091, 8092, 8093, 9411);
        }

        /** Free ports, for a stack that must not collide with anything (tests). */
        public static Ports free() {
            List<ServerSocket> held = new ArrayList<>();
            try {
                int[] p = new int[15];
                for (int i = 0; i < p.length; i++) {
                    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(socket);
                    p[i] = socket.getLocalPort();
                }
                return new Ports(
                        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                held.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing a probe socket cannot fail in a way that matters
                    }
                });
            }
        }

        int service(String name) {
            return switch (name) {
                case "tasks" -> tasks;
                case "billing" -> billing;
                case "analytics" -> analytics;
                default -> throw new IllegalArgumentException(name);
            };
        }

        int debezium(String name) {
            return switch (name) {
                case "tasks" -> debeziumTasks;
                case "billing" -> debeziumBilling;
                case "keycloak" -> debeziumKeycloak;
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    private final Path root;
    private final Path dataDir;
    private final Ports ports;
    private final Postgres postgres;
    private final Kafka kafka;
    private final GreenMail greenMail;
    private final Zipkin zipkin;
    private final Keycloak keycloak;
    private final Map<String, QuarkusService> services = new LinkedHashMap<>();
    private final Map<String, DebeziumServer> debeziumServers = new LinkedHashMap<>();
    private final List<Component> components = new ArrayList<>();

    public Stack(Path root, Path dataDir, Ports ports, boolean durable) {
        this.root = root.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.ports = ports;
        postgres = new Postgres(
                this.dataDir.resolve("postgres"),
                ports.postgres(),
                log("postgresql"),
                pid("postgresql"),
                durable,
                DATABASES);
        kafka = new Kafka(
                this.dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController(), log("kafka"), pid("kafka"));
        greenMail = new GreenMail(
                ports.smtp(), ports.imap(), ports.mailApi(), this.dataDir, log("greenmail"), pid("greenmail"));
        zipkin = new Zipkin(ports.zipkin(), this.dataDir, log("zipkin"), pid("zipkin"));
        keycloak = new Keycloak(
                ports.keycloak(),
                ports.keycloakManagement(),
                postgres.jdbcUrl("keycloak"),
                log("keycloak"),
                pid("keycloak"));
        components.addAll(List.of(postgres, kafka, greenMail, zipkin, keycloak));
        for (String name : SERVICES) {
            QuarkusService service = new QuarkusService(
                    name,
                    this.root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"),
                    ports.service(name),
                    serviceEnvironment(name),
                    this.dataDir,
                    log(name),
                    pid(name));
            services.put(name, service);
            components.add(service);
        }
        for (String name : OUTBOX_DATABASES) {
            DebeziumServer server = new DebeziumServer(
                    name,
                    this.dataDir.resolve("debezium").resolve(name),
                    ports.debezium(name),
                    ports.postgres(),
                    kafka.bootstrapServers(),
                    log("debezium-" + name),
                    pid("debezium-" + name));
            debeziumServers.put(name, server);
            components.add(server);
        }
    }

    /** The local stack: default ports, data kept in $ATES_DATA or the project's .devstack folder. */
    public static Stack local(Path root) {
        String explicit = System.getenv("ATES_DATA");
        Path data = explicit != null && !explicit.isBlank() ? Path.of(explicit) : root.resolve(".devstack");
        return new Stack(root, data, Ports.defaults(), true);
    }

    private Map<String, String> serviceEnvironment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + ports.postgres() + "/" + name);
        env.put("QUARKUS_DATASOURCE_USERNAME", Postgres.USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", Postgres.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + ports.kafka());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "http://localhost:" + ports.keycloak() + "/realms/" + Keycloak.REALM);
        env.put("QUARKUS_MAILER_HOST", "localhost");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(ports.smtp()));
        env.put("ATES_TRACING_EXPORTER", "zipkin");
        env.put("ATES_TRACING_ZIPKIN_ENDPOINT", zipkin.spansEndpoint());
        return env;
    }

    /** Adds to (or overrides) the environment of every service, e.g. ATES_BILLING_ZONE; before {@link #start}. */
    public Stack withServiceEnvironment(Map<String, String> extra) {
        services.values().forEach(service -> service.putEnvironment(extra));
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Deletes all local data: the data folder and PostgreSQL's folder outside it, if it has one. */
    public void deleteData() {
        OsProcess.deleteRecursively(dataDir);
        postgres.deleteData();
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    public Ports ports() {
        return ports;
    }

    public List<Component> components() {
        return List.copyOf(components);
    }

    public Postgres postgres() {
        return postgres;
    }

    public Kafka kafka() {
        return kafka;
    }

    public Keycloak keycloak() {
        return keycloak;
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    public Zipkin zipkin() {
        return zipkin;
    }

    public QuarkusService service(String name) {
        return services.get(name);
    }

    public DebeziumServer debezium(String name) {
        return debeziumServers.get(name);
    }

    private Path log(String name) {
        return logsDir().resolve(name + ".log");
    }

    private Path pid(String name) {
        return runDir().resolve(name + ".pid");
    }

    /** Every port the stack needs, checked before anything starts; a taken one is named. */
    public void checkPortsFree() {
        List<String> taken = new ArrayList<>();
        for (Component component : components) {
            component.ports().forEach((what, port) -> {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.setReuseAddress(true);
                    probe.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                } catch (IOException e) {
                    taken.add("port " + port + " (" + what + ")");
                }
            });
        }
        if (!taken.isEmpty()) {
            throw new ComponentFailure(
                    "the stack",
                    null,
                    "cannot start: " + String.join(", ", taken)
                            + (taken.size() == 1 ? " is" : " are")
                            + " already taken. Is aTES already running (./ates status)? "
                            + "Otherwise stop what holds " + (taken.size() == 1 ? "it" : "them") + ".");
        }
    }

    /** Starts every component in order and waits for each; on a failure stops what did start, then rethrows. */
    public void start(PrintStream out) {
        checkPortsFree();
        try {
            Files.createDirectories(logsDir());
            Files.createDirectories(runDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Component component : components) {
            Instant begin = Instant.now();
            out.printf("  %-18s starting ...%n", component.name());
            try {
                component.start();
            } catch (RuntimeException e) {
                out.printf("  %-18s FAILED after %s%n", component.name(), seconds(begin));
                stop(out);
                throw e instanceof ComponentFailure
                        ? e
                        : new ComponentFailure(component.name(), component.log(), "failed: " + e);
            }
            out.printf("  %-18s ready in %s%n", component.name(), seconds(begin));
        }
    }

    /**
     * Stops every component in reverse order, each with whatever of it runs: the process of its last start and any
     * left from an earlier one (a restart after a kill, a second start). Then nothing the stack started is left:
     * every process it starts carries the mark of a log in its logs folder, and whatever still does is killed.
     */
    public void stop(PrintStream out) {
        for (int i = components.size() - 1; i >= 0; i--) {
            Component component = components.get(i);
            if (!component.isRunning()) {
                continue;
            }
            Instant begin = Instant.now();
            try {
                component.stop();
                out.printf("  %-18s stopped in %s%n", component.name(), seconds(begin));
            } catch (RuntimeException e) {
                out.printf("  %-18s did not stop cleanly: %s%n", component.name(), e.getMessage());
            }
        }
        List<ProcessHandle> left = leftovers();
        if (!left.isEmpty()) {
            out.printf(
                    "  %-18s killing %s%n",
                    "left over",
                    left.stream()
                            .map(p -> p.pid() + " "
                                    + p.info()
                                            .commandLine()
                                            .map(c -> c.length() > 80 ? c.substring(0, 80) + "..." : c)
                                            .orElse(""))
                            .toList());
            left.forEach(ProcessHandle::destroyForcibly);
            left.forEach(p -> p.onExit()
                    .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> p)
                    .join());
        }
    }

    /** The live processes the stack started (its components and their short commands), known by their mark. */
    public List<ProcessHandle> leftovers() {
        return OsProcess.mentioning(OsProcess.MARK + "=" + logsDir() + "/");
    }

    /**
     * Stops a stack that another launcher started, from its pid files: the launcher first (it stops everything
     * in order), then whatever a detached start left, in reverse order.
     */
    public int stopByPidFiles(PrintStream out) {
        int stopped = 0;
        var launcher = OsProcess.fromPidFile(runDir().resolve("launcher.pid"));
        if (launcher.isPresent()) {
            out.println("  asking the running launcher (pid " + launcher.get().pid() + ") to stop everything ...");
            OsProcess.killTree(launcher.get(), Duration.ofMinutes(3));
            stopped++;
        }
        for (int i = components.size() - 1; i >= 0; i--) {
            Component component = components.get(i);
            Path pidFile = pid(component.name());
            var process = OsProcess.fromPidFile(pidFile);
            if (process.isPresent()) {
                Instant begin = Instant.now();
                if (component instanceof Postgres) {
                    OsProcess.signalWithChildren(process.get(), "INT"); // PostgreSQL's fast shutdown
                }
                OsProcess.killTree(process.get(), Duration.ofSeconds(30));
                out.printf("  %-18s stopped in %s%n", component.name(), seconds(begin));
                stopped++;
            }
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // nothing runs under it any more
            }
        }
        return stopped;
    }

    /** The components whose pid files name a live process. */
    public Map<String, Long> running() {
        Map<String, Long> running = new LinkedHashMap<>();
        OsProcess.fromPidFile(runDir().resolve("launcher.pid")).ifPresent(p -> running.put("launcher", p.pid()));
        for (Component component : components) {
            OsProcess.fromPidFile(pid(component.name())).ifPresent(p -> running.put(component.name(), p.pid()));
        }
        return running;
    }

    static String seconds(Instant since) {
        return String.format("%.1f s", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }
}

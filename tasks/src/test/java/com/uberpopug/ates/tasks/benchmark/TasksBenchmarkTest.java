package com.uberpopug.ates.tasks.benchmark;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.devstack.Postgres;
import com.uberpopug.ates.devstack.testing.CpuMeter;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The figures of docs/benchmarks.md for tasks; not a test (tag {@code benchmark}, excluded from the build):
 *
 * <pre>
 * ./ates bench tasks
 * ./mvnw -B -pl tasks -am verify -DskipITs -Dbenchmarks.excluded=none -Dgroups=benchmark -Dtest=TasksBenchmarkTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Task creation over HTTP at a fixed concurrency, side by side with pgbench running the same writes (the task row
 * and its two outbox rows in one transaction) on the same PostgreSQL (goal: at least 0.5 of pgbench's throughput,
 * and pgbench's CPU per transaction at least 0.5 of the service's); then the reshuffle of 10,000 and 100,000 open
 * tasks (goal: 100,000 in under 10 s). Each figure comes with its CPU per transaction or reassigned task (this JVM
 * with pgbench when it runs, PostgreSQL, the whole machine). The HTTP load comes from this JVM, on threads of its own
 * whose CPU is measured and left out of the service's: pgbench's client CPU is pgbench's process, which drives its
 * own load. Results are printed (the lines starting with
 * {@code BENCHMARK} sum them up) and written to target/benchmarks/tasks.md and target/benchmark-tasks.txt.
 */
@QuarkusTest
@Tag("benchmark")
@TestProfile(TasksBenchmarkTest.Production.class)
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasksBenchmarkTest {

    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    // 60 s: with 15 the JIT compiled through the whole measured window and the service used 2.6 times the CPU per
    // task (docs/benchmarks.md, the set-based round)
    static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 60));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 30));
    static final Path PGBENCH = Path.of(System.getProperty("bench.pgbench", "/usr/lib/postgresql/15/bin/pgbench"));

    private static final List<String> REPORT = new ArrayList<>();
    private static Run http;

    /** The service as it runs in production: the reshuffle's real batch size, not the tests' tiny one. */
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ates.tasks.reassign.batch-size",
                    System.getProperty("bench.batch-size", "1000"),
                    "quarkus.log.category.\"com.uberpopug\".level",
                    "INFO");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * One load run: how many transactions, over how long, their latencies, and the CPU used; for the HTTP run also
     * the CPU of the load generator's own threads and the JIT compiler's time, both in this JVM.
     */
    record Run(
            String what,
            long count,
            long errors,
            Duration elapsed,
            long[] latenciesMicros,
            CpuMeter.Use cpu,
            double driverCpuSeconds,
            double compileSeconds) {

        /**
         * CPU milliseconds per transaction of the client side: pgbench's process, or this JVM without its load
         * generator's threads (pgbench drives its load itself; the service is driven from outside).
         */
        double clientCpuMillis() {
            return cpu.jvmMillisPer(count) - driverCpuMillis();
        }

        double driverCpuMillis() {
            return driverCpuSeconds * 1000 / count;
        }

        double postgresCpuMillis() {
            return cpu.postgresMillisPer(count);
        }

        double cpuMillis() {
            return clientCpuMillis() + postgresCpuMillis();
        }

        double perSecond() {
            return count * 1_000_000_000.0 / elapsed.toNanos();
        }

        double percentileMillis(double p) {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1000.0;
        }

        String row() {
            return "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.2f | %.2f |"
                    .formatted(
                            what,
                            count,
                            errors,
                            perSecond(),
                            percentileMillis(50),
                            percentileMillis(99),
                            percentileMillis(100),
                            clientCpuMillis(),
                            postgresCpuMillis());
        }
    }

    @Test
    @Order(1)
    void taskCreationOverHttp() throws Exception {
        TestUsers.signInEveryone();
        load("warm-up", WARM_UP);
        http = load("POST /api/tasks", MEASURE);
        assertThat(http.errors()).isZero();
    }

    @Test
    @Order(2)
    void theSameWritesThroughPgbench() throws Exception {
        Run pgbench = pgbench();
        REPORT.add("### Task creation: the service over HTTP vs pgbench, concurrency " + CONCURRENCY);
        REPORT.add("");
        REPORT.add("| run | transactions | errors | per second | p50 ms | p99 ms | max ms | client CPU ms/tx (service: "
                + "without the load generator) "
                + "| PostgreSQL CPU ms/tx |");
        REPORT.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        REPORT.add(http.row());
        REPORT.add(pgbench.row());
        REPORT.add("");
        REPORT.add("throughput ratio service / pgbench: **%.2f**; CPU per transaction, pgbench / service: **%.2f**"
                .formatted(http.perSecond() / pgbench.perSecond(), pgbench.cpuMillis() / http.cpuMillis()));
        REPORT.add("");
        REPORT.add("load average at the end: "
                + Files.readString(Path.of("/proc/loadavg")).strip());
        REPORT.add("");
        double throughput = http.perSecond() / pgbench.perSecond();
        double cpu = pgbench.cpuMillis() / http.cpuMillis();
        benchmark(String.format(
                "tasks creation: %,.0f tasks/s over HTTP, %.2f of pgbench's %,.0f (goal >= 0.5: %s); CPU per "
                        + "transaction, pgbench / service: %.2f (goal >= 0.5: %s); service %s; pgbench %s",
                http.perSecond(),
                throughput,
                pgbench.perSecond(),
                met(throughput >= 0.5),
                cpu,
                met(cpu >= 0.5),
                serviceCpu(http),
                pgbench.cpu().perEvent(pgbench.count()).replace("CPU per event: JVM", "CPU per transaction: pgbench")));
    }

    @Test
    @Order(3)
    void reassigning10000And100000OpenTasks() {
        TestDatabase database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
        List<String> benchmarks = new ArrayList<>();
        REPORT.add("### Reassigning open tasks (batch size " + System.getProperty("bench.batch-size", "1000") + ")");
        REPORT.add("");
        REPORT.add("| open tasks | first press s | second press s | outbox rows written |");
        REPORT.add("|---:|---:|---:|---:|");
        for (int open : new int[] {10_000, 100_000}) {
            database.update("UPDATE task SET status = 'DONE', completed_at = now() WHERE status = 'OPEN'");
            database.update(
                    "INSERT INTO task (id, title, jira_id, description, status, assignee_id, created_at) "
                            + "SELECT gen_random_uuid(), 'Bulk task ' || n, 'UBERPOP-' || n, 'described', 'OPEN', ?, now() "
                            + "FROM generate_series(1, ?) n",
                    database.accountId("popug1"),
                    open);
            database.update("VACUUM ANALYZE task");
            long before = database.count("SELECT count(*) FROM outbox_event WHERE type = 'Task.Assigned'");
            CpuMeter cpu = CpuMeter.start(postgresDataDir());
            double first = reassign(open);
            double second = reassign(open);
            CpuMeter.Use used = cpu.stop();
            long written = database.count("SELECT count(*) FROM outbox_event WHERE type = 'Task.Assigned'") - before;
            assertThat(written).isEqualTo(2L * open);
            REPORT.add("| %,d | %.2f | %.2f | %,d |".formatted(open, first, second, written));
            benchmarks.add(
                    "tasks reshuffle of %,d open tasks: %.2f s first press, %.2f s second, %,.0f tasks/s (%s); %s"
                            .formatted(
                                    open,
                                    first,
                                    second,
                                    2.0 * open / (first + second),
                                    open == 100_000
                                            ? "goal < 10 s: " + met(Math.max(first, second) < 10)
                                            : "no goal of its own",
                                    used.perEvent(2L * open).replace("per event", "per reassigned task")));
        }
        REPORT.add("");
        benchmarks.forEach(TasksBenchmarkTest::benchmark);
    }

    @AfterAll
    static void report() throws IOException {
        String report = String.join("\n", REPORT);
        System.out.println("\n" + report);
        Path out = Path.of("target/benchmarks/tasks.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + "\n");
    }

    /** A result line: printed at once, summed up with the others at the end and in target/benchmark-tasks.txt. */
    private static void benchmark(String line) {
        String text = "BENCHMARK " + line;
        System.out.println(text);
        REPORT.add(text);
        REPORT.add("");
        try {
            Files.writeString(
                    Path.of("target/benchmark-tasks.txt"),
                    text + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The service's CPU per task: the JVM's less its load generator's threads (measured per thread), PostgreSQL's,
     * and the whole machine's (which includes the load generator); and how much of the run the JIT compiler spent
     * compiling (in the JVM's figure: a warm-up too short for the machine's load shows here).
     */
    private static String serviceCpu(Run run) {
        return String.format(
                "CPU per task: JVM %.3f ms (without the load generator's %.3f ms in the same JVM; JIT "
                        + "compiling %.1f s of the %.0f s), PostgreSQL %.3f ms, whole machine %.3f ms (%.2f of %d cores"
                        + " busy)",
                run.clientCpuMillis(),
                run.driverCpuMillis(),
                run.compileSeconds(),
                run.cpu().wallSeconds(),
                run.postgresCpuMillis(),
                run.cpu().machineMillisPer(run.count()),
                run.cpu().machine() / run.cpu().wallSeconds(),
                Runtime.getRuntime().availableProcessors());
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static double reassign(int open) {
        long start = System.nanoTime();
        as("manager").post("/api/tasks/reassign").then().statusCode(200).body("reassigned", equalTo(open));
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * {@link #CONCURRENCY} clients, each creating tasks one after another for {@code duration} over its own
     * keep-alive connection. Each client thread is the whole of its load generator ({@link HttpConnection}): its
     * CPU time, read per thread, is what this JVM spent driving the load rather than serving it.
     */
    private static Run load(String what, Duration duration) throws Exception {
        String token = KeycloakTokens.fetch(TestInfrastructure.get().keycloak().issuer(), "popug1", "popug1");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        long compiledBefore = jit.getTotalCompilationTime();
        CpuMeter cpuMeter = CpuMeter.start(postgresDataDir());
        long start = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        long[] errors = new long[CONCURRENCY];
        long[] driverCpuNanos = new long[CONCURRENCY];
        for (int c = 0; c < CONCURRENCY; c++) {
            int clientNumber = c;
            results.add(clients.submit(() -> {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long[] latencies = new long[1 << 16];
                int n = 0;
                try (HttpConnection connection = new HttpConnection(RestAssured.port, token)) {
                    while (System.nanoTime() < deadline) {
                        String body = """
                                {"title":"Benchmark task %d-%d","jiraId":"UBERPOP-%d",\
                                "description":"created by the benchmark"}""".formatted(clientNumber, n, n);
                        long sent = System.nanoTime();
                        int status = connection.post("/api/tasks", body);
                        long micros = (System.nanoTime() - sent) / 1000;
                        if (status != 201) {
                            errors[clientNumber]++;
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = micros;
                    }
                } finally {
                    driverCpuNanos[clientNumber] = threads.getCurrentThreadCpuTime() - cpuStart;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            all.add(result.get());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        CpuMeter.Use cpu = cpuMeter.stop();
        double compileSeconds = (jit.getTotalCompilationTime() - compiledBefore) / 1000.0;
        clients.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
        return new Run(
                what,
                latencies.length,
                Arrays.stream(errors).sum(),
                elapsed,
                latencies,
                cpu,
                Arrays.stream(driverCpuNanos).sum() / 1e9,
                compileSeconds);
    }

    /**
     * A minimal HTTP/1.1 client on one keep-alive connection, written for the load: a request is a few bytes written,
     * a response is read to its end (by Content-Length or chunk by chunk) and only its status kept. A general-purpose
     * client (the JDK's HttpClient: a selector thread, worker threads and futures per request) cost the JVM about as
     * much CPU per request as parts of the service it measured; pgbench's own client is a thin C loop.
     */
    static final class HttpConnection implements AutoCloseable {

        private final int port;
        private final byte[] head;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        HttpConnection(int port, String token) {
            this.port = port;
            this.head = ("Host: localhost:" + port + "\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        /** POSTs {@code json} to {@code path}; answers the response's status once the whole response is read. */
        int post(String path, String json) throws IOException {
            if (socket == null) {
                socket = new Socket("localhost", port);
                socket.setTcpNoDelay(true);
                out = new BufferedOutputStream(socket.getOutputStream(), 4096);
                in = new BufferedInputStream(socket.getInputStream(), 8192);
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String name = header.substring(0, header.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).strip();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {}
                }
            }
            if (chunked) {
                for (long chunk = Long.parseLong(line().split(";")[0].strip(), 16);
                        chunk > 0;
                        chunk = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    skip(chunk);
                    line();
                }
                while (!line().isEmpty()) {} // trailers
            } else if (length > 0) {
                skip(length);
            }
            if (close) {
                close();
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the service closed the connection mid-response");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private void skip(long bytes) throws IOException {
            in.skipNBytes(bytes);
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    /**
     * pgbench on the same PostgreSQL and database, the same number of clients, the service's statements in one
     * transaction: count who may be given a task, draw one of them, give them the task in the statement that picks
     * and share-locks them, write its Task.Created and Task.Assigned outbox rows in one statement, commit.
     */
    private static Run pgbench() throws Exception {
        Postgres postgres = TestInfrastructure.get().postgres();
        Path dir = Files.createTempDirectory("tasks-pgbench");
        Path script = dir.resolve("create-task.sql");
        String assignable = "NOT deleted AND enabled AND role IN ('WORKER', 'ACCOUNTANT')";
        Files.writeString(script, """
                BEGIN;
                SELECT count(*) AS candidates FROM account WHERE %1$s \\gset
                \\set k random(0, :candidates - 1)
                WITH chosen AS (SELECT id, username FROM account WHERE id = (SELECT id FROM account WHERE %1$s ORDER BY id OFFSET :k LIMIT 1) AND %1$s FOR SHARE), created AS (INSERT INTO task (id, title, jira_id, description, status, assignee_id, created_at) SELECT gen_random_uuid(), 'Benchmark task', 'UBERPOP-42', 'created by pgbench', 'OPEN', chosen.id, now() FROM chosen RETURNING id, assignee_id, created_at) SELECT created.id AS task, chosen.id AS assignee, chosen.username AS username, created.created_at AS at, gen_random_uuid() AS created, gen_random_uuid() AS assigned FROM chosen JOIN created ON created.assignee_id = chosen.id \\gset
                INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, timestamp, payload, eventversion) VALUES (:created, 'tasks-stream', :task, 'Task.Created', :at, jsonb_build_object('eventId', :created::text, 'eventName', 'Task.Created', 'eventVersion', 2, 'eventTime', :at::text, 'producer', 'tasks', 'data', jsonb_build_object('taskId', :task::text, 'title', 'Benchmark task', 'jiraId', 'UBERPOP-42', 'description', 'created by pgbench', 'createdAt', :at::text)), 2), (:assigned, 'tasks-lifecycle', :task, 'Task.Assigned', :at, jsonb_build_object('eventId', :assigned::text, 'eventName', 'Task.Assigned', 'eventVersion', 2, 'eventTime', :at::text, 'producer', 'tasks', 'data', jsonb_build_object('taskId', :task::text, 'assigneeId', :assignee::text, 'assignedAt', :at::text, 'previousAssigneeId', NULL, 'reason', 'created')), 2);
                END;
                """.formatted(assignable));
        runPgbench(postgres, dir, script, WARM_UP, false);
        CpuMeter cpuMeter = CpuMeter.start(postgresDataDir());
        String output = runPgbench(postgres, dir, script, MEASURE, true);
        CpuMeter.Use cpu = cpuMeter.stop();
        Matcher transactions = Pattern.compile("number of transactions actually processed: (\\d+)")
                .matcher(output);
        Matcher failed =
                Pattern.compile("number of failed transactions: (\\d+)").matcher(output);
        assertThat(transactions.find()).as(output).isTrue();
        long[] latencies;
        try (Stream<Path> logs = Files.list(dir)) {
            // per-transaction log lines: client_id transaction_no time_us script_no time_epoch time_us_epoch
            latencies = logs.filter(p -> p.getFileName().toString().startsWith("pgbench_log"))
                    .flatMap(TasksBenchmarkTest::lines)
                    .mapToLong(line -> Long.parseLong(line.split(" ")[2]))
                    .toArray();
        }
        return new Run(
                "pgbench, same writes",
                Long.parseLong(transactions.group(1)),
                failed.find() ? Long.parseLong(failed.group(1)) : 0,
                MEASURE,
                latencies,
                cpu,
                0,
                0);
    }

    private static Path postgresDataDir() {
        return TestInfrastructure.get().postgres().dataDir();
    }

    private static String runPgbench(Postgres postgres, Path dir, Path script, Duration duration, boolean log)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                PGBENCH.toString(),
                "-h",
                "localhost",
                "-p",
                Integer.toString(postgres.port()),
                "-U",
                Postgres.USER,
                "-n",
                "-M",
                "prepared",
                "-c",
                Integer.toString(CONCURRENCY),
                "-j",
                "2",
                "-T",
                Long.toString(duration.toSeconds()),
                "-f",
                script.toString()));
        if (log) {
            command.add("-l");
        }
        command.add("tasks");
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", Postgres.PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        System.out.println(output);
        return output;
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

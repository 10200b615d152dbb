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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * with pgbench when it runs, PostgreSQL, the whole machine). Results are printed (the lines starting with
 * {@code BENCHMARK} sum them up) and written to target/benchmarks/tasks.md and target/benchmark-tasks.txt.
 */
@QuarkusTest
@Tag("benchmark")
@TestProfile(TasksBenchmarkTest.Production.class)
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TasksBenchmarkTest {

    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 15));
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

    /** One load run: how many transactions, over how long, and their latencies. */
    record Run(String what, long count, long errors, Duration elapsed, long[] latenciesMicros, CpuMeter.Use cpu) {

        /** CPU milliseconds per transaction: the client side (JVM or pgbench) and PostgreSQL. */
        double clientCpuMillis() {
            return cpu.jvmMillisPer(count);
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
        Run pgbench = pgbench(new TestDatabase(dataSource).candidates().size());
        REPORT.add("### Task creation: the service over HTTP vs pgbench, concurrency " + CONCURRENCY);
        REPORT.add("");
        REPORT.add("| run | transactions | errors | per second | p50 ms | p99 ms | max ms | client CPU ms/tx "
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
                http.cpu().perEvent(http.count()).replace("per event", "per task"),
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

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static double reassign(int open) {
        long start = System.nanoTime();
        as("manager").post("/api/tasks/reassign").then().statusCode(200).body("reassigned", equalTo(open));
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@link #CONCURRENCY} clients, each creating tasks one after another for {@code duration}. */
    private static Run load(String what, Duration duration) throws Exception {
        String token = KeycloakTokens.fetch(TestInfrastructure.get().keycloak().issuer(), "popug1", "popug1");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        URI uri = URI.create("http://localhost:" + RestAssured.port + "/api/tasks");
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        CpuMeter cpuMeter = CpuMeter.start(postgresDataDir());
        long start = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        long[] errors = new long[CONCURRENCY];
        for (int c = 0; c < CONCURRENCY; c++) {
            int clientNumber = c;
            results.add(clients.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"title":"Benchmark task %d-%d","jiraId":"UBERPOP-%d",\
                                    "description":"created by the benchmark"}""".formatted(clientNumber, n, n)))
                            .build();
                    long sent = System.nanoTime();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    long micros = (System.nanoTime() - sent) / 1000;
                    if (response.statusCode() != 201) {
                        errors[clientNumber]++;
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = micros;
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
        clients.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
        return new Run(what, latencies.length, Arrays.stream(errors).sum(), elapsed, latencies, cpu);
    }

    /**
     * pgbench on the same PostgreSQL and database, the same number of clients, the service's writes: read the
     * candidates, insert the task and its Task.Created and Task.Assigned outbox rows, commit.
     */
    private static Run pgbench(int candidates) throws Exception {
        Postgres postgres = TestInfrastructure.get().postgres();
        Path dir = Files.createTempDirectory("tasks-pgbench");
        Path script = dir.resolve("create-task.sql");
        Files.writeString(script, """
                \\set k random(0, %d)
                BEGIN;
                SELECT id AS assignee, gen_random_uuid() AS task, gen_random_uuid() AS created, gen_random_uuid() AS assigned, now() AS at FROM account WHERE NOT deleted AND enabled AND role IN ('WORKER', 'ACCOUNTANT') ORDER BY id OFFSET :k LIMIT 1 FOR SHARE \\gset
                INSERT INTO task (id, title, jira_id, description, status, assignee_id, created_at) VALUES (:task, 'Benchmark task', 'UBERPOP-42', 'created by pgbench', 'OPEN', :assignee, :at);
                INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, timestamp, payload, eventversion) VALUES (:created, 'tasks-stream', :task, 'Task.Created', :at, jsonb_build_object('eventId', :created::text, 'eventName', 'Task.Created', 'eventVersion', 2, 'eventTime', :at::text, 'producer', 'tasks', 'data', jsonb_build_object('taskId', :task::text, 'title', 'Benchmark task', 'jiraId', 'UBERPOP-42', 'description', 'created by pgbench', 'createdAt', :at::text)), 2);
                INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, timestamp, payload, eventversion) VALUES (:assigned, 'tasks-lifecycle', :task, 'Task.Assigned', :at, jsonb_build_object('eventId', :assigned::text, 'eventName', 'Task.Assigned', 'eventVersion', 2, 'eventTime', :at::text, 'producer', 'tasks', 'data', jsonb_build_object('taskId', :task::text, 'assigneeId', :assignee::text, 'assignedAt', :at::text, 'previousAssigneeId', NULL, 'reason', 'created')), 2);
                END;
                """.formatted(candidates - 1));
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
                cpu);
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

package com.uberpopug.ates.analytics;

import static com.uberpopug.ates.analytics.support.Events.balance;
import static com.uberpopug.ates.analytics.support.Events.fee;
import static com.uberpopug.ates.analytics.support.Events.reward;
import static com.uberpopug.ates.analytics.support.Events.taskAssigned;
import static com.uberpopug.ates.analytics.support.Events.taskCompleted;
import static com.uberpopug.ates.analytics.support.Events.taskCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.analytics.calendar.DateRange;
import com.uberpopug.ates.analytics.calendar.ReportingPeriod;
import com.uberpopug.ates.analytics.report.Figures;
import com.uberpopug.ates.analytics.support.Events.Event;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.CpuMeter;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PausedConsumers;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Analytics measured, not tested (docs/benchmarks.md): the p99 of each query over a year of data (≈ 1M ledger entries
 * written straight into the read-model tables with generate_series), then how many events per second the consumers
 * apply through the Inbox from the real Kafka (the topics filled first, with the consumers paused; a first round of
 * the same size warms the JVM up, the second is measured). Goals: each query's p99 over HTTP < 50 ms, ≥ 5,000
 * events/s applied; each figure comes with the CPU it cost per request or event (this JVM, PostgreSQL, the whole
 * machine). Excluded from the normal run; run it with {@code ./ates bench analytics} or {@code ./mvnw -B -pl
 * analytics -am verify -DskipITs -Dbenchmarks.excluded=none -Dgroups=benchmark -Dtest=AnalyticsBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.event-tasks=N}, {@code -Dbench.warmup-event-tasks=N} to
 * change the rounds' sizes). Results go to the console (the lines starting with {@code BENCHMARK}) and to
 * {@code analytics/target/benchmark-analytics.txt}.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsBenchmark {

    static final LocalDate LAST_DAY = LocalDate.parse("2026-03-03");
    static final LocalDate FIRST_DAY = LAST_DAY.minusDays(364);
    static final int TASKS_PER_DAY = Integer.getInteger("bench.tasks-per-day", 1000);
    static final int REQUESTS = Integer.getInteger("bench.requests", 1000);
    static final int EVENT_TASKS = Integer.getInteger("bench.event-tasks", 3000);
    static final int WARM_UP_EVENT_TASKS = Integer.getInteger("bench.warmup-event-tasks", EVENT_TASKS);

    @TestHTTPResource("/")
    URL root;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    Figures figures;

    @Inject
    KafkaClientService kafka;

    @Test
    @Order(1)
    void queriesOverAYearOfData() throws Exception {
        clock.set(LAST_DAY + "T12:00:00Z");
        long started = System.nanoTime();
        Map<String, Long> rows = generateAYear();
        report("## Queries over a year of data\n\nGenerated in %.1f s: %s"
                .formatted((System.nanoTime() - started) / 1e9, rows));
        assertThat(rows.get("ledger_transaction")).isGreaterThan(900_000L);

        LocalDate day = LocalDate.parse("2026-02-11");
        DateRange month = DateRange.endingWith(LAST_DAY, 30);
        DateRange year = new DateRange(LocalDate.parse("2025-03-03"), LAST_DAY);
        List<Supplier<Object>> calls = List.of(
                figures::today,
                () -> figures.mostExpensiveTask(ReportingPeriod.DAY, day),
                () -> figures.mostExpensiveTask(ReportingPeriod.WEEK, day),
                () -> figures.mostExpensiveTask(ReportingPeriod.MONTH, day),
                () -> figures.mostExpensiveTaskPerDay(month),
                () -> figures.mostExpensiveTaskPerDay(year),
                () -> figures.mostExpensiveTask("range", new DateRange(FIRST_DAY, LAST_DAY)),
                () -> figures.days(month),
                () -> figures.days(year));
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("today", "/api/analytics/today");
        queries.put("most expensive, day", "/api/analytics/most-expensive-task?period=day&date=2026-02-11");
        queries.put("most expensive, week", "/api/analytics/most-expensive-task?period=week&date=2026-02-11");
        queries.put("most expensive, month", "/api/analytics/most-expensive-task?period=month&date=2026-02-11");
        queries.put("most expensive per day, 30 days", "/api/analytics/most-expensive-task/daily");
        queries.put(
                "most expensive per day, 366 days",
                "/api/analytics/most-expensive-task/daily?from=2025-03-03&to=2026-03-03");
        queries.put(
                "most expensive of a year (range)",
                "/api/analytics/most-expensive-task/range?from=2025-03-04&to=2026-03-03");
        queries.put("days (earnings + negative count), 30 days", "/api/analytics/days");
        queries.put("days, 366 days", "/api/analytics/days?from=2025-03-03&to=2026-03-03");

        HttpClient http = HttpClient.newHttpClient();
        StringBuilder table = new StringBuilder("| query | HTTP p50 ms | HTTP p99 ms | HTTP max ms "
                + "| in-process p50 ms | in-process p99 ms |\n|---|---:|---:|---:|---:|---:|\n");
        List<String> results = new ArrayList<>();
        int q = 0;
        for (Map.Entry<String, String> query : queries.entrySet()) {
            Supplier<Object> direct = calls.get(q++);
            for (int i = 0; i < REQUESTS / 5; i++) {
                direct.get();
            }
            double[] inProcess = new double[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                long t0 = System.nanoTime();
                direct.get();
                inProcess[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(inProcess);
            URI uri = URI.create(root.toString().replaceAll("/$", "") + query.getValue());
            for (int i = 0; i < REQUESTS / 5; i++) {
                call(http, uri); // warm-up: JIT, plans, caches
            }
            double[] millis = new double[REQUESTS];
            CpuMeter cpu = CpuMeter.start(TestInfrastructure.get().postgres().dataDir());
            for (int i = 0; i < REQUESTS; i++) {
                long t0 = System.nanoTime();
                call(http, uri);
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
            CpuMeter.Use used = cpu.stop();
            Arrays.sort(millis);
            double p99 = percentile(millis, 99);
            results.add(
                    "BENCHMARK analytics query %s: HTTP p99 %.2f ms, p50 %.2f ms, %.0f requests/s (goal p99 < 50 ms: %s); %s"
                            .formatted(
                                    query.getKey(),
                                    p99,
                                    percentile(millis, 50),
                                    REQUESTS / used.wallSeconds(),
                                    p99 < 50 ? "met" : "NOT met",
                                    used.perEvent(REQUESTS).replace("per event", "per request")));
            table.append("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n"
                    .formatted(
                            query.getKey(),
                            percentile(millis, 50),
                            percentile(millis, 99),
                            millis[millis.length - 1],
                            percentile(inProcess, 50),
                            percentile(inProcess, 99)));
        }
        report(REQUESTS + " sequential requests per query (after " + REQUESTS / 5 + " to warm up) through HTTP "
                + "with the admin's bearer token, and as many calls of the same query straight on the Figures bean "
                + "(SQL and mapping, no HTTP, security or JSON). " + load() + "\n\n" + table + "\n"
                + String.join("\n", results));
    }

    @Test
    @Order(2)
    void eventsAppliedPerSecond() throws Exception {
        // the same work twice: first while the JIT still compiles the consumers' hot paths (the queries before
        // warmed up other code), then the measured round, as a service that has been running applies a burst
        Round cold = applyRound(WARM_UP_EVENT_TASKS);
        Round warm = applyRound(EVENT_TASKS);
        report(String.format(
                "## Events applied per second%n%nPer round, tasks × Task.Created, Task.Assigned, FEE, BalanceChanged, "
                        + "Task.Completed, REWARD, BalanceChanged, produced with the consumers paused, then timed "
                        + "from resuming them to the last event applied by the five consumers, with a year of data in "
                        + "the tables. Warm-up, %d tasks: %s. Measured, %d tasks: %s. %s",
                WARM_UP_EVENT_TASKS, cold, EVENT_TASKS, warm, load()));
        report(
                "BENCHMARK analytics applies: %,.0f events/s (goal >= 5,000: %s); %s; cold first round: %,.0f events/s, %s"
                        .formatted(
                                warm.perSecond(),
                                warm.perSecond() >= 5_000 ? "met" : "NOT met",
                                warm.cpu().perEvent(warm.events()),
                                cold.perSecond(),
                                cold.cpu().perEvent(cold.events()).replace("CPU per event: ", "")));
    }

    /** One round of {@link #eventsAppliedPerSecond}: what it sent and in what time and for what CPU it was applied. */
    private record Round(int events, double sentSeconds, double applySeconds, CpuMeter.Use cpu) {

        double perSecond() {
            return events / applySeconds;
        }

        @Override
        public String toString() {
            return "%d events produced in %.1f s, all applied %.1f s after the consumers resumed: **%,.0f events/s**"
                    .formatted(events, sentSeconds, applySeconds, perSecond());
        }
    }

    private Round applyRound(int tasks) throws Exception {
        List<Event> events = new ArrayList<>();
        Instant at = Instant.parse("2026-03-03T08:00:00Z");
        LocalDate date = LAST_DAY;
        for (int i = 0; i < tasks; i++) {
            UUID task = UUID.randomUUID();
            String account = "acc-" + (i % 1000);
            Instant t = at.plusMillis(i);
            events.add(taskCreated(task, "Task " + i, "UBERPOP-" + i, t));
            events.add(taskAssigned(task, account, t));
            events.add(fee(account, task, "15.00", date, t));
            events.add(balance(account, "-15.00", t));
            events.add(taskCompleted(task, account, t.plusSeconds(60)));
            events.add(reward(account, task, "30.00", date, t.plusSeconds(60)));
            events.add(balance(account, "15.00", t.plusSeconds(60)));
        }
        long before = processedCount();
        // the topics are filled while the consumers are paused, so that what is timed and metered is the applying
        // alone: a producer in this JVM sending at the same time took 10-20 % of its CPU samples from the consumers
        PausedConsumers consumers = PausedConsumers.all(kafka, Duration.ofSeconds(60));
        long produceStarted = System.nanoTime();
        KafkaTopics.sendAll(events.stream()
                .map(event -> new ProducerRecord<>(event.topic(), event.key(), event.json()))
                .toList());
        double producedSeconds = (System.nanoTime() - produceStarted) / 1e9;
        long appliedWhilePaused = processedCount() - before;
        CpuMeter cpu = CpuMeter.start(TestInfrastructure.get().postgres().dataDir());
        long started = System.nanoTime();
        consumers.resume();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long applied;
        while ((applied = processedCount() - before) < events.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Use used = cpu.stop();
        assertThat(applied).isEqualTo(events.size());
        assertThat(appliedWhilePaused)
                .as("events applied while the consumers were paused")
                .isZero();
        return new Round(events.size(), producedSeconds, seconds, used);
    }

    /** A year in the read models, as the projections would have left it; returns the row counts. */
    private Map<String, Long> generateAYear() throws SQLException {
        String days = "generate_series(DATE '" + FIRST_DAY + "', DATE '" + LAST_DAY + "', interval '1 day')";
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(
                    "TRUNCATE account, account_balance, account_balance_day, task, ledger_transaction, daily_earnings, "
                            + "daily_top_reward, daily_negative_balance, billing_day, payout");
            sql.execute("CREATE TEMP TABLE bench_task AS SELECT gen_random_uuid() AS id, CAST(d AS date) AS day, n, "
                    + "CAST(10 + floor(random() * 11) AS numeric(14,2)) AS fee, "
                    + "CAST(20 + floor(random() * 21) AS numeric(14,2)) AS reward, "
                    + "'acc-' || CAST(floor(random() * 1000) AS int) AS account "
                    + "FROM " + days + " d, generate_series(1, " + TASKS_PER_DAY + ") n");
            sql.execute("INSERT INTO task (id, title, jira_id, details_at, status, assignee_id, assigned_at, "
                    + "completed_by, completed_at) SELECT id, 'Task ' || n || ' of ' || day, 'UBERPOP-' || n, "
                    + "day + time '08:00', 'DONE', account, day + time '08:00', account, "
                    + "day + time '09:00' + n * interval '1 second' FROM bench_task");
            // a FEE per task, a second FEE for every other one (reassigned), a REWARD per task
            sql.execute(
                    "INSERT INTO ledger_transaction (id, account_id, type, amount, task_id, billing_date, applied_at) "
                            + "SELECT gen_random_uuid(), account, 'FEE', -fee, id, day, day + time '08:00' + n * interval '1 second' "
                            + "FROM bench_task");
            sql.execute(
                    "INSERT INTO ledger_transaction (id, account_id, type, amount, task_id, billing_date, applied_at) "
                            + "SELECT gen_random_uuid(), account, 'FEE', -fee, id, day, day + time '08:30' + n * interval '1 second' "
                            + "FROM bench_task WHERE n % 2 = 0");
            sql.execute(
                    "INSERT INTO ledger_transaction (id, account_id, type, amount, task_id, billing_date, applied_at) "
                            + "SELECT gen_random_uuid(), account, 'REWARD', reward, id, day, day + time '09:00' + n * interval '1 second' "
                            + "FROM bench_task");
            // a quarter of the thousand accounts paid out at the end of each day
            sql.execute(
                    "INSERT INTO ledger_transaction (id, account_id, type, amount, task_id, billing_date, applied_at) "
                            + "SELECT gen_random_uuid(), 'acc-' || a, 'PAYOUT', -CAST(1 + floor(random() * 100) AS numeric(14,2)), "
                            + "NULL, CAST(d AS date), d + time '23:59:59' FROM " + days
                            + " d, generate_series(1, 240) a");
            sql.execute("INSERT INTO daily_earnings (billing_date, fees, rewards, payouts) SELECT billing_date, "
                    + "coalesce(sum(-amount) FILTER (WHERE type = 'FEE'), 0), "
                    + "coalesce(sum(amount) FILTER (WHERE type = 'REWARD'), 0), "
                    + "coalesce(sum(-amount) FILTER (WHERE type = 'PAYOUT'), 0) "
                    + "FROM ledger_transaction GROUP BY billing_date");
            sql.execute(
                    "INSERT INTO daily_top_reward (billing_date, transaction_id, task_id, reward, applied_at) "
                            + "SELECT DISTINCT ON (billing_date) billing_date, id, task_id, amount, applied_at "
                            + "FROM ledger_transaction WHERE type = 'REWARD' ORDER BY billing_date, amount DESC, applied_at, id");
            sql.execute("INSERT INTO account_balance (account_id, balance, changed_at) SELECT 'acc-' || a, "
                    + "CAST(random() * 200 - 100 AS numeric(14,2)), now() FROM generate_series(0, 999) a");
            sql.execute("INSERT INTO daily_negative_balance (day, negative_count, recorded_at) "
                    + "SELECT CAST(d AS date), CAST(floor(random() * 500) AS int), now() FROM " + days + " d");
            sql.execute("DROP TABLE bench_task");
            sql.execute("ANALYZE");
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : List.of(
                    "ledger_transaction",
                    "task",
                    "daily_earnings",
                    "daily_top_reward",
                    "account_balance",
                    "daily_negative_balance")) {
                try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            return counts;
        }
    }

    private long processedCount() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT count(*) FROM processed_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void call(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + KeycloakTokens.accessToken("admin"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The machine's load while measuring: other processes make the tail slower. */
    private static String load() throws IOException {
        String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return "Load average at the end (1/5/15 min, " + Runtime.getRuntime().availableProcessors() + " cores): "
                + avg[0] + " " + avg[1] + " " + avg[2] + ".";
    }

    private static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void report(String text) throws IOException {
        System.out.println(text);
        Path file = Path.of("target/benchmark-analytics.txt");
        Files.writeString(
                file,
                text + System.lineSeparator() + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}

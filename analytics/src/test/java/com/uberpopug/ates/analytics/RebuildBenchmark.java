package com.uberpopug.ates.analytics;

import static com.uberpopug.ates.analytics.support.Events.balance;
import static com.uberpopug.ates.analytics.support.Events.billingDayClosed;
import static com.uberpopug.ates.analytics.support.Events.fee;
import static com.uberpopug.ates.analytics.support.Events.reward;
import static com.uberpopug.ates.analytics.support.Events.taskAssigned;
import static com.uberpopug.ates.analytics.support.Events.taskCompleted;
import static com.uberpopug.ates.analytics.support.Events.taskCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.analytics.support.Events.Event;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.CpuMeter;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rebuild of analytics' read model from Kafka, measured (docs/benchmarks.md): a year of events (≥ 1,000,000 by
 * default: per task Task.Created, Task.Assigned, a FEE, a balance change, Task.Completed, a REWARD, a balance change;
 * a closed billing day per day) produced straight to the topics in the envelope Debezium writes, applied live, then
 * the read model rebuilt from the beginning of every topic. Prints events/s and the CPU per event of this JVM (the
 * service), of PostgreSQL and of the whole machine (Kafka included), for the live apply and for the rebuild. There
 * is no number to meet: the goal is a rebuild time that can be planned, which these figures give. Excluded from the
 * normal run; run it with {@code ./ates bench rebuild} or
 * {@code ./mvnw -B -pl analytics -am verify -DskipITs -Dbenchmarks.excluded=none -Dgroups=benchmark
 * -Dtest=RebuildBenchmark -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.rebuild-events=200000} for a
 * smaller one; {@code -Dbench.catch-up-minutes} and {@code -Dbench.rebuild-minutes} bound the two waits, 60 each).
 * Results go to the console (the lines starting with {@code BENCHMARK}) and to
 * {@code analytics/target/benchmark-rebuild.txt}.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class RebuildBenchmark {

    static final int EVENTS = Integer.getInteger("bench.rebuild-events", 1_000_000);
    static final int ACCOUNTS = 1000;
    static final LocalDate FIRST_DAY = LocalDate.parse("2030-01-01");
    static final Duration CATCH_UP = Duration.ofMinutes(Long.getLong("bench.catch-up-minutes", 60));
    static final Duration REBUILD = Duration.ofMinutes(Long.getLong("bench.rebuild-minutes", 60));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @Test
    void rebuildingAYearOfEventsFromKafka() throws Exception {
        clock.set(FIRST_DAY.plusDays(364) + "T20:00:00Z");
        admin().post("/api/admin/rebuild").then().statusCode(202); // start from the topics as they are
        awaitDone();

        CpuMeter liveCpu = CpuMeter.start(postgresDataDir());
        long sendStarted = System.nanoTime();
        long produced = produceAYear();
        double sendSeconds = (System.nanoTime() - sendStarted) / 1e9;
        long total = endOffsets();
        report("## Rebuild from Kafka\n\n%,d events produced in %.1f s (%,d on the topics in all)."
                .formatted(produced, sendSeconds, total));

        long liveStarted = System.nanoTime();
        long liveDeadline = liveStarted + CATCH_UP.toNanos();
        long applied;
        while ((applied = processed()) < total && System.nanoTime() < liveDeadline) {
            Thread.sleep(1000); // a benchmark's sampling interval, not a wait for a condition under test
        }
        double liveSeconds = (System.nanoTime() - liveStarted) / 1e9;
        CpuMeter.Use live = liveCpu.stop();
        report(
                applied >= total
                        ? "Applied live in %.1f s from the producer's first record: %.0f events/s."
                                .formatted(liveSeconds + sendSeconds, total / (liveSeconds + sendSeconds))
                        : "Live apply stopped waiting after %.0f s at %,d of %,d events (%.0f events/s); the rebuild starts "
                                        .formatted(
                                                liveSeconds + sendSeconds,
                                                applied,
                                                total,
                                                applied / (liveSeconds + sendSeconds))
                                + "from there.");
        long liveApplied = Math.max(1, applied - (total - produced)); // the year's events, not the ones before
        report("BENCHMARK analytics rebuild, live apply: %,d of %,d events at %,.0f events/s (no goal of its own); %s"
                .formatted(
                        liveApplied, produced, liveApplied / (liveSeconds + sendSeconds), live.perEvent(liveApplied)));
        String days = "/api/analytics/days?from=" + FIRST_DAY + "&to=" + FIRST_DAY.plusDays(364);
        String before = applied >= total ? admin().get(days).asString() : null;

        CpuMeter cpu = CpuMeter.start(postgresDataDir());
        long started = System.nanoTime();
        admin().post("/api/admin/rebuild").then().statusCode(202);
        long deadline = started + REBUILD.toNanos();
        String state;
        while (!"DONE"
                        .equals(
                                state = admin().get("/api/admin/rebuild")
                                        .jsonPath()
                                        .getString("state"))
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Use used = cpu.stop();
        long replayed = admin().get("/api/admin/rebuild").jsonPath().getLong("eventsReplayed");
        report(String.format(
                "Rebuild (%s): **%,d of %,d events replayed in %.1f s = %.0f events/s**; CPU per event: **%.0f µs in "
                        + "the service's JVM**, %.0f µs in PostgreSQL, %.0f µs on the whole machine (PostgreSQL, "
                        + "Kafka, and whatever else ran); load average %s.%n",
                state,
                replayed,
                total,
                seconds,
                replayed / seconds,
                used.jvmMillisPer(Math.max(1, replayed)) * 1000,
                used.postgresMillisPer(Math.max(1, replayed)) * 1000,
                used.machineMillisPer(Math.max(1, replayed)) * 1000,
                load()));
        report(String.format(
                "BENCHMARK analytics rebuild: %,d of %,d events replayed in %.1f s, %,.0f events/s (%s; goal: a "
                        + "time that can be planned, no number); %s",
                replayed, total, seconds, replayed / seconds, state, used.perEvent(Math.max(1, replayed))));
        assertThat(state).isEqualTo("DONE");
        assertThat(replayed).isEqualTo(total);
        if (before != null) {
            assertThat(admin().get(days).asString()).isEqualTo(before);
        }
    }

    /** A year of a thousand accounts' tasks, 7 events a task, and a closed billing day per day. */
    private long produceAYear() {
        int tasks = (EVENTS - 365) / 7 + 1;
        Map<String, Long> sequences = new HashMap<>();
        Map<String, Long> balances = new HashMap<>();
        long sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.get().kafka().bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        "20",
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        "262144"),
                new StringSerializer(),
                new StringSerializer())) {
            for (int day = 0; day < 365; day++) {
                LocalDate date = FIRST_DAY.plusDays(day);
                int from = (int) ((long) tasks * day / 365);
                int to = (int) ((long) tasks * (day + 1) / 365);
                for (int i = from; i < to; i++) {
                    UUID task = UUID.randomUUID();
                    String account = "bench-acc-" + (i % ACCOUNTS);
                    Instant t = Instant.parse(date + "T08:00:00Z").plusMillis(i - from);
                    long fee = 10 + i % 11;
                    long reward = 20 + i % 21;
                    List<Event> events = List.of(
                            taskCreated(task, "Task " + i, "UBERPOP-" + i, t),
                            taskAssigned(task, account, t),
                            fee(account, task, fee + ".00", date, t),
                            balanceAfter(account, -fee, sequences, balances, t),
                            taskCompleted(task, account, t.plusSeconds(3600)),
                            reward(account, task, reward + ".00", date, t.plusSeconds(3600)),
                            balanceAfter(account, reward, sequences, balances, t.plusSeconds(3600)));
                    for (Event event : events) {
                        producer.send(new ProducerRecord<>(event.topic(), event.key(), event.json()));
                        sent++;
                    }
                }
                Event closed = billingDayClosed(date, 0, "0.00", Instant.parse(date + "T23:59:59Z"));
                producer.send(new ProducerRecord<>(closed.topic(), closed.key(), closed.json()));
                sent++;
            }
        }
        return sent;
    }

    private static Event balanceAfter(
            String account, long change, Map<String, Long> sequences, Map<String, Long> balances, Instant at) {
        long balance = balances.merge(account, change, Long::sum);
        long sequence = sequences.merge(account, 1L, Long::sum);
        return balance(account, balance + ".00", sequence, at);
    }

    /** Every record on analytics' topics: what the rebuild replays. */
    private long endOffsets() throws Exception {
        try (var admin = TestInfrastructure.get().kafka().admin()) {
            List<String> topics = List.of(
                    "accounts-stream", "tasks-stream", "tasks-lifecycle", "billing-stream", "billing-lifecycle");
            var partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()
                            .map(p -> new org.apache.kafka.common.TopicPartition(d.name(), p.partition())))
                    .toList();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new HashMap<>();
            partitions.forEach(p -> latest.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    /** Events applied since the last rebuild emptied the inbox's record (every record here is a distinct event). */
    private long processed() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM processed_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void awaitDone() {
        await().atMost(REBUILD)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> "DONE"
                        .equals(admin().get("/api/admin/rebuild").jsonPath().getString("state")));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(KeycloakTokens.accessToken("admin"));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void report(String text) throws IOException {
        System.out.println(text);
        Files.writeString(
                Path.of("target/benchmark-rebuild.txt"),
                text + "\n\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static Path postgresDataDir() {
        return TestInfrastructure.get().postgres().dataDir();
    }
}

package com.uberpopug.ates.platform;

import com.uberpopug.ates.devstack.DebeziumServer;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The event pipeline measured, not tested: a service's transactions write task rows with their outbox rows, the real
 * Debezium Server carries them to the real Kafka, the test application's consumer applies each through the inbox
 * (schema validation, idempotency record and effect in one transaction). Excluded from the normal run; run it with
 * {@code ./mvnw -B -pl platform verify -Dbenchmarks.excluded=none -Dgroups=benchmark -Dtest=PipelineBenchmark}. Results
 * go to the console and to {@code platform/target/benchmark-pipeline.txt}.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineBenchmark {

    private static final int THROUGHPUT_EVENTS = Integer.getInteger("bench.events", 20_000);
    private static final int WRITERS = Integer.getInteger("bench.writers", 4);
    private static final int LATENCY_RATE = Integer.getInteger("bench.rate", 500);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.seconds", 20);
    private static DebeziumServer debezium;

    @Inject
    TestTasks tasks;

    @Inject
    EntityManager entityManager;

    @BeforeAll
    static void startDebezium() {
        debezium = TestInfrastructure.get().debezium("platform");
        debezium.start();
    }

    @AfterAll
    static void stopDebezium() {
        if (debezium != null) {
            debezium.stop();
        }
    }

    @Test
    @Order(1)
    void warmUp() throws Exception {
        List<UUID> ids = write(2_000, WRITERS, 0);
        awaitApplied(ids, Duration.ofMinutes(2));
    }

    @Test
    @Order(2)
    void throughput() throws Exception {
        long start = System.nanoTime();
        List<UUID> ids = write(THROUGHPUT_EVENTS, WRITERS, 0);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        awaitApplied(ids, Duration.ofMinutes(5));
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        report(String.format(
                "throughput: %d events, %d writer threads; committed in %.1f s (%.0f/s); "
                        + "all applied by the consumer after %.1f s: %.0f events/s end to end",
                THROUGHPUT_EVENTS,
                WRITERS,
                writeSeconds,
                THROUGHPUT_EVENTS / writeSeconds,
                totalSeconds,
                THROUGHPUT_EVENTS / totalSeconds));
    }

    @Test
    @Order(3)
    void latencyAtAFixedRate() throws Exception {
        int total = LATENCY_RATE * LATENCY_SECONDS;
        Map<UUID, Instant> committed = new ConcurrentHashMap<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / LATENCY_RATE;
        long next = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += interval;
            UUID id = UUID.randomUUID();
            pending.add(pool.submit(() -> {
                tasks.create(id, "latency", null, false);
                committed.put(id, Instant.now());
            }));
        }
        for (Future<?> future : pending) {
            future.get();
        }
        pool.shutdown();
        awaitApplied(new ArrayList<>(committed.keySet()), Duration.ofMinutes(2));
        Map<UUID, Instant> applied = appliedAt(committed.keySet());
        long[] micros = committed.entrySet().stream()
                .mapToLong(e ->
                        Duration.between(e.getValue(), applied.get(e.getKey())).toNanos() / 1_000)
                .sorted()
                .toArray();
        report(String.format(
                "latency at %d events/s for %d s (%d events), commit to applied by the consumer: "
                        + "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                LATENCY_RATE,
                LATENCY_SECONDS,
                total,
                percentile(micros, 50),
                percentile(micros, 95),
                percentile(micros, 99),
                micros[micros.length - 1] / 1000.0));
    }

    private List<UUID> write(int count, int threads, long pauseNanos) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<UUID> ids = new ArrayList<>(count);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = count / threads + (t < count % threads ? 1 : 0);
            List<UUID> mine = new ArrayList<>(share);
            for (int i = 0; i < share; i++) {
                mine.add(UUID.randomUUID());
            }
            ids.addAll(mine);
            futures.add(pool.submit(() -> mine.forEach(id -> tasks.create(id, "bench", null, false))));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return ids;
    }

    private void awaitApplied(List<UUID> ids, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (appliedCount(ids) < ids.size()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("only " + appliedCount(ids) + " of " + ids.size() + " applied");
            }
            Thread.sleep(20);
        }
    }

    @Transactional
    long appliedCount(List<UUID> ids) {
        return ((Number) entityManager
                        .createNativeQuery("SELECT count(*) FROM applied_task WHERE task_id = ANY(:ids)")
                        .setParameter("ids", ids.toArray(UUID[]::new))
                        .getSingleResult())
                .longValue();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    Map<UUID, Instant> appliedAt(java.util.Set<UUID> ids) {
        Map<UUID, Instant> result = new java.util.HashMap<>();
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT task_id, applied_at FROM applied_task WHERE task_id = ANY(:ids)")
                .setParameter("ids", ids.toArray(UUID[]::new))
                .getResultList();
        for (Object[] row : rows) {
            Object at = row[1];
            result.put((UUID) row[0], at instanceof Timestamp ts ? ts.toInstant() : (Instant) at);
        }
        return result;
    }

    private static double percentile(long[] sortedMicros, int p) {
        int index = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, index)] / 1000.0;
    }

    private static void report(String line) throws IOException {
        System.out.println("BENCHMARK " + line);
        Path out = Path.of("target/benchmark-pipeline.txt");
        Files.writeString(
                out,
                Instant.now() + " " + line + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}

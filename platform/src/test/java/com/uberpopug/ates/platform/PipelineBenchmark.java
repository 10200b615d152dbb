package com.uberpopug.ates.platform;

import com.uberpopug.ates.devstack.DebeziumServer;
import com.uberpopug.ates.devstack.testing.CpuMeter;
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
import java.util.Collections;
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
 * Debezium Server carries them to the real Kafka, the test application's consumer applies each poll through the
 * inbox (schema validation, idempotency records and effects in one transaction). Each figure comes with the CPU an
 * event cost ({@link CpuMeter}) and its goal. Excluded from the normal run; run it with
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

    private static final int THROUGHPUT_EVENTS = Integer.getInteger("bench.events", 50_000);
    private static final int WRITERS = Integer.getInteger("bench.writers", 4);
    /** Events each writer commits per transaction in the throughput run: the writers must not be what is measured. */
    private static final int PER_COMMIT = Integer.getInteger("bench.batch", 100);

    private static final int WRITE_PATH_EVENTS = Integer.getInteger("bench.write-path-events", 10_000);
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
        List<UUID> ids = write(2_000, WRITERS, 1);
        awaitApplied(ids, Duration.ofMinutes(2));
        ids = write(10_000, WRITERS, PER_COMMIT);
        awaitApplied(ids, Duration.ofMinutes(2));
    }

    /**
     * The service write path alone, as a service writes: one task row and its event per transaction, from
     * {@code bench.writers} threads. Debezium and the consumer carry them meanwhile.
     */
    @Test
    @Order(2)
    void writePath() throws Exception {
        CpuMeter cpu = CpuMeter.start(postgresDataDir());
        long start = System.nanoTime();
        List<UUID> ids = write(WRITE_PATH_EVENTS, WRITERS, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Use used = cpu.stop();
        awaitApplied(ids, Duration.ofMinutes(5));
        report(String.format(
                "pipeline write path: %d events, one per transaction, %d writer threads: %.0f commits/s; %s",
                WRITE_PATH_EVENTS, WRITERS, WRITE_PATH_EVENTS / seconds, used.perEvent(WRITE_PATH_EVENTS)));
    }

    /**
     * The pipeline's own throughput: writers that commit {@code bench.batch} events at a time outpace it, so the
     * time from the first commit to the last event applied is that of outbox → Debezium Server → Kafka → consumer.
     */
    @Test
    @Order(3)
    void throughput() throws Exception {
        CpuMeter cpu = CpuMeter.start(postgresDataDir());
        long start = System.nanoTime();
        List<UUID> ids = write(THROUGHPUT_EVENTS, WRITERS, PER_COMMIT);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        awaitApplied(ids, Duration.ofMinutes(5));
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Use used = cpu.stop();
        double rate = THROUGHPUT_EVENTS / totalSeconds;
        report(String.format(
                "pipeline throughput: %.0f events/s end to end (goal >= 2,000: %s); %d events from %d writers, %d per "
                        + "commit, committed in %.1f s (%.0f/s), all applied after %.1f s; %s",
                rate,
                rate >= 2_000 ? "met" : "NOT met",
                THROUGHPUT_EVENTS,
                WRITERS,
                PER_COMMIT,
                writeSeconds,
                THROUGHPUT_EVENTS / writeSeconds,
                totalSeconds,
                used.perEvent(THROUGHPUT_EVENTS)));
    }

    @Test
    @Order(4)
    void latencyAtAFixedRate() throws Exception {
        int total = LATENCY_RATE * LATENCY_SECONDS;
        CpuMeter cpu = CpuMeter.start(postgresDataDir());
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
        CpuMeter.Use used = cpu.stop();
        Map<UUID, Instant> applied = appliedAt(committed.keySet());
        long[] micros = committed.entrySet().stream()
                .mapToLong(e ->
                        Duration.between(e.getValue(), applied.get(e.getKey())).toNanos() / 1_000)
                .sorted()
                .toArray();
        double p99 = percentile(micros, 99);
        report(String.format(
                "pipeline latency at %d events/s for %d s (%d events), commit to applied by the consumer: p99 %.1f ms "
                        + "(goal < 150 ms: %s), p50 %.1f ms, p95 %.1f ms, max %.1f ms; %s",
                LATENCY_RATE,
                LATENCY_SECONDS,
                total,
                p99,
                p99 < 150 ? "met" : "NOT met",
                percentile(micros, 50),
                percentile(micros, 95),
                micros[micros.length - 1] / 1000.0,
                used.perEvent(total)));
    }

    /** {@code count} tasks and their events from {@code threads} writers, {@code perCommit} to a transaction. */
    private List<UUID> write(int count, int threads, int perCommit) throws Exception {
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
            futures.add(pool.submit(() -> {
                for (int from = 0; from < mine.size(); from += perCommit) {
                    List<UUID> chunk = mine.subList(from, Math.min(mine.size(), from + perCommit));
                    if (chunk.size() == 1) {
                        tasks.create(chunk.get(0), "bench", null, false);
                    } else {
                        tasks.createAll(chunk, Collections.nCopies(chunk.size(), "bench"));
                    }
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return ids;
    }

    private static Path postgresDataDir() {
        return TestInfrastructure.get().postgres().dataDir();
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
        line = line + "; load average "
                + Files.readString(Path.of("/proc/loadavg")).strip();
        System.out.println("BENCHMARK " + line);
        Path out = Path.of("target/benchmark-pipeline.txt");
        Files.writeString(
                out,
                Instant.now() + " " + line + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}

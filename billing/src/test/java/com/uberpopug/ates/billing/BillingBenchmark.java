package com.uberpopug.ates.billing;

import com.uberpopug.ates.billing.day.BillingDays;
import com.uberpopug.ates.billing.day.DaySummary;
import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Events;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.devstack.testing.CpuMeter;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.PausedConsumers;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Billing measured, not tested: how many events per second its consumers apply from the real Kafka into the real
 * PostgreSQL (goal ≥ 5,000 events/s; the topics filled first, with the consumers paused; a first round of the same
 * size warms the JVM up, the second is measured), and how long closing a day with 10,000 accounts to pay takes (goal
 * < 5 s), each with the CPU it cost per event or payout (this JVM, PostgreSQL, the whole machine). Excluded from the
 * normal run; run it with {@code ./ates bench billing} or {@code ./mvnw -B -pl billing -am verify -DskipITs
 * -Dbenchmarks.excluded=none -Dgroups=benchmark -Dtest=BillingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.tasks=N}, {@code -Dbench.warmup-tasks=N}, {@code -Dbench.accounts=N} to change the sizes). Results
 * go to the console (the lines starting with {@code BENCHMARK}) and to {@code billing/target/benchmark-billing.txt}.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingBenchmark {

    private static final int TASKS = Integer.getInteger("bench.tasks", 10_000);
    private static final int WARM_UP_TASKS = Integer.getInteger("bench.warmup-tasks", TASKS);
    private static final int WORKERS = Integer.getInteger("bench.workers", 200);
    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 10_000);

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    BillingDays days;

    @Inject
    KafkaClientService kafka;

    @Test
    @Order(1)
    void eventsAppliedPerSecond() throws Exception {
        clock.freshDay();
        // the same work twice: first with the service just started, while the JIT still compiles its hot paths
        // (on these two cores the compiler threads took a quarter of the machine during a cold ten-second run),
        // then the measured round, as a service that has been running applies a burst
        Round cold = applyRound(WARM_UP_TASKS);
        Round warm = applyRound(TASKS);
        report("""
                consumer throughput: per round, tasks x Created, Assigned, Completed for %d workers, sent with the \
                consumers paused, then timed and metered from resuming them to the last event applied
                  warm-up, %d tasks, the service just started: %s
                  measured, %d tasks: %s
                BENCHMARK billing applies: %,.0f events/s (goal >= 5,000: %s); %s; cold first round: %,.0f events/s, \
                %s
                """.formatted(
                        WORKERS,
                        WARM_UP_TASKS,
                        cold,
                        TASKS,
                        warm,
                        warm.perSecond(),
                        met(cold.complete() && warm.complete() && warm.perSecond() >= 5_000),
                        warm.cpu().perEvent(warm.applied()),
                        cold.perSecond(),
                        cold.cpu().perEvent(cold.applied()).replace("CPU per event: ", "")));
    }

    /** One round of {@link #eventsAppliedPerSecond}: what it sent, what was applied, in what time, for what CPU. */
    private record Round(
            int events,
            double sentSeconds,
            long appliedWhilePaused,
            long applied,
            long entries,
            double applySeconds,
            double firstToLastSeconds,
            CpuMeter.Use cpu) {

        double perSecond() {
            return applied / applySeconds;
        }

        boolean complete() {
            return applied == events && appliedWhilePaused == 0;
        }

        @Override
        public String toString() {
            return "%d events sent in %.1f s (%d applied meanwhile); %d applied, %d ledger entries, in %.1f s = %,.0f "
                            .formatted(
                                    events,
                                    sentSeconds,
                                    appliedWhilePaused,
                                    applied,
                                    entries,
                                    applySeconds,
                                    perSecond())
                    + "events/s; first to last applying transaction (how rounds before 2026-12-01 counted) %.1f s = %,.0f events/s"
                            .formatted(firstToLastSeconds, applied / firstToLastSeconds);
        }
    }

    private Round applyRound(int tasks) throws Exception {
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(Events.newAccountId());
        }
        // per task: Task.Created on tasks-stream, Task.Assigned and Task.Completed on tasks-lifecycle
        List<Events.Sent> events = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            UUID task = UUID.randomUUID();
            String worker = workers.get(i % WORKERS);
            events.add(Events.taskCreated(task, "Task " + i, "BENCH-" + i));
            events.add(Events.taskAssigned(task, worker));
            events.add(Events.taskCompleted(task, worker));
        }
        UUID[] ids = events.stream().map(Events.Sent::eventId).toArray(UUID[]::new);
        long processedBefore = db.count("SELECT count(*) FROM processed_event");

        // the topics are filled while the consumers are paused, so that what is timed and metered is the applying
        // alone, not a producer in this JVM competing with the consumers for the same cores
        PausedConsumers consumers = PausedConsumers.all(kafka, Duration.ofSeconds(60));
        long produceStarted = System.nanoTime();
        KafkaTopics.sendAll(events.stream()
                .map(event -> new ProducerRecord<>(event.type().topic().topicName(), event.key(), event.json()))
                .toList());
        double sentSeconds = (System.nanoTime() - produceStarted) / 1e9;
        long appliedWhilePaused = db.count("SELECT count(*) FROM processed_event") - processedBefore;

        CpuMeter cpu = CpuMeter.start(TestInfrastructure.get().postgres().dataDir());
        long start = System.nanoTime();
        consumers.resume();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long applied = 0;
        while (System.nanoTime() < deadline) {
            // the cheap count while billing works (looking up 30,000 ids every 200 ms cost this JVM and PostgreSQL
            // more CPU than a tenth of what billing spent), the exact one once it may be done
            if (db.count("SELECT count(*) FROM processed_event") - processedBefore >= ids.length) {
                applied = db.count("SELECT count(*) FROM processed_event WHERE event_id = ANY(?)", (Object) ids);
                if (applied == ids.length) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        if (applied < ids.length) {
            applied = db.count("SELECT count(*) FROM processed_event WHERE event_id = ANY(?)", (Object) ids);
        }
        double applySeconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Use used = cpu.stop();
        long entries = db.count(
                "SELECT count(*) FROM ledger_entry WHERE account_id = ANY(?)", (Object) workers.toArray(String[]::new));
        Map<String, Object> span = db.rows(
                        "SELECT min(processed_at) AS first, max(processed_at) AS last "
                                + "FROM processed_event WHERE event_id = ANY(?)",
                        (Object) ids)
                .get(0);
        double firstToLast = Duration.between(
                                ((Timestamp) span.get("first")).toInstant(), ((Timestamp) span.get("last")).toInstant())
                        .toNanos()
                / 1e9;
        return new Round(
                ids.length, sentSeconds, appliedWhilePaused, applied, entries, applySeconds, firstToLast, used);
    }

    @Test
    @Order(2)
    void closingADayWithTenThousandAccountsToPay() throws Exception {
        LocalDate day = clock.freshDay();
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // 10,000 accounts that each earned one reward today, written straight into the tables
        db.update("""
                INSERT INTO account (id, username, email, role, known)
                SELECT ? || n, ? || n, ? || n || '@uberpopug.test', 'worker', true FROM generate_series(1, ?) n""", prefix, prefix, prefix, ACCOUNTS);
        db.update("""
                INSERT INTO task (id, title, fee, reward, priced_at)
                SELECT md5(? || n)::uuid, 'Task ' || n, 10 + n % 11, 20 + n % 21, now() FROM generate_series(1, ?) n""", prefix, ACCOUNTS);
        db.update("""
                INSERT INTO ledger_entry (id, account_id, type, amount, task_id, description, billing_date, at)
                SELECT gen_random_uuid(), ? || n, 'REWARD', 20 + n % 21, md5(? || n)::uuid, 'Task ' || n, ?, now()
                FROM generate_series(1, ?) n""", prefix, prefix, Date.valueOf(day), ACCOUNTS);
        db.update(
                "UPDATE account SET balance = balance + (SELECT sum(amount) FROM ledger_entry e "
                        + "WHERE e.account_id = account.id) WHERE id LIKE ?",
                prefix + "%");
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5)); // after the grace period: the day may close

        CpuMeter cpu = CpuMeter.start(TestInfrastructure.get().postgres().dataDir());
        long start = System.nanoTime();
        DaySummary summary = days.close(day);
        double closeSeconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Use used = cpu.stop();

        long mailsStart = System.nanoTime();
        long deadline = mailsStart + Duration.ofMinutes(5).toNanos();
        long pending = 0;
        while (System.nanoTime() < deadline) {
            pending = db.count(
                    "SELECT count(*) FROM payout_mail WHERE billing_date = ? AND sent_at IS NULL", Date.valueOf(day));
            if (pending == 0) {
                break;
            }
            Thread.sleep(500);
        }
        double mailSeconds = (System.nanoTime() - mailsStart) / 1e9;
        report("""
                day close: %d accounts to pay -> %d payouts, %s in total, in %.2f s (goal < 5 s)
                  %d PAYOUT entries, %d outbox rows of the close; payout mails all sent %.0f s after the close (%d pending)
                BENCHMARK billing day close: %,d accounts to pay closed in %.2f s (goal < 5 s with 10,000: %s); %s
                """.formatted(
                        ACCOUNTS,
                        summary.payouts(),
                        summary.total(),
                        closeSeconds,
                        db.count(
                                "SELECT count(*) FROM ledger_entry WHERE billing_date = ? AND type = 'PAYOUT'",
                                Date.valueOf(day)),
                        db.count(
                                        "SELECT count(*) FROM outbox_event WHERE payload->'data'->>'date' = ? "
                                                + "OR payload->'data'->>'billingDate' = ?",
                                        day.toString(),
                                        day.toString())
                                + db.count(
                                        "SELECT count(*) FROM outbox_event WHERE type = 'Account.BalanceChanged' "
                                                + "AND aggregateid LIKE ?",
                                        prefix + "%"),
                        mailSeconds,
                        pending,
                        ACCOUNTS,
                        closeSeconds,
                        ACCOUNTS >= 10_000 ? met(closeSeconds < 5) : "not comparable, a smaller run",
                        used.perEvent(Math.max(1, summary.payouts())).replace("per event", "per payout")));
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void report(String text) throws IOException {
        System.out.println(text);
        Files.writeString(
                Path.of("target/benchmark-billing.txt"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

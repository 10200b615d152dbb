package com.uberpopug.ates.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.Component;
import com.uberpopug.ates.devstack.Kafka;
import com.uberpopug.ates.devstack.testing.CpuMeter;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A chaos soak on the whole local system: steady task traffic through the REST APIs (create, complete, reassign)
 * while every component, PostgreSQL included, is killed with SIGKILL and started again, in an order and at
 * moments drawn from a seed the run prints (the same seed gives the same schedule). At quiet points (traffic
 * paused, everything up again) and at the end the money must be exact: every completed task has exactly one
 * reward, every assignment one fee, every balance is the sum of its entries, analytics agrees with billing, and no
 * event went to a dead-letter topic. Not a test; run it with {@code ./ates bench soak} or
 * {@code ./mvnw -B -pl e2e -am verify -Dnative-sources.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmarks.excluded=none -Dgroups=benchmark -Dit.test=ChaosSoakBenchmark -Dfailsafe.failIfNoSpecifiedTests=false}
 * and, optionally, {@code -Dsoak.minutes=10 -Dsoak.seed=42} (docs/reliability.md). Figures go to the console (the
 * line starting with {@code BENCHMARK} sums them up, with the whole machine's CPU per operation: PostgreSQL is
 * killed and restarted, so its own CPU cannot be followed) and to {@code e2e/target/chaos-soak.txt}.
 */
@Tag("benchmark")
class ChaosSoakBenchmark {

    private static final Duration LENGTH =
            Duration.ofSeconds(Math.round(Double.parseDouble(System.getProperty("soak.minutes", "10")) * 60));
    private static final long SEED = Long.getLong("soak.seed", new Random().nextLong());
    /** Traffic, in REST operations per second. */
    private static final double RATE = Double.parseDouble(System.getProperty("soak.rate", "4"));
    /** Quiet time between a component being back and the next kill, drawn between these. */
    private static final int PAUSE_MIN = Integer.getInteger("soak.pause-min-seconds", 5);

    private static final int PAUSE_MAX = Integer.getInteger("soak.pause-max-seconds", 20);
    /** How long a killed component stays down, drawn between 0 and this. */
    private static final int DOWN_MAX = Integer.getInteger("soak.down-max-seconds", 10);
    /** A quiet point, with the invariants checked, after this many kills. */
    private static final int CHECK_EVERY = Integer.getInteger("soak.check-every", 3);
    /** How long the system may take, with the traffic paused, to agree with itself again. */
    private static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("soak.settle-seconds", 180));
    /** With the traffic paused, figures unchanged this long mean nothing more is on its way. */
    private static final Duration STABLE = Duration.ofSeconds(Integer.getInteger("soak.stable-seconds", 60));

    private static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 5_000)
                    .setParam("http.socket.timeout", 20_000));

    private final WholeSystem system = WholeSystem.get();
    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final Map<String, Integer> kills = new LinkedHashMap<>();
    private final Map<String, Integer> diedByThemselves = new LinkedHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    /** Tasks whose creation or completion the tasks service acknowledged: they must be there, whatever died. */
    private final java.util.Set<String> acknowledgedCreated = ConcurrentHashMap.newKeySet();

    private final java.util.Set<String> acknowledgedCompleted = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean over;
    private final Instant begin = Instant.now();

    @Test
    void everyComponentKilledAndRestartedUnderTrafficLosesAndDoublesNothing() throws Exception {
        System.out.printf(
                "%nchaos soak: seed %d (rerun it with -Dsoak.seed=%d), %s, %.1f operations/s%n%n",
                SEED, SEED, LENGTH, RATE);
        List<Component> components = system.stack().components();
        components.forEach(c -> kills.put(c.name(), 0));
        CpuMeter cpu = CpuMeter.start(null);
        Thread traffic = Thread.ofPlatform().name("soak-traffic").start(this::traffic);
        Random schedule = new Random(SEED);
        List<Component> round = new ArrayList<>();
        int faults = 0;
        Instant end = begin.plus(LENGTH); // moved on by the length of every quiet point
        Invariants last = null;
        while (Instant.now().isBefore(end)) {
            if (round.isEmpty()) {
                round.addAll(components);
                Collections.shuffle(round, schedule);
            }
            Component victim = round.remove(0);
            int pause = PAUSE_MIN + schedule.nextInt(PAUSE_MAX - PAUSE_MIN + 1);
            int down = schedule.nextInt(DOWN_MAX + 1);
            Thread.sleep(Duration.ofSeconds(pause));
            if (!Instant.now().isBefore(end)) {
                break;
            }
            note("kill " + victim.name() + ", down for " + down + " s");
            victim.kill();
            kills.merge(victim.name(), 1, Integer::sum);
            Thread.sleep(Duration.ofSeconds(down));
            Instant restart = Instant.now();
            victim.start();
            note(victim.name() + " ready again in "
                    + Duration.between(restart, Instant.now()).toSeconds() + " s");
            restartWhatDiedByItself(components);
            faults++;
            if (faults % CHECK_EVERY == 0 && Instant.now().isBefore(end)) {
                Instant quiet = Instant.now();
                last = quietPoint("after " + faults + " kills", components);
                end = end.plus(Duration.between(quiet, Instant.now())); // the soak's length is traffic time
            }
        }
        over = true;
        traffic.join(Duration.ofSeconds(60));
        last = quietPoint("at the end", components);
        CpuMeter.Use used = cpu.stop();
        String report = report(last);
        long operations = done.values().stream().mapToLong(AtomicLong::get).sum();
        report += String.format(
                "BENCHMARK soak: seed %d, %s of traffic, %,d operations done, %d kills, %s, invariants broken: %d "
                        + "(goal: nothing lost or doubled: %s); CPU per operation done: whole machine %.3f ms "
                        + "(%.2f of %d cores busy, quiet points included)%n",
                SEED,
                LENGTH,
                operations,
                kills.values().stream().mapToInt(Integer::intValue).sum(),
                last.summary(),
                violations.size(),
                violations.isEmpty() ? "met" : "NOT met",
                used.machineMillisPer(Math.max(1, operations)),
                used.machine() / used.wallSeconds(),
                Runtime.getRuntime().availableProcessors());
        System.out.println(report);
        Files.writeString(
                Path.of("target/chaos-soak.txt"),
                report,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(violations)
                .as("invariants broken during the soak (seed %d)", SEED)
                .isEmpty();
    }

    // ---- traffic --------------------------------------------------------------------------------------------

    private void traffic() {
        Random random = new Random(SEED ^ 0x5EED);
        long interval = (long) (1_000_000_000L / RATE);
        long next = System.nanoTime();
        while (!over) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            next = Math.max(next + interval, System.nanoTime() - interval);
            if (paused.get()) {
                continue;
            }
            busy.set(true);
            try {
                int dice = random.nextInt(100);
                if (dice < 55) {
                    operation(
                            "create",
                            () -> {
                                String author = WholeSystem.EVERYONE.get(random.nextInt(WholeSystem.EVERYONE.size()));
                                return as(author, "tasks")
                                        .body(Map.of(
                                                "title",
                                                "soak " + Long.toHexString(random.nextLong()),
                                                "description",
                                                "chaos soak"))
                                        .post("/api/tasks");
                            },
                            201);
                } else if (dice < 95) {
                    String worker = WholeSystem.WORKERS.get(random.nextInt(WholeSystem.WORKERS.size()));
                    operation(
                            "complete",
                            () -> {
                                List<String> open = as(worker, "tasks")
                                        .queryParam("status", "OPEN")
                                        .queryParam("size", 1)
                                        .get("/api/tasks/mine")
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .jsonPath()
                                        .getList("id");
                                if (open.isEmpty()) {
                                    return null;
                                }
                                return as(worker, "tasks").post("/api/tasks/" + open.get(0) + "/complete");
                            },
                            200);
                } else {
                    operation("reassign", () -> as("manager", "tasks").post("/api/tasks/reassign"), 200);
                }
            } finally {
                busy.set(false);
            }
        }
    }

    private interface Call {
        Response call();
    }

    private void operation(String name, Call call, int expected) {
        try {
            Response response = call.call();
            if (response == null) {
                return;
            }
            if (response.statusCode() == expected) {
                done.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
                if (!name.equals("reassign")) {
                    (name.equals("create") ? acknowledgedCreated : acknowledgedCompleted)
                            .add(response.jsonPath().getString("id"));
                }
            } else {
                refused.computeIfAbsent(name + " " + response.statusCode(), k -> new AtomicLong())
                        .incrementAndGet();
            }
        } catch (Exception | AssertionError e) { // REST Assured throws a reset socket's IOException undeclared
            String kind = e.getClass().getSimpleName();
            refused.computeIfAbsent(name + " " + kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private RequestSpecification as(String user, String service) {
        return system.as(user, service).config(TIMEOUTS);
    }

    // ---- faults ---------------------------------------------------------------------------------------------

    /** A component that went down while another one was killed (and stayed down) is a finding; it is restarted. */
    private void restartWhatDiedByItself(List<Component> components) {
        for (Component component : components) {
            if (!component.isRunning()) {
                note(component.name() + " had died by itself; starting it again");
                diedByThemselves.merge(component.name(), 1, Integer::sum);
                component.start();
            }
        }
    }

    private Invariants quietPoint(String when, List<Component> components) throws InterruptedException {
        paused.set(true);
        while (busy.get()) {
            Thread.sleep(50);
        }
        restartWhatDiedByItself(components);
        Instant deadline = Instant.now().plus(SETTLE);
        Invariants invariants = Invariants.measure(system, acknowledgedCreated, acknowledgedCompleted);
        Instant unchangedSince = Instant.now();
        // dead letters and doubled entries never go away: waiting longer is for what is still on its way, and
        // nothing is once the figures have stayed the same for a while with the traffic paused
        while (invariants.broken().size() > invariants.permanent().size()
                && Instant.now().isBefore(deadline)
                && Duration.between(unchangedSince, Instant.now()).compareTo(STABLE) < 0) {
            Thread.sleep(5_000);
            Invariants again = Invariants.measure(system, acknowledgedCreated, acknowledgedCompleted);
            if (!again.summary().equals(invariants.summary()) || !again.broken().equals(invariants.broken())) {
                unchangedSince = Instant.now();
            }
            invariants = again;
        }
        note("quiet point " + when + ": "
                + (invariants.broken().isEmpty() ? "all invariants hold" : String.join("; ", invariants.broken()))
                + " (" + invariants.summary() + ")");
        if (!invariants.broken().isEmpty()) {
            violations.add(when + ": " + String.join("; ", invariants.broken()));
        }
        paused.set(false);
        return invariants;
    }

    private void note(String what) {
        String line = String.format(
                "%6.1f s  %s", Duration.between(begin, Instant.now()).toMillis() / 1000.0, what);
        timeline.add(line);
        System.out.println("chaos soak " + line);
    }

    private String report(Invariants last) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format("%nChaos soak: seed %d, %s of traffic, %.1f operations/s offered%n", SEED, LENGTH, RATE));
        out.append("operations done: ").append(done).append(System.lineSeparator());
        out.append("operations refused or failed (while something was down): ")
                .append(refused)
                .append(System.lineSeparator());
        out.append("kills (SIGKILL, then start): ").append(kills).append(System.lineSeparator());
        out.append("died by themselves (restarted): ").append(diedByThemselves).append(System.lineSeparator());
        out.append("at the end: ").append(last.summary()).append(System.lineSeparator());
        out.append("dead letters: ").append(last.deadLetters()).append(System.lineSeparator());
        last.deadLetterSamples().forEach(s -> out.append("    ").append(s).append(System.lineSeparator()));
        out.append("violations: ").append(violations.isEmpty() ? "none" : "").append(System.lineSeparator());
        violations.forEach(v -> out.append("    ").append(v).append(System.lineSeparator()));
        out.append("timeline:").append(System.lineSeparator());
        timeline.forEach(t -> out.append("  ").append(t).append(System.lineSeparator()));
        return out.toString();
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- invariants -----------------------------------------------------------------------------------------

    /**
     * What the system says at one moment, from its own records: the tasks service's database (its tasks and its
     * outbox, which keeps every event it published), billing's ledger through its API, analytics' figures, and the
     * dead-letter topics.
     */
    record Invariants(
            long tasks,
            long completed,
            long assignments,
            long rewards,
            long fees,
            long lostRewards,
            long doubledRewards,
            long lostFees,
            long doubledFees,
            Map<String, Long> deadLetters,
            List<String> deadLetterSamples,
            List<String> broken,
            List<String> permanent) {

        String summary() {
            return String.format(
                    "%d tasks, %d completed, %d assignments; %d rewards, %d fees; rewards lost %d, "
                            + "doubled %d; fees lost %d, doubled %d",
                    tasks, completed, assignments, rewards, fees, lostRewards, doubledRewards, lostFees, doubledFees);
        }

        static Invariants measure(WholeSystem system, java.util.Set<String> created, java.util.Set<String> completed) {
            List<String> broken = new ArrayList<>();
            Map<String, Long> assigned = new HashMap<>();
            Map<String, Long> completedEvents = new HashMap<>();
            long tasks = 0;
            long doneTasks = 0;
            try (Connection db = system.stack().postgres().connect("tasks");
                    Statement sql = db.createStatement()) {
                Map<String, String> statuses = new HashMap<>();
                try (ResultSet rows = sql.executeQuery("SELECT id, status FROM task")) {
                    while (rows.next()) {
                        statuses.put(rows.getString(1), rows.getString(2));
                    }
                }
                tasks = statuses.size();
                doneTasks = statuses.values().stream().filter("DONE"::equals).count();
                long lostCreated = List.copyOf(created).stream()
                        .filter(id -> !statuses.containsKey(id))
                        .count();
                long lostCompleted = List.copyOf(completed).stream()
                        .filter(id -> !"DONE".equals(statuses.get(id)))
                        .count();
                if (lostCreated + lostCompleted > 0) {
                    broken.add("acknowledged but not in the tasks database: " + lostCreated + " creations, "
                            + lostCompleted + " completions");
                }
                try (ResultSet rows = sql.executeQuery("SELECT aggregateid, type, count(*) FROM outbox_event WHERE "
                        + "type IN ('Task.Assigned', 'Task.Completed') GROUP BY aggregateid, type")) {
                    while (rows.next()) {
                        (rows.getString(2).equals("Task.Assigned") ? assigned : completedEvents)
                                .put(rows.getString(1), rows.getLong(3));
                    }
                }
            } catch (Exception e) {
                broken.add("the tasks database could not be read: " + e.getMessage());
                return new Invariants(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), broken, List.of());
            }
            if (completedEvents.size() != doneTasks) {
                broken.add(doneTasks + " tasks are done but the tasks outbox has completions of "
                        + completedEvents.size());
            }
            Map<String, Long> rewards;
            Map<String, Long> fees;
            List<Map<String, Object>> entries;
            try {
                entries = BillingView.allEntries();
                rewards = countByTask(entries, "REWARD");
                fees = countByTask(entries, "FEE");
            } catch (RuntimeException | AssertionError e) {
                broken.add("billing could not be read: " + e.getMessage());
                return new Invariants(tasks, doneTasks, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), broken, List.of());
            }
            long lostRewards = completedEvents.keySet().stream()
                    .filter(t -> !rewards.containsKey(t))
                    .count();
            long doubledRewards = rewards.entrySet().stream()
                    .filter(e -> e.getValue() > 1 || !completedEvents.containsKey(e.getKey()))
                    .count();
            long lostFees = assigned.entrySet().stream()
                    .filter(e -> fees.getOrDefault(e.getKey(), 0L) < e.getValue())
                    .count();
            long doubledFees = fees.entrySet().stream()
                    .filter(e -> e.getValue() > assigned.getOrDefault(e.getKey(), 0L))
                    .count();
            List<String> permanent = new ArrayList<>();
            if (lostRewards > 0) {
                broken.add(lostRewards + " completed tasks without a reward");
            }
            if (doubledRewards > 0) {
                permanent.add(doubledRewards + " tasks with more than one reward (or one while not completed)");
            }
            if (lostFees > 0) {
                broken.add(lostFees + " tasks with fewer fees than assignments");
            }
            if (doubledFees > 0) {
                permanent.add(doubledFees + " tasks with more fees than assignments");
            }
            balancesAreSumsOfEntries(entries, broken);
            analyticsAgreesWithBilling(system, broken);
            Map<String, Long> deadLetters = new LinkedHashMap<>();
            List<String> samples = new ArrayList<>();
            readDeadLetters(system, deadLetters, samples, broken);
            long dead = deadLetters.values().stream().mapToLong(Long::longValue).sum();
            if (dead > 0) {
                permanent.add(dead + " events in dead-letter topics " + deadLetters);
            }
            broken.addAll(permanent);
            return new Invariants(
                    tasks,
                    doneTasks,
                    assigned.values().stream().mapToLong(Long::longValue).sum(),
                    rewards.values().stream().mapToLong(Long::longValue).sum(),
                    fees.values().stream().mapToLong(Long::longValue).sum(),
                    lostRewards,
                    doubledRewards,
                    lostFees,
                    doubledFees,
                    deadLetters,
                    samples,
                    broken,
                    permanent);
        }

        private static Map<String, Long> countByTask(List<Map<String, Object>> entries, String type) {
            return entries.stream()
                    .filter(e -> type.equals(e.get("type")) && e.get("taskId") != null)
                    .collect(Collectors.groupingBy(e -> (String) e.get("taskId"), Collectors.counting()));
        }

        private static void balancesAreSumsOfEntries(List<Map<String, Object>> entries, List<String> broken) {
            List<String> off = BillingView.balancesOffTheirEntries(entries);
            if (!off.isEmpty()) {
                broken.add("balances that are not the sum of their entries: " + off);
            }
        }

        private static void analyticsAgreesWithBilling(WholeSystem system, List<String> broken) {
            LocalDate from = system.firstDay();
            LocalDate to = system.today();
            try {
                Map<String, Map<String, Object>> billing = byDate(system.as("accountant", "billing")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .get("/api/earnings")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"));
                Map<String, Map<String, Object>> analytics = byDate(system.as("admin", "analytics")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .get("/api/analytics/days")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"));
                for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                    for (String figure : List.of("fees", "rewards", "managementEarnings")) {
                        BigDecimal b = figure(billing.get(day.toString()), figure);
                        BigDecimal a = figure(analytics.get(day.toString()), figure);
                        if (a.compareTo(b) != 0) {
                            broken.add("analytics " + figure + " of " + day + " " + a + " != billing's " + b);
                        }
                    }
                }
                long negative = BillingView.accounts().stream()
                        .filter(a -> BillingView.amount(a, "balance").signum() < 0)
                        .count();
                long analyticsNegative = system.as("admin", "analytics")
                        .get("/api/analytics/today")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("negativeBalanceCount");
                if (analyticsNegative != negative) {
                    broken.add("analytics counts " + analyticsNegative + " negative balances, billing " + negative);
                }
            } catch (RuntimeException | AssertionError e) {
                broken.add("analytics or billing could not be read: " + e.getMessage());
            }
        }

        private static Map<String, Map<String, Object>> byDate(List<Map<String, Object>> rows) {
            return rows.stream().collect(Collectors.toMap(r -> String.valueOf(r.get("date")), r -> r, (x, y) -> y));
        }

        private static BigDecimal figure(Map<String, Object> row, String name) {
            return row == null || row.get(name) == null
                    ? BigDecimal.ZERO
                    : new BigDecimal(String.valueOf(row.get(name)));
        }

        /** Every record ever written to a dead-letter topic (they keep them), with the first few reasons. */
        private static void readDeadLetters(
                WholeSystem system, Map<String, Long> counts, List<String> samples, List<String> broken) {
            Kafka kafka = system.stack().kafka();
            try (Admin admin = kafka.admin();
                    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                            Map.of(
                                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"),
                            new StringDeserializer(),
                            new StringDeserializer())) {
                List<String> topics = Kafka.TOPICS.stream().map(t -> t + ".dlq").toList();
                List<TopicPartition> partitions = new ArrayList<>();
                admin.describeTopics(topics)
                        .allTopicNames()
                        .get()
                        .forEach((topic, description) -> description
                                .partitions()
                                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                topics.forEach(t -> counts.put(t, 0L));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                        && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        counts.merge(record.topic(), 1L, Long::sum);
                        if (samples.size() < 5) {
                            StringBuilder headers = new StringBuilder();
                            for (Header header : record.headers()) {
                                headers.append(header.key())
                                        .append('=')
                                        .append(new String(header.value(), StandardCharsets.UTF_8))
                                        .append(' ');
                            }
                            samples.add(record.topic() + " key " + record.key() + ": " + headers);
                        }
                    }
                }
            } catch (Exception e) {
                broken.add("the dead-letter topics could not be read: " + e.getMessage());
            }
        }
    }
}

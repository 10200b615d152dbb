package com.uberpopug.ates.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for half a minute while billing and analytics have a backlog of completions to apply, as a
 * failover or a restart of the database cluster does: billing and analytics are frozen while the tasks are
 * completed, the cluster is stopped, they are let go, and the cluster comes back 30 s later. Nothing may reach a
 * dead-letter topic, every completion is paid exactly once, every balance is the sum of its entries, and analytics
 * shows what billing shows.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration EVENTUALLY = Duration.ofSeconds(180);
    private static final int TASKS = 40;
    private static WholeSystem system;

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
    }

    @Test
    void aThirtySecondDatabaseOutageDeadLettersNothingAndPaysEveryCompletionOnce() throws Exception {
        Instant start = Instant.now();
        List<JsonPath> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            tasks.add(system.as("popug1", "tasks")
                    .body(Map.of("title", "Outage " + i, "description", "database outage"))
                    .post("/api/tasks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath());
        }
        List<String> ids = tasks.stream().map(t -> t.getString("id")).toList();
        BillingView.awaitOneEntryEach("FEE", ids, EVENTUALLY);

        system.stack().service("billing").pause();
        system.stack().service("analytics").pause();
        try {
            for (JsonPath task : tasks) {
                system.as(task.getString("assignee.username"), "tasks")
                        .post("/api/tasks/" + task.getString("id") + "/complete")
                        .then()
                        .statusCode(200);
            }
            awaitOnTheTopic("tasks-lifecycle", ids, "Task.Completed");
            system.stack().postgres().stop();
        } finally {
            system.stack().service("billing").resume();
            system.stack().service("analytics").resume();
        }
        try {
            Thread.sleep(OUTAGE.toMillis()); // the fault itself: the cluster stays away this long
        } finally {
            system.stack().postgres().start();
        }
        theTasksServiceIdleThroughTheOutageTakesATaskAtOnce();

        BillingView.awaitOneEntryEach("REWARD", ids, EVENTUALLY);
        BillingView.awaitOneEntryEach("FEE", ids, EVENTUALLY);
        BillingView.assertEveryBalanceIsTheSumOfItsEntries(Duration.ofSeconds(60));
        analyticsShowsWhatBillingShows();
        assertThat(deadLettersSince(start))
                .as("records dead-lettered since the outage began")
                .isEmpty();
    }

    /**
     * Every connection the tasks service pooled before the outage is dead: its first readiness probe and its first
     * request after the database is back must not find one (a 503 takes the pod out of its Service, a 500 fails a
     * user's request).
     */
    private static void theTasksServiceIdleThroughTheOutageTakesATaskAtOnce() {
        given().get(system.stack().service("tasks").url() + "/q/health/ready")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(system.as("popug1", "tasks")
                    .body(Map.of("title", "After the outage " + i, "description", "database back"))
                    .post("/api/tasks")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        // their fees belong to the day's earnings the test then compares: charged before it reads billing's
        BillingView.awaitOneEntryEach("FEE", ids, EVENTUALLY);
    }

    /** Management earnings of every day of the run, and today's negative balances, as billing has them. */
    private static void analyticsShowsWhatBillingShows() {
        LocalDate from = system.firstDay();
        LocalDate to = system.today();
        List<Map<String, Object>> billing = system.as("admin", "billing")
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/api/earnings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        long negative = BillingView.accounts().stream()
                .filter(a -> BillingView.amount(a, "balance").signum() < 0)
                .count();
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            List<Map<String, Object>> analytics = system.as("admin", "analytics")
                    .queryParam("from", from.toString())
                    .queryParam("to", to.toString())
                    .get("/api/analytics/days")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            Map<String, BigDecimal> analyticsEarnings = analytics.stream()
                    .collect(Collectors.toMap(
                            d -> String.valueOf(d.get("date")), d -> BillingView.amount(d, "managementEarnings")));
            for (Map<String, Object> day : billing) {
                assertThat(analyticsEarnings.getOrDefault(String.valueOf(day.get("date")), BigDecimal.ZERO))
                        .as("analytics' management earnings of %s", day.get("date"))
                        .isEqualByComparingTo(BillingView.amount(day, "managementEarnings"));
            }
            JsonPath today = system.as("admin", "analytics")
                    .get("/api/analytics/today")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(today.getLong("negativeBalanceCount"))
                    .as("negative balances in analytics")
                    .isEqualTo(negative);
        });
    }

    /** Waits until every task's event of that name is on the topic: the outage starts with all of them in Kafka. */
    private static void awaitOnTheTopic(String topic, List<String> taskIds, String eventName) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            java.util.Set<String> seen = new java.util.HashSet<>();
            await().atMost(EVENTUALLY).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && record.value().contains("\"" + eventName + "\"")) {
                        seen.add(record.key());
                    }
                }
                return seen.containsAll(taskIds);
            });
        }
    }

    private static List<String> deadLettersSince(Instant since) {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(
                    "accounts-stream.dlq",
                    "tasks-stream.dlq",
                    "tasks-lifecycle.dlq",
                    "billing-stream.dlq",
                    "billing-lifecycle.dlq"));
            long quietUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.timestamp() >= since.toEpochMilli()) {
                        var reason = record.headers().lastHeader("dead-letter-reason");
                        found.add(record.topic() + ": " + (reason == null ? "?" : new String(reason.value())));
                    }
                }
            }
        }
        return found;
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.stack().kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }
}

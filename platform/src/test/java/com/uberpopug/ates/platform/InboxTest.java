package com.uberpopug.ates.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The consuming side against the real Kafka and PostgreSQL: events are sent straight to the topic, as Debezium
 * would, and the test application's consumer applies them through the inbox.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "platform"))
class InboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EntityManager entityManager;

    @Inject
    TestConsumer consumer;

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        UUID task = UUID.randomUUID();
        String event = taskCreatedV2(UUID.randomUUID(), task, "twice");
        UUID marker = UUID.randomUUID();
        String key = task.toString();

        KafkaTopics.send("tasks-stream", key, event);
        KafkaTopics.send("tasks-stream", key, event);
        // same key, same partition: once the marker is applied, both copies have been handled
        KafkaTopics.send("tasks-stream", key, taskCreatedV2(UUID.randomUUID(), marker, "marker"));

        awaitApplied(marker);
        assertThat(appliedCount(task)).isEqualTo(1);
        assertThat(consumer.attempts(task)).isEqualTo(1);
    }

    @Test
    void aRecordThatIsNotJsonGoesToTheDeadLetterTopicAndTheNextIsApplied() {
        UUID next = UUID.randomUUID();
        String garbage = "{not json " + UUID.randomUUID();

        KafkaTopics.send("tasks-stream", next.toString(), garbage);
        KafkaTopics.send("tasks-stream", next.toString(), taskCreatedV2(UUID.randomUUID(), next, "after garbage"));

        awaitApplied(next);
        ConsumerRecord<String, String> dead = deadLetter(garbage);
        assertThat(KafkaTopics.header(dead, "dead-letter-reason")).startsWith("not JSON");
        assertThat(dead.key()).isEqualTo(next.toString());
    }

    @Test
    void aSchemaInvalidEventGoesToTheDeadLetterTopicWithTheReason() {
        UUID task = UUID.randomUUID();
        String noTitle = """
                {"eventId":"%s","eventName":"Task.Created","eventVersion":2,"eventTime":"2026-03-03T10:00:00Z",
                 "producer":"tasks","data":{"taskId":"%s","jiraId":null,"description":null,
                 "createdAt":"2026-03-03T10:00:00Z"}}""".formatted(UUID.randomUUID(), task);
        UUID next = UUID.randomUUID();

        KafkaTopics.send("tasks-stream", task.toString(), noTitle);
        KafkaTopics.send("tasks-stream", task.toString(), taskCreatedV2(UUID.randomUUID(), next, "after invalid"));

        awaitApplied(next);
        assertThat(KafkaTopics.header(deadLetter(noTitle), "dead-letter-reason"))
                .startsWith("invalid event: ")
                .contains("/data")
                .contains("title");
        assertThat(appliedCount(task)).isZero();
    }

    @Test
    void anUnknownVersionGoesToTheDeadLetterTopicNamingTheKnownOnes() {
        String v9 = """
                {"eventId":"%s","eventName":"Task.Created","eventVersion":9,"eventTime":"2026-03-03T10:00:00Z",
                 "producer":"tasks","data":{}}""".formatted(UUID.randomUUID());

        KafkaTopics.send("tasks-stream", "k", v9);

        assertThat(KafkaTopics.header(deadLetter(v9), "dead-letter-reason"))
                .isEqualTo("invalid event: unknown version 9 of Task.Created; known: 1, 2");
    }

    @Test
    void versionOneAndVersionTwoOfTaskCreatedAreBothApplied() {
        UUID v1 = UUID.randomUUID();
        UUID v2 = UUID.randomUUID();
        String v1Event = """
                {"eventId":"%s","eventName":"Task.Created","eventVersion":1,"eventTime":"2026-03-03T10:00:00Z",
                 "producer":"tasks","data":{"taskId":"%s","title":"[UBERPOP-7] Feed the parrots",
                 "description":"old style","createdAt":"2026-03-03T10:00:00Z"}}""".formatted(UUID.randomUUID(), v1);

        KafkaTopics.send("tasks-stream", v1.toString(), v1Event);
        KafkaTopics.send("tasks-stream", v2.toString(), taskCreatedV2(UUID.randomUUID(), v2, "Water the parrots"));

        awaitApplied(v1);
        awaitApplied(v2);
        assertThat(applied(v1)).containsExactly("Feed the parrots", "UBERPOP-7", 1);
        assertThat(applied(v2)).containsExactly("Water the parrots", "UBERPOP-1", 2);
    }

    @Test
    void aTransientFailureIsRetriedAndAppliedOnce() {
        UUID task = UUID.randomUUID();

        KafkaTopics.send("tasks-stream", task.toString(), taskCreatedV2(UUID.randomUUID(), task, "fails-twice"));

        awaitApplied(task);
        assertThat(consumer.attempts(task)).isEqualTo(3);
        assertThat(appliedCount(task)).isEqualTo(1);
    }

    @Test
    void aFailureThatPersistsEndsInTheDeadLetterTopicAfterEveryAttempt() {
        UUID task = UUID.randomUUID();
        String event = taskCreatedV2(UUID.randomUUID(), task, "always-fails");
        UUID next = UUID.randomUUID();

        KafkaTopics.send("tasks-stream", task.toString(), event);
        KafkaTopics.send("tasks-stream", task.toString(), taskCreatedV2(UUID.randomUUID(), next, "after failures"));

        awaitApplied(next);
        assertThat(KafkaTopics.header(deadLetter(event), "dead-letter-reason"))
                .contains("still failing after 5 attempts")
                .contains("the effect cannot be written");
        assertThat(consumer.attempts(task)).isEqualTo(5);
        assertThat(appliedCount(task)).isZero();
    }

    @Test
    void anEventTheRulesRefuseIsNotRetried() {
        UUID task = UUID.randomUUID();
        String event = taskCreatedV2(UUID.randomUUID(), task, "reject");

        KafkaTopics.send("tasks-stream", task.toString(), event);

        assertThat(KafkaTopics.header(deadLetter(event), "dead-letter-reason"))
                .isEqualTo("a task titled 'reject' is refused by the rules");
        assertThat(consumer.attempts(task)).isEqualTo(1);
    }

    @Test
    void consumerLagAndInboxOutcomesAreInTheMetrics() {
        UUID task = UUID.randomUUID();
        KafkaTopics.send("tasks-stream", task.toString(), taskCreatedV2(UUID.randomUUID(), task, "metrics"));
        awaitApplied(task);

        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get("/q/metrics")
                                .then()
                                .statusCode(200)
                                .body(containsString("kafka_consumer_fetch_manager_records_lag"))
                                .body(
                                        containsString(
                                                "ates_inbox_events_seconds_count{event=\"Task.Created\",outcome=\"applied\",topic=\"tasks-stream\"")));
    }

    static String taskCreatedV2(UUID eventId, UUID taskId, String title) {
        return """
                {"eventId":"%s","eventName":"Task.Created","eventVersion":2,"eventTime":"2026-03-03T10:00:00Z",
                 "producer":"tasks","data":{"taskId":"%s","title":"%s","jiraId":"UBERPOP-1",
                 "description":null,"createdAt":"2026-03-03T10:00:00Z"}}""".formatted(eventId, taskId, title);
    }

    private ConsumerRecord<String, String> deadLetter(String value) {
        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(
                "tasks-stream.dlq", WAIT, read -> read.stream().anyMatch(r -> value.equals(r.value())));
        return records.stream()
                .filter(r -> value.equals(r.value()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not in tasks-stream.dlq: " + value));
    }

    private void awaitApplied(UUID task) {
        await().atMost(WAIT).until(() -> appliedCount(task) > 0);
    }

    @Transactional
    long appliedCount(UUID task) {
        return ((Number) entityManager
                        .createNativeQuery("SELECT count(*) FROM applied_task WHERE task_id = :id")
                        .setParameter("id", task)
                        .getSingleResult())
                .longValue();
    }

    @Transactional
    List<Object> applied(UUID task) {
        Object[] row = (Object[]) entityManager
                .createNativeQuery("SELECT title, jira_id, event_version FROM applied_task WHERE task_id = :id")
                .setParameter("id", task)
                .getSingleResult();
        return List.of(row);
    }
}

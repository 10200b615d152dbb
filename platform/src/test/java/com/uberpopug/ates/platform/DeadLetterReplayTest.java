package com.uberpopug.ates.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * An operator lists the dead letters of this service's consumer and replays them through the same inbox and
 * handler the channel uses, once the cause is fixed; a replay applies an event once, however often it is asked.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
class DeadLetterReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    @Inject
    TestConsumer consumer;

    @Test
    void aDeadLetterIsListedWithItsReasonAndReplayedOnceItsCauseIsFixed() {
        UUID task = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        consumer.refuse(task);
        KafkaTopics.send("tasks-stream", task.toString(), InboxTest.taskCreatedV2(eventId, task, "refused for now"));

        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(KeycloakTokens.accessToken("admin"))
                        .get("/api/admin/dead-letters/tasks-stream")
                        .then()
                        .statusCode(200)
                        .body("eventId", hasItem(eventId.toString())));
        Map<String, Object> listed = given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .get("/api/admin/dead-letters/tasks-stream")
                .then()
                .extract()
                .jsonPath()
                .getMap("find { it.eventId == '" + eventId + "' }");
        assertThat(listed)
                .containsEntry("eventName", "Task.Created")
                .containsEntry("reason", "task " + task + " is refused until its cause is fixed")
                .containsKeys("partition", "offset", "deadLetteredAt");
        assertThat(appliedCount(task)).isZero();

        consumer.accept(task);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .contentType(ContentType.JSON)
                .body("{\"eventIds\":[\"" + eventId + "\"]}")
                .post("/api/admin/dead-letters/tasks-stream/replay")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].eventId", equalTo(eventId.toString()))
                .body("[0].outcome", equalTo("applied"));
        assertThat(appliedCount(task)).isEqualTo(1);
        int attempts = consumer.attempts(task);

        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .contentType(ContentType.JSON)
                .body("{\"eventIds\":[\"" + eventId + "\"]}")
                .post("/api/admin/dead-letters/tasks-stream/replay")
                .then()
                .statusCode(200)
                .body("[0].outcome", equalTo("duplicate"));
        assertThat(appliedCount(task)).isEqualTo(1);
        assertThat(consumer.attempts(task)).isEqualTo(attempts);
    }

    @Test
    void aReplayWhoseCauseIsNotFixedFailsAgainWithTheReason() {
        UUID task = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        consumer.refuse(task);
        KafkaTopics.send("tasks-stream", task.toString(), InboxTest.taskCreatedV2(eventId, task, "still refused"));
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(KeycloakTokens.accessToken("admin"))
                        .get("/api/admin/dead-letters/tasks-stream")
                        .then()
                        .body("eventId", hasItem(eventId.toString())));
        double deadLettered = deadLetteredCount();

        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .contentType(ContentType.JSON)
                .body("{\"eventIds\":[\"" + eventId + "\"]}")
                .post("/api/admin/dead-letters/tasks-stream/replay")
                .then()
                .statusCode(200)
                .body("[0].outcome", equalTo("failed"))
                .body("[0].reason", equalTo("task " + task + " is refused until its cause is fixed"));
        assertThat(appliedCount(task)).isZero();
        // the record did not go to the dead-letter topic again: the alert on dead letters must not fire for it
        assertThat(deadLetteredCount()).as("ates.inbox.dead.lettered").isEqualTo(deadLettered);
    }

    @Test
    void theDeadLettersOfAnotherConsumerGroupOnTheSharedTopicAreNotListed() {
        UUID eventId = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        // the consumer has processed a poll since the start, so a replay knows its handler
        UUID marker = UUID.randomUUID();
        KafkaTopics.send(
                "tasks-stream", marker.toString(), InboxTest.taskCreatedV2(UUID.randomUUID(), marker, "marker"));
        await().atMost(WAIT).until(() -> appliedCount(marker) > 0);
        Properties config = new Properties();
        config.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(
                    "tasks-stream.dlq", task.toString(), InboxTest.taskCreatedV2(eventId, task, "not ours"));
            record.headers().add("dead-letter-reason", "billing refused it".getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-group", "billing".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .get("/api/admin/dead-letters/tasks-stream")
                .then()
                .statusCode(200)
                .body("eventId", not(hasItem(eventId.toString())));
        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .contentType(ContentType.JSON)
                .body("{\"eventIds\":[\"" + eventId + "\"]}")
                .post("/api/admin/dead-letters/tasks-stream/replay")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        assertThat(appliedCount(task)).isZero();
    }

    @Test
    void onlyAnAdminMayListOrReplayAndAnUnknownTopicIs404() {
        given().auth()
                .oauth2(KeycloakTokens.accessToken("manager"))
                .get("/api/admin/dead-letters/tasks-stream")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/admin/dead-letters/tasks-stream/replay")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .get("/api/admin/dead-letters/no-such-topic")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("no-such-topic"));
    }

    @Transactional
    long appliedCount(UUID task) {
        return ((Number) entityManager
                        .createNativeQuery("SELECT count(*) FROM applied_task WHERE task_id = :id")
                        .setParameter("id", task)
                        .getSingleResult())
                .longValue();
    }

    private double deadLetteredCount() {
        return registry.find("ates.inbox.dead.lettered").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}

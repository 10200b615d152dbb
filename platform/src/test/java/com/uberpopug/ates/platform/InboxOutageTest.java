package com.uberpopug.ates.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The database goes away for longer than any retry of one event, as it does in a failover or a restart: the
 * consumer waits, says so in its readiness, and applies everything once the database is back. Nothing is
 * dead-lettered, nothing applied twice.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "platform"))
class InboxOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    EntityManager entityManager;

    @Test
    void aDatabaseOutageDeadLettersNothingAndEveryEventIsAppliedOnceItEnds() throws Exception {
        List<UUID> tasks = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID task = UUID.randomUUID();
            tasks.add(task);
            events.add(InboxTest.taskCreatedV2(UUID.randomUUID(), task, "during the outage " + i));
        }

        TestInfrastructure.get().postgres().stop();
        Response duringOutage;
        try {
            for (int i = 0; i < tasks.size(); i++) {
                KafkaTopics.send("tasks-stream", tasks.get(i).toString(), events.get(i));
            }
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(given().get("/q/health/ready").asString())
                                    .as("readiness names the consumer that waits")
                                    .contains("tasks-stream")
                                    .contains("waiting since"));
            Thread.sleep(OUTAGE.toMillis()); // and the database stays away far longer than every retry of one event
            duringOutage = given().get("/q/health/ready");
        } finally {
            TestInfrastructure.get().postgres().start();
        }

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(tasks)
                        .allSatisfy(task -> assertThat(appliedCount(task))
                                .as("applied %s", task)
                                .isEqualTo(1)));
        Set<String> sent = Set.copyOf(events);
        List<ConsumerRecord<String, String>> deadLetters =
                KafkaTopics.readUntil("tasks-stream.dlq", Duration.ofSeconds(3), read -> false);
        assertThat(deadLetters.stream()
                        .map(ConsumerRecord::value)
                        .filter(sent::contains)
                        .collect(Collectors.toList()))
                .as("dead-lettered during the outage")
                .isEmpty();

        assertThat(duringOutage.statusCode())
                .as("readiness while the database was away")
                .isEqualTo(503);
        assertThat(duringOutage.asString())
                .contains("event consumers")
                .contains("tasks-stream")
                .contains("waiting since");
        await().atMost(WAIT)
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Transactional
    long appliedCount(UUID task) {
        return ((Number) entityManager
                        .createNativeQuery("SELECT count(*) FROM applied_task WHERE task_id = :id")
                        .setParameter("id", task)
                        .getSingleResult())
                .longValue();
    }
}

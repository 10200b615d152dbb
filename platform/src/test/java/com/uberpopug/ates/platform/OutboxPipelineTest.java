package com.uberpopug.ates.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.devstack.DebeziumServer;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write side end to end: a service's transaction, its outbox row, the real Debezium Server reading the WAL,
 * the record on the real Kafka topic.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
class OutboxPipelineTest {

    private static final Logger LOG = Logger.getLogger(OutboxPipelineTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static DebeziumServer debezium;

    @Inject
    TestTasks tasks;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void startDebezium() {
        // after the application started: its migration created the outbox table and the publication
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
    void aCommittedWriteProducesExactlyOneEventWithKeyHeadersAndAValidBody() throws Exception {
        UUID task = UUID.randomUUID();
        EventEnvelope<TaskCreatedV2> written = tasks.create(task, "Clean the cage", "UBERPOP-12", false);
        UUID marker = UUID.randomUUID();
        tasks.create(marker, "marker", null, false);

        List<ConsumerRecord<String, String>> records = readUntilKeys(Set.of(task.toString(), marker.toString()));

        List<ConsumerRecord<String, String>> forTask =
                records.stream().filter(r -> r.key().equals(task.toString())).toList();
        assertThat(forTask).hasSize(1);
        ConsumerRecord<String, String> record = forTask.get(0);
        // Debezium Server writes header values as JSON
        assertThat(KafkaTopics.header(record, "eventId"))
                .isEqualTo('"' + written.eventId().toString() + '"');
        assertThat(KafkaTopics.header(record, "eventName")).isEqualTo("\"Task.Created\"");
        assertThat(KafkaTopics.header(record, "eventVersion")).isEqualTo("2");
        JsonNode body = EventJson.mapper().readTree(record.value());
        assertThat(new EventValidator().validate(body).reasons()).isEmpty();
        assertThat(body.get("eventId").asText()).isEqualTo(written.eventId().toString());
        assertThat(body.get("producer").asText()).isEqualTo("tasks");
        assertThat(body.at("/data/title").asText()).isEqualTo("Clean the cage");
        assertThat(body.at("/data/jiraId").asText()).isEqualTo("UBERPOP-12");
    }

    @Test
    void aWriteThatRollsBackLeavesNoOutboxRowAndNoEvent() {
        UUID rolledBack = UUID.randomUUID();
        assertThatThrownBy(() -> tasks.create(rolledBack, "Never happened", null, true))
                .hasMessageContaining("the domain rule failed");
        UUID after = UUID.randomUUID();
        tasks.create(after, "Happened after", null, false);

        assertThat(tasks.outboxRows(rolledBack)).isZero();
        List<ConsumerRecord<String, String>> records = readUntilKeys(Set.of(after.toString()));
        assertThat(records).noneMatch(r -> r.key().equals(rolledBack.toString()));
    }

    @Test
    void anEventThatDoesNotMatchItsSchemaIsNeverWritten() {
        UUID task = UUID.randomUUID();
        assertThatThrownBy(() -> tasks.create(task, "", null, false))
                .hasMessageContaining("Task.Created v2 does not match its schema")
                .hasMessageContaining("/data/title");
        assertThat(tasks.outboxRows(task)).isZero();
    }

    @Test
    void debeziumKilledMidStreamLosesNothing() throws Exception {
        int total = 1500;
        Map<UUID, UUID> written = new ConcurrentHashMap<>(); // task id -> event id
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                UUID task = UUID.randomUUID();
                written.put(task, tasks.create(task, "Task " + i, null, false).eventId());
                count.incrementAndGet();
            }
        });
        while (count.get() < total / 3 && !writer.isDone()) {
            Thread.sleep(5);
        }
        debezium.kill();
        LOG.infof("Debezium Server killed after %d of %d events were written", count.get(), total);
        Thread.sleep(1000);
        debezium.start();
        LOG.infof("Debezium Server back after %d of %d events were written", count.get(), total);
        writer.get();

        List<ConsumerRecord<String, String>> records =
                readUntilKeys(written.keySet().stream().map(UUID::toString).collect(Collectors.toSet()));
        Map<String, Long> perEvent = records.stream()
                .map(r -> KafkaTopics.header(r, "eventId"))
                .filter(id -> id != null)
                .map(id -> id.replace("\"", ""))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Set<String> writtenIds = written.values().stream().map(UUID::toString).collect(Collectors.toSet());
        assertThat(perEvent.keySet()).containsAll(writtenIds);
        long duplicates =
                writtenIds.stream().mapToLong(id -> perEvent.get(id) - 1).sum();
        LOG.infof("all %d events arrived after the kill; %d arrived twice", total, duplicates);
    }

    @Test
    void aLogicalDecodingMessageInTheDatabaseDoesNotStopThePipeline() throws Exception {
        // another tool on the database (a migration, an extension, a monitoring probe) may emit one; Debezium would
        // send it to a topic '<prefix>.message' that does not exist and stop
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_logical_emit_message(true, 'someone-else', 'not an event')");
        }
        UUID after = UUID.randomUUID();
        tasks.create(after, "Written after the message", null, false);

        readUntilKeys(Set.of(after.toString()));
    }

    private static List<ConsumerRecord<String, String>> readUntilKeys(Set<String> keys) {
        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(
                "tasks-stream",
                WAIT,
                read -> read.stream()
                        .map(ConsumerRecord::key)
                        .collect(Collectors.toSet())
                        .containsAll(keys));
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                .containsAll(keys);
        return records;
    }
}

package com.uberpopug.ates.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.OutboxRow;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.platform.outbox.InvalidEventException;
import com.uberpopug.ates.platform.outbox.OutboxEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@code Outbox.publish} leaves in the table, read back from the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
class OutboxTest {

    @Inject
    TestTasks tasks;

    @Inject
    EntityManager entityManager;

    @Test
    void aPublishedEventIsStoredAsExactlyTheSharedOutboxRowOfItsEnvelope() throws Exception {
        UUID task = UUID.randomUUID();
        EventEnvelope<TaskCreatedV2> written = tasks.create(task, "Water the ferns", "UBERPOP-7", false);

        OutboxEvent stored =
                QuarkusTransaction.requiringNew().call(() -> entityManager.find(OutboxEvent.class, written.eventId()));

        OutboxRow expected = OutboxRow.of(written);
        assertThat(stored.id).isEqualTo(expected.id());
        assertThat(stored.aggregateType).isEqualTo(expected.aggregateType()).isEqualTo("tasks-stream");
        assertThat(stored.aggregateId).isEqualTo(expected.aggregateId()).isEqualTo(task.toString());
        assertThat(stored.type).isEqualTo(expected.type()).isEqualTo("Task.Created");
        assertThat(stored.eventVersion).isEqualTo(expected.eventVersion()).isEqualTo(2);
        assertThat(stored.timestamp).isEqualTo(expected.timestamp()).isEqualTo(written.eventTime());
        // jsonb keeps the value, not the text: compare as JSON
        assertThat(EventJson.mapper().readTree(stored.payload))
                .isEqualTo(EventJson.mapper().readTree(expected.payload()));
    }

    @Test
    void aChangesEventsAreWrittenTogetherEachAsTheOutboxRowOfItsEnvelope() throws Exception {
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        List<EventEnvelope<?>> written = tasks.createAll(ids, List.of("Feed the cat", "Walk the dog", "Mow the lawn"));

        assertThat(written).extracting(e -> ((TaskCreatedV2) e.data()).taskId()).containsExactlyElementsOf(ids);
        assertThat(written).extracting(EventEnvelope::eventId).doesNotHaveDuplicates();
        for (EventEnvelope<?> envelope : written) {
            OutboxEvent stored = QuarkusTransaction.requiringNew()
                    .call(() -> entityManager.find(OutboxEvent.class, envelope.eventId()));
            OutboxRow expected = OutboxRow.of(envelope);
            assertThat(stored.aggregateId).isEqualTo(expected.aggregateId());
            assertThat(stored.type).isEqualTo("Task.Created");
            assertThat(stored.eventVersion).isEqualTo(2);
            assertThat(stored.timestamp).isEqualTo(envelope.eventTime());
            assertThat(EventJson.mapper().readTree(stored.payload))
                    .isEqualTo(EventJson.mapper().readTree(expected.payload()));
        }
    }

    @Test
    void oneInvalidEventAmongAChangesEventsWritesNoneOfThemNorTheChange() {
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());

        assertThatThrownBy(() -> tasks.createAll(ids, List.of("Feed the cat", "")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("title");

        for (UUID id : ids) {
            assertThat(tasks.outboxRows(id)).isZero();
        }
    }
}

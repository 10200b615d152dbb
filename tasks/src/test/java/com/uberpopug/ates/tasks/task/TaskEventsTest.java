package com.uberpopug.ates.tasks.task;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestDatabase.OutboxRow;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events each action writes to the outbox, in its transaction: name, version, topic, key (the task id) and a
 * body valid against the event's schema.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class TaskEventsTest {

    private static final EventValidator CONTRACTS = new EventValidator();

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void everyoneSignedIn() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
    }

    @Test
    void creatingATaskWritesTaskCreatedV2AndTaskAssignedV2WithTheReasonCreated() {
        String popug1 = database.accountId("popug1");
        PinnedRandom.assignTo(database, popug1);
        String id = createTask("manager", "Paint the fence", "UBERPOP-7", "white")
                .statusCode(201)
                .extract()
                .path("id");

        Map<String, OutboxRow> events = byName(database.outbox(id));
        assertThat(events).containsOnlyKeys("Task.Created", "Task.Assigned");

        OutboxRow created = events.get("Task.Created");
        assertValid(created, id, "tasks-stream", 2);
        assertThat(created.payload().at("/data/title").asText()).isEqualTo("Paint the fence");
        assertThat(created.payload().at("/data/jiraId").asText()).isEqualTo("UBERPOP-7");
        assertThat(created.payload().at("/data/description").asText()).isEqualTo("white");

        OutboxRow assigned = events.get("Task.Assigned");
        assertValid(assigned, id, "tasks-lifecycle", 2);
        assertThat(assigned.payload().at("/data/assigneeId").asText()).isEqualTo(popug1);
        assertThat(assigned.payload().at("/data/previousAssigneeId").isNull()).isTrue();
        assertThat(assigned.payload().at("/data/reason").asText()).isEqualTo("created");
    }

    @Test
    void completingATaskWritesTaskCompletedV1AndTaskUpdatedV1() {
        String popug3 = database.accountId("popug3");
        PinnedRandom.assignTo(database, popug3);
        String id = createTask("popug1", "Close the window", null, null)
                .statusCode(201)
                .extract()
                .path("id");

        as("popug3").post("/api/tasks/" + id + "/complete").then().statusCode(200);

        Map<String, OutboxRow> events = byName(database.outbox(id));
        assertThat(events).containsOnlyKeys("Task.Created", "Task.Assigned", "Task.Completed", "Task.Updated");
        OutboxRow completed = events.get("Task.Completed");
        assertValid(completed, id, "tasks-lifecycle", 1);
        assertThat(completed.payload().at("/data/assigneeId").asText()).isEqualTo(popug3);
        OutboxRow updated = events.get("Task.Updated");
        assertValid(updated, id, "tasks-stream", 1);
        assertThat(updated.payload().at("/data/status").asText()).isEqualTo("DONE");
        assertThat(updated.payload().at("/data/title").asText()).isEqualTo("Close the window");
        assertThat(updated.payload().at("/data/jiraId").isNull()).isTrue();
    }

    @Test
    void refusedActionsWriteNoEvents() {
        PinnedRandom.assignTo(database, database.accountId("popug3"));
        String id = createTask("popug1", "Refusals").statusCode(201).extract().path("id");
        long before = database.count("SELECT count(*) FROM outbox_event");

        createTask("popug1", "[UBERPOP-1] Refused").statusCode(400);
        as("popug1").post("/api/tasks/" + id + "/complete").then().statusCode(403);
        as("popug1").post("/api/tasks/reassign").then().statusCode(403);

        assertThat(database.count("SELECT count(*) FROM outbox_event")).isEqualTo(before);
    }

    @Test
    void reassigningWritesOneValidTaskAssignedV2PerOpenTaskWithItsPreviousAssigneeAndNoneForDoneOnes() {
        String popug4 = database.accountId("popug4");
        PinnedRandom.assignTo(database, popug4);
        String open = createTask("popug1", "Open one").statusCode(201).extract().path("id");
        String done = createTask("popug1", "Done one").statusCode(201).extract().path("id");
        as("popug4").post("/api/tasks/" + done + "/complete").then().statusCode(200);
        PinnedRandom.assignTo(database, database.accountId("popug5"));
        long openTasks = database.count("SELECT count(*) FROM task WHERE status = 'OPEN'");
        long assignedBefore = database.count("SELECT count(*) FROM outbox_event WHERE type = 'Task.Assigned'");

        as("manager").post("/api/tasks/reassign").then().statusCode(200);

        assertThat(database.count("SELECT count(*) FROM outbox_event WHERE type = 'Task.Assigned'"))
                .isEqualTo(assignedBefore + openTasks);
        List<OutboxRow> forOpen = database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", open);
        assertThat(forOpen).hasSize(2);
        OutboxRow reassigned = forOpen.stream()
                .filter(r -> r.payload().at("/data/assigneeId").asText().equals(database.accountId("popug5")))
                .findFirst()
                .orElseThrow();
        assertValid(reassigned, open, "tasks-lifecycle", 2);
        assertThat(reassigned.payload().at("/eventId").asText())
                .isEqualTo(reassigned.id().toString());
        assertThat(reassigned.payload().at("/data/previousAssigneeId").asText()).isEqualTo(popug4);
        assertThat(reassigned.payload().at("/data/reason").asText()).isEqualTo("reshuffle");
        assertThat(database.outboxWhere("aggregateid = ?", done))
                .extracting(OutboxRow::type)
                .containsExactlyInAnyOrder("Task.Created", "Task.Assigned", "Task.Completed", "Task.Updated");
        // the set-based rows of the reshuffle, every one of them, against the schema
        database.outboxWhere("type = 'Task.Assigned' AND eventversion = 2")
                .forEach(row -> assertValid(row, row.aggregateId(), "tasks-lifecycle", 2));
        assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", open))
                .allMatch(row -> row.eventVersion() == 2);
    }

    private static Map<String, OutboxRow> byName(List<OutboxRow> rows) {
        return rows.stream().collect(Collectors.toMap(OutboxRow::type, Function.identity()));
    }

    private static void assertValid(OutboxRow row, String taskId, String topic, int version) {
        JsonNode event = row.payload();
        assertThat(CONTRACTS.validate(event).reasons())
                .as("schema of %s", event)
                .isEmpty();
        assertThat(row.aggregateId()).isEqualTo(taskId);
        assertThat(row.aggregateType()).isEqualTo(topic);
        assertThat(row.eventVersion()).isEqualTo(version);
        assertThat(event.get("eventName").asText()).isEqualTo(row.type());
        assertThat(event.get("eventVersion").asInt()).isEqualTo(version);
        assertThat(event.get("eventId").asText()).isEqualTo(row.id().toString());
        assertThat(event.get("producer").asText()).isEqualTo("tasks");
        assertThat(event.at("/data/taskId").asText()).isEqualTo(taskId);
    }
}

package com.uberpopug.ates.tasks.task;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reshuffle (T5): managers and admins only; every open task moves, done tasks never. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class TaskReassignmentTest {

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void everyoneSignedIn() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
    }

    @Test
    void workerCannotReassign() {
        for (String notAllowed : List.of("popug1", "accountant")) {
            as(notAllowed).post("/api/tasks/reassign").then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("status", equalTo(403));
        }
    }

    @Test
    void managersAndAdminsReassignEveryOpenTaskAndItMayBePressedAgain() {
        createTask("popug1", "Open before the reshuffle").statusCode(201);
        long open = database.count("SELECT count(*) FROM task WHERE status = 'OPEN'");

        as("manager").post("/api/tasks/reassign").then().statusCode(200).body("reassigned", equalTo((int) open));
        as("admin").post("/api/tasks/reassign").then().statusCode(200).body("reassigned", equalTo((int) open));
        assertThat(database.count("SELECT count(*) FROM task t JOIN account a ON a.id = t.assignee_id "
                + "WHERE a.role IN ('MANAGER', 'ADMIN') OR a.deleted")).isZero();
    }

    @Test
    void aDoneTaskIsNotReassigned() {
        String popug2 = database.accountId("popug2");
        PinnedRandom.assignTo(database, popug2);
        String done = createTask("popug1", "Done before the reshuffle").statusCode(201).extract().path("id");
        String open = createTask("popug1", "Open at the reshuffle").statusCode(201).extract().path("id");
        String completedAt = as("popug2").post("/api/tasks/" + done + "/complete").then().statusCode(200)
                .extract().path("completedAt");
        PinnedRandom.assignTo(database, database.accountId("accountant"));

        as("manager").post("/api/tasks/reassign").then().statusCode(200);

        as("popug1").get("/api/tasks/" + done).then()
                .body("status", equalTo("DONE"))
                .body("assignee.username", equalTo("popug2"))
                .body("completedAt", equalTo(completedAt));
        as("popug1").get("/api/tasks/" + open).then()
                .body("status", equalTo("OPEN"))
                .body("assignee.username", equalTo("accountant"));
        assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", done)).hasSize(1);
        assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", open)).hasSize(2);
    }

    @Test
    void everyOpenTaskGoesToARandomCandidateAcrossManyBatches() {
        // more tasks than one batch holds (the test profile's batch size is 7), straight into the table
        String popug1 = database.accountId("popug1");
        database.update("INSERT INTO task (id, title, status, assignee_id, created_at) "
                + "SELECT gen_random_uuid(), 'Bulk ' || n, 'OPEN', ?, now() FROM generate_series(1, 40) n", popug1);
        long open = database.count("SELECT count(*) FROM task WHERE status = 'OPEN'");
        long done = database.count("SELECT count(*) FROM task WHERE status = 'DONE'");

        as("admin").post("/api/tasks/reassign").then().statusCode(200).body("reassigned", equalTo((int) open));

        List<String> assignees = new ArrayList<>(database.strings(
                "SELECT assignee_id FROM task WHERE title LIKE 'Bulk %'"));
        assertThat(database.candidates()).containsAll(new HashSet<>(assignees));
        Set<String> distinct = new HashSet<>(assignees);
        assertThat(distinct).hasSizeGreaterThan(1);
        assertThat(database.count("SELECT count(*) FROM task WHERE status = 'DONE'")).isEqualTo(done);
    }
}

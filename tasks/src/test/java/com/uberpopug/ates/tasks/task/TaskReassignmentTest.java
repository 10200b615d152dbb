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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
            as(notAllowed)
                    .post("/api/tasks/reassign")
                    .then()
                    .statusCode(403)
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
                        + "WHERE a.role IN ('MANAGER', 'ADMIN') OR a.deleted"))
                .isZero();
    }

    @Test
    void everyMoveOfAReshuffleIsPublishedInTheTraceOfTheRequestThatAskedForIt() {
        createTask("popug1", "Open before a traced reshuffle").statusCode(201);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e" + String.format("%04x", (int) (System.nanoTime() & 0xffff));

        int reassigned = as("manager")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .post("/api/tasks/reassign")
                .then()
                .statusCode(200)
                .extract()
                .path("reassigned");

        assertThat(reassigned).isPositive();
        // each move's outbox row names its publish span, in the caller's trace, for Debezium to send as a header
        assertThat(database.count(
                        "SELECT count(*) FROM outbox_event WHERE type = 'Task.Assigned' AND traceparent LIKE ?",
                        "00-" + traceId + "-%"))
                .isEqualTo(reassigned);
    }

    @Test
    void aDoneTaskIsNotReassigned() {
        String popug2 = database.accountId("popug2");
        PinnedRandom.assignTo(database, popug2);
        String done = createTask("popug1", "Done before the reshuffle")
                .statusCode(201)
                .extract()
                .path("id");
        String open = createTask("popug1", "Open at the reshuffle")
                .statusCode(201)
                .extract()
                .path("id");
        String completedAt = as("popug2")
                .post("/api/tasks/" + done + "/complete")
                .then()
                .statusCode(200)
                .extract()
                .path("completedAt");
        PinnedRandom.assignTo(database, database.accountId("accountant"));

        as("manager").post("/api/tasks/reassign").then().statusCode(200);

        as("popug1")
                .get("/api/tasks/" + done)
                .then()
                .body("status", equalTo("DONE"))
                .body("assignee.username", equalTo("popug2"))
                .body("completedAt", equalTo(completedAt));
        as("popug1")
                .get("/api/tasks/" + open)
                .then()
                .body("status", equalTo("OPEN"))
                .body("assignee.username", equalTo("accountant"));
        assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", done))
                .hasSize(1);
        assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", open))
                .hasSize(2);
    }

    @Test
    void everyOpenTaskGoesToARandomCandidateAcrossManyBatches() {
        // more tasks than one batch holds (the test profile's batch size is 7), straight into the table
        String popug1 = database.accountId("popug1");
        database.update(
                "INSERT INTO task (id, title, status, assignee_id, created_at) "
                        + "SELECT gen_random_uuid(), 'Bulk ' || n, 'OPEN', ?, now() FROM generate_series(1, 40) n",
                popug1);
        long open = database.count("SELECT count(*) FROM task WHERE status = 'OPEN'");
        long done = database.count("SELECT count(*) FROM task WHERE status = 'DONE'");

        as("admin").post("/api/tasks/reassign").then().statusCode(200).body("reassigned", equalTo((int) open));

        List<String> assignees =
                new ArrayList<>(database.strings("SELECT assignee_id FROM task WHERE title LIKE 'Bulk %'"));
        assertThat(database.candidates()).containsAll(new HashSet<>(assignees));
        Set<String> distinct = new HashSet<>(assignees);
        assertThat(distinct).hasSizeGreaterThan(1);
        assertThat(database.count("SELECT count(*) FROM task WHERE status = 'DONE'"))
                .isEqualTo(done);
    }

    @Test
    void aReshuffleBrokenPartWayMovesNoTaskAndSaysSo() throws Exception {
        // many batches (the test profile's batch size is 7), so that the break lands between two of them
        String popug1 = database.accountId("popug1");
        database.update(
                "INSERT INTO task (id, title, status, assignee_id, created_at) "
                        + "SELECT gen_random_uuid(), 'Unbroken ' || n, 'OPEN', ?, now() FROM generate_series(1, 8000) n",
                popug1);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 1; ; attempt++) {
                Map<String, String> before = assignees();
                long assignedBefore = database.count("SELECT count(*) FROM outbox_event WHERE type = 'Task.Assigned'");
                Future<io.restassured.response.Response> reshuffle = caller.submit(() ->
                        as("admin").post("/api/tasks/reassign").then().extract().response());
                boolean broken = killTheReshufflesConnection(reshuffle);
                io.restassured.response.Response answer = reshuffle.get();
                if (!broken || answer.statusCode() == 200) {
                    // it finished before the break could land: all of it moved; try again
                    assertThat(attempt)
                            .as("the reshuffle kept finishing before it could be broken")
                            .isLessThan(5);
                    continue;
                }
                assertThat(assignees()).as("every open task where it was").isEqualTo(before);
                assertThat(database.count("SELECT count(*) FROM outbox_event WHERE type = 'Task.Assigned'"))
                        .as("no Task.Assigned written, so no fee charged")
                        .isEqualTo(assignedBefore);
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.jsonPath().getString("detail")).contains("no task moved");
                break;
            }
        } finally {
            caller.shutdownNow();
            database.update("UPDATE task SET status = 'DONE', completed_at = now() WHERE title LIKE 'Unbroken %'");
        }
    }

    /** Terminates the database session running the reshuffle's batches, as a failover would; false if none ran. */
    private boolean killTheReshufflesConnection(Future<?> reshuffle) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        String running = "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%WITH batch AS%' "
                + "AND state <> 'idle'";
        while (System.nanoTime() < deadline && !reshuffle.isDone()) {
            if (database.count("SELECT count(*) " + running) > 0) {
                // well into it: many batches of 7 have been moved by now, and well before its end (8,000 tasks
                // take over a second once the JIT has warmed up; 3,000 once took 0.5 s, and a break after 300 ms
                // came too late five times in a row)
                Thread.sleep(100);
                return database.strings("SELECT pg_terminate_backend(pid)::text " + running)
                        .contains("true");
            }
            Thread.sleep(5);
        }
        return false;
    }

    private Map<String, String> assignees() {
        Map<String, String> assignees = new HashMap<>();
        database.query(
                "SELECT id::text, assignee_id FROM task WHERE status = 'OPEN'",
                row -> assignees.put(row.getString(1), row.getString(2)));
        return assignees;
    }
}

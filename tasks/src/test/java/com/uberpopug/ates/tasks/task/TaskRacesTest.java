package com.uberpopug.ates.tasks.task;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The races users can start by pressing buttons at the same time, each run many rounds with the threads released
 * together. What is checked is what billing will charge and pay for: the task's events in the outbox.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class TaskRacesTest {

    private static final int ROUNDS = Integer.getInteger("ates.test.race-rounds", 200);

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
        threads = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void sixteenCompletesOfOneTaskGiveOneSuccessAndOneCompletion() throws Exception {
        PinnedRandom.assignTo(database, database.accountId("popug3"));
        for (int round = 0; round < ROUNDS; round++) {
            JsonPath task = createTask("popug1", "Race " + round)
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            String id = task.getString("id");
            String assignee = task.getString("assignee.username");

            List<Integer> statuses = together(
                    16,
                    () -> as(assignee)
                            .post("/api/tasks/" + id + "/complete")
                            .then()
                            .extract()
                            .statusCode());

            assertThat(statuses).as("round %d", round).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200))
                    .as("round %d", round)
                    .hasSize(1);
            assertThat(events(id, "Task.Completed")).as("round %d", round).hasSize(1);
        }
    }

    @Test
    void completeAgainstReassignEndsEitherCompletedOrMovedNeverBoth() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            JsonPath task = taskOfSomeoneWhoCanSignIn("Complete or move " + round);
            String id = task.getString("id");
            String assignee = task.getString("assignee.username");

            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> complete = threads.submit(() -> {
                start.await();
                return as(assignee)
                        .post("/api/tasks/" + id + "/complete")
                        .then()
                        .extract()
                        .statusCode();
            });
            Future<Integer> reassign = threads.submit(() -> {
                start.await();
                return as("manager")
                        .post("/api/tasks/reassign")
                        .then()
                        .extract()
                        .statusCode();
            });
            start.countDown();
            assertThat(reassign.get()).as("round %d", round).isEqualTo(200);
            int completed = complete.get();
            assertThat(completed).as("round %d", round).isIn(200, 403);

            List<JsonNode> history = history(id);
            int completion = indexOf(history, "Task.Completed");
            if (completed == 200) {
                assertThat(completion)
                        .as("round %d: completed, with its event", round)
                        .isNotNegative();
                assertThat(history.subList(completion + 1, history.size()))
                        .filteredOn(e -> e.path("eventName").asText().equals("Task.Assigned"))
                        .as("round %d: moved after completion", round)
                        .isEmpty();
                JsonNode lastAssignment = history.get(lastIndexOf(history.subList(0, completion), "Task.Assigned"));
                assertThat(history.get(completion).at("/data/assigneeId").asText())
                        .as("round %d: completed by the one it was assigned to", round)
                        .isEqualTo(lastAssignment.at("/data/assigneeId").asText());
            } else {
                assertThat(completion)
                        .as("round %d: refused, not completed", round)
                        .isNegative();
                done(id);
            }
        }
    }

    @Test
    void reassignWhileTasksAreCreatedLeavesEveryOpenTaskWithAnEligibleAssigneeAndOneEventPerAssignment()
            throws Exception {
        List<String> eligible = database.candidates();
        List<Future<String>> created = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 60; i++) {
            int n = i;
            created.add(threads.submit(() -> {
                start.await();
                return createTask("popug2", "Created during reshuffles " + n)
                        .statusCode(201)
                        .extract()
                        .<String>path("id");
            }));
        }
        List<Future<Integer>> reassigns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reassigns.add(threads.submit(() -> {
                start.await();
                return as("admin").post("/api/tasks/reassign").then().extract().statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> reassign : reassigns) {
            assertThat(reassign.get()).isEqualTo(200);
        }
        for (Future<String> task : created) {
            String id = task.get();
            Map<String, String> row = taskRow(id);
            assertThat(row.get("status")).isEqualTo("OPEN");
            assertThat(eligible).as("assignee of %s", id).contains(row.get("assignee_id"));
            List<JsonNode> assignments = history(id).stream()
                    .filter(e -> e.path("eventName").asText().equals("Task.Assigned"))
                    .toList();
            assertThat(assignments).as("assignments of %s", id).isNotEmpty();
            assertThat(assignments)
                    .extracting(e -> e.at("/data/assigneeId").asText())
                    .as("every Task.Assigned of %s names an eligible employee, and one names who has it", id)
                    .allMatch(eligible::contains)
                    .contains(row.get("assignee_id"));
            assertThat(assignments.stream().map(e -> e.path("eventId").asText()).distinct())
                    .as("one event per assignment of %s", id)
                    .hasSameSizeAs(assignments);
        }
    }

    /**
     * A new task whose assignee is a seeded user, who can sign in to complete it (other tests add accounts that
     * exist only in the replica); tasks that went to someone else are closed at once.
     */
    private JsonPath taskOfSomeoneWhoCanSignIn(String title) {
        Set<String> seeded = Set.of("popug1", "popug2", "popug3", "popug4", "popug5", "accountant");
        for (int attempt = 0; attempt < 50; attempt++) {
            JsonPath task =
                    createTask("popug1", title).statusCode(201).extract().jsonPath();
            if (seeded.contains(task.getString("assignee.username"))) {
                return task;
            }
            done(task.getString("id"));
        }
        throw new AssertionError("50 tasks in a row went to accounts nobody can sign in as");
    }

    /** Closes a task behind the API, so that later rounds' reshuffles do not keep moving it. */
    private void done(String id) {
        database.update(
                "UPDATE task SET status = 'DONE', completed_at = now() WHERE id = ?::uuid AND status = 'OPEN'", id);
    }

    private <T> List<T> together(int count, Callable<T> action) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(threads.submit(() -> {
                start.await();
                return action.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private List<JsonNode> events(String taskId, String eventName) {
        return history(taskId).stream()
                .filter(e -> e.path("eventName").asText().equals(eventName))
                .toList();
    }

    /** The task's events in the order of their time (those of one transaction share it). */
    private List<JsonNode> history(String taskId) {
        return database.outboxWhere("aggregateid = ? ORDER BY timestamp", taskId).stream()
                .map(TestDatabase.OutboxRow::payload)
                .toList();
    }

    private Map<String, String> taskRow(String id) {
        Map<String, String> row = new HashMap<>();
        database.query(
                "SELECT status, assignee_id FROM task WHERE id = ?::uuid",
                result -> {
                    row.put("status", result.getString(1));
                    row.put("assignee_id", result.getString(2));
                },
                id);
        return row;
    }

    private static int indexOf(List<JsonNode> events, String eventName) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("eventName").asText().equals(eventName)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<JsonNode> events, String eventName) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).path("eventName").asText().equals(eventName)) {
                return i;
            }
        }
        return -1;
    }
}

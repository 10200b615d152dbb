package com.uberpopug.ates.tasks.task;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.MalformedInput;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated malformed input at every endpoint of the tasks API: the answer is always a 4xx problem, never a 5xx,
 * and nothing is written (no task, no event).
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class TaskMalformedInputTest {

    private static final int DRAWS = 40;

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void everyoneSignedIn() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
    }

    @Test
    void aNewTaskWithMalformedFieldsIsRefused() {
        List<String> texts = MalformedInput.texts(DRAWS);
        List<String> wrongTypes = MalformedInput.jsonOfTheWrongType();
        refusedWithoutEffect(
                texts,
                text -> as("popug1")
                        .contentType(ContentType.JSON)
                        .body(java.util.Map.of("title", text))
                        .post("/api/tasks"));
        refusedWithoutEffect(
                texts,
                text -> as("popug1")
                        .contentType(ContentType.JSON)
                        .body(java.util.Map.of("title", "Fine", "jiraId", text))
                        .post("/api/tasks"));
        refusedWithoutEffect(
                texts,
                text -> as("popug1")
                        .contentType(ContentType.JSON)
                        .body(java.util.Map.of("title", "Fine", "description", text))
                        .post("/api/tasks"));
        for (String field : List.of("title", "jiraId", "description")) {
            refusedWithoutEffect(
                    wrongTypes,
                    json -> as("popug1")
                            .contentType(ContentType.JSON)
                            .body("{\"title\":\"Fine\",\"" + field + "\":" + json + "}")
                            .post("/api/tasks"));
        }
        refusedWithoutEffect(
                wrongTypes,
                json -> as("popug1").contentType(ContentType.JSON).body(json).post("/api/tasks"));
    }

    @Test
    void listsWithMalformedParametersAreRefused() {
        List<String> numbers = MalformedInput.numbers(DRAWS);
        List<String> texts = MalformedInput.parameters(DRAWS);
        for (String list : List.of("/api/tasks", "/api/tasks/mine")) {
            refusedWithoutEffect(
                    numbers, n -> as("popug1").queryParam("page", n).get(list));
            refusedWithoutEffect(
                    numbers, n -> as("popug1").queryParam("size", n).get(list));
            refusedWithoutEffect(
                    texts, s -> as("popug1").queryParam("status", s).get(list));
        }
    }

    @Test
    void malformedTaskIdsAreRefused() {
        List<String> ids = MalformedInput.ids(DRAWS);
        refusedWithoutEffect(ids, id -> as("popug1").get("/api/tasks/{id}", id));
        refusedWithoutEffect(ids, id -> as("popug1").post("/api/tasks/{id}/complete", id));
    }

    /**
     * The events these requests could write. Assignments are left out: a hand-over after an account event of an
     * earlier test of this JVM may write one while these requests run.
     */
    private static final String CREATED_OR_COMPLETED =
            "SELECT count(*) FROM outbox_event WHERE type IN ('Task.Created', 'Task.Completed')";

    /** Each value's answer is a 4xx problem, and no task and no event was written meanwhile. */
    private void refusedWithoutEffect(List<String> values, Function<String, Response> request) {
        long tasks = database.count("SELECT count(*) FROM task");
        long events = database.count(CREATED_OR_COMPLETED);
        assertThat(MalformedInput.notRefused(values, request))
                .as("answers that are not a 4xx problem")
                .isEmpty();
        assertThat(database.count("SELECT count(*) FROM task"))
                .as("tasks written")
                .isEqualTo(tasks);
        assertThat(database.count(CREATED_OR_COMPLETED)).as("events written").isEqualTo(events);
    }
}

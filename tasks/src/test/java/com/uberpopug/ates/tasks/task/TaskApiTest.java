package com.uberpopug.ates.tasks.task;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tasks API: every endpoint, every answer it may give. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class TaskApiTest {

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void everyoneSignedIn() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
    }

    @Test
    void anyoneCreatesATaskThatStartsOpenAndAssigned() {
        Instant before = Instant.now();
        ExtractableResponse<Response> created = createTask("popug2", "Feed the parrots", "UBERPOP-42", "twice a day")
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("title", equalTo("Feed the parrots"))
                .body("jiraId", equalTo("UBERPOP-42"))
                .body("description", equalTo("twice a day"))
                .body("status", equalTo("OPEN"))
                .body("assignee.id", notNullValue())
                .body("assignee.username", notNullValue())
                .body("completedAt", nullValue())
                .extract();
        String id = created.path("id");

        assertThat(created.header("Location")).endsWith("/api/tasks/" + id);
        assertThat(created.<java.util.Map<String, Object>>path(""))
                .containsOnlyKeys(
                        "id", "title", "jiraId", "description", "status", "assignee", "createdAt", "completedAt");
        assertThat(Instant.parse(created.<String>path("createdAt"))).isAfterOrEqualTo(before.minusSeconds(1));
        as("popug3")
                .get(created.header("Location"))
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("assignee.id", equalTo(created.path("assignee.id")));
    }

    @Test
    void jiraIdAndDescriptionAreOptional() {
        createTask("popug1", "Sweep the cage", null, null)
                .statusCode(201)
                .body("jiraId", nullValue())
                .body("description", nullValue());
        createTask("popug1", "  Sweep it again  ", "  ", "")
                .statusCode(201)
                .body("title", equalTo("Sweep it again"))
                .body("jiraId", nullValue())
                .body("description", nullValue());
    }

    @Test
    void aBlankTitleIsRefused() {
        createTask("popug1", "   ")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("title must not be blank"));
        createTask("popug1", null).statusCode(400).body("detail", containsString("title must not be blank"));
    }

    @Test
    void aTitleWithTheJiraIdInBracketsIsRefusedAndTheAnswerSaysToUseTheJiraIdField() {
        for (String title : List.of("[UBERPOP-42] Fix the login", "Fix [the] login", "Fix the login ]", "[ Fix")) {
            createTask("popug1", title)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Invalid task"))
                    .body("detail", containsString("'['"))
                    .body("detail", containsString("jiraId field"))
                    .body("errors", hasItem(containsString("jiraId field")));
        }
        assertThat(database.count("SELECT count(*) FROM task WHERE title LIKE '%[%' OR title LIKE '%]%'"))
                .isZero();
    }

    @Test
    void aMalformedJiraIdOrAnOverlongFieldIsRefused() {
        createTask("popug1", "Fine title", "[UBERPOP-42]", null)
                .statusCode(400)
                .body("detail", containsString("jiraId must be a Jira issue key such as UBERPOP-42"));
        createTask("popug1", "x".repeat(256))
                .statusCode(400)
                .body("detail", containsString("title must be at most 255 characters"));
    }

    @Test
    void textWithANulACharacterOfControlOrALoneSurrogateIsRefusedAndNothingIsWritten() {
        long before = database.count("SELECT count(*) FROM task");
        for (String body : List.of(
                "{\"title\": \"Fix\\u0000 the login\"}",
                "{\"title\": \"Fix the login\", \"description\": \"first\\u0000second\"}",
                "{\"title\": \"Fix the\\u0007 login\"}",
                "{\"title\": \"Fix the \\ud800 login\"}",
                "{\"title\": \"Fix the login\", \"description\": \"half \\udc00 a pair\"}")) {
            as("popug1")
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/tasks")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("must not contain"));
        }
        assertThat(database.count("SELECT count(*) FROM task")).isEqualTo(before);
    }

    @Test
    void aRequestWithoutABodyOrWithBrokenJsonIsRefused() {
        as("popug1")
                .contentType(ContentType.JSON)
                .post("/api/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("title"));
        as("popug1")
                .contentType(ContentType.JSON)
                .body("{\"title\": ")
                .post("/api/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not the JSON"));
    }

    @Test
    void everyEndpointAnswers401WithoutAToken() {
        String id =
                createTask("popug1", "Secret task").statusCode(201).extract().path("id");
        given().redirects()
                .follow(false)
                .contentType(ContentType.JSON)
                .body("{\"title\":\"x\"}")
                .post("/api/tasks")
                .then()
                .statusCode(401);
        given().redirects().follow(false).get("/api/tasks").then().statusCode(401);
        given().redirects().follow(false).get("/api/tasks/mine").then().statusCode(401);
        given().redirects().follow(false).get("/api/tasks/" + id).then().statusCode(401);
        given().redirects()
                .follow(false)
                .post("/api/tasks/" + id + "/complete")
                .then()
                .statusCode(401);
        given().redirects().follow(false).post("/api/tasks/reassign").then().statusCode(401);
        given().redirects()
                .follow(false)
                .auth()
                .oauth2("not-a-token")
                .get("/api/tasks")
                .then()
                .statusCode(401);
    }

    @Test
    void anUnknownTaskIs404() {
        as("popug1")
                .get("/api/tasks/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Task not found"));
        as("popug1")
                .get("/api/tasks/not-a-task-id")
                .then()
                .statusCode(404)
                .body("detail", containsString("not-a-task-id"));
        as("popug1")
                .post("/api/tasks/" + UUID.randomUUID() + "/complete")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void allTasksArePagedNewestFirstAndFilteredByStatus() {
        String first =
                createTask("popug1", "Paging one").statusCode(201).extract().path("id");
        String second =
                createTask("popug1", "Paging two").statusCode(201).extract().path("id");

        ExtractableResponse<Response> page0 = as("popug4")
                .get("/api/tasks?page=0&size=2")
                .then()
                .statusCode(200)
                .extract();
        assertThat(page0.<List<String>>path("id")).containsExactly(second, first);
        long total = Long.parseLong(page0.header("X-Total-Count"));
        assertThat(total).isGreaterThanOrEqualTo(2);
        as("popug4").get("/api/tasks?page=1&size=1").then().statusCode(200).body("id", equalTo(List.of(first)));

        as("popug4")
                .get("/api/tasks?status=OPEN&size=1000")
                .then()
                .statusCode(200)
                .body("status", everyItem(equalTo("OPEN")))
                .body("id", hasItem(second));
        as("popug4")
                .get("/api/tasks?status=done&size=1000")
                .then()
                .statusCode(200)
                .body("status", everyItem(equalTo("DONE")))
                .body("id", not(hasItem(second)));
        long open = Long.parseLong(as("popug4").get("/api/tasks?status=OPEN").header("X-Total-Count"));
        long done = Long.parseLong(as("popug4").get("/api/tasks?status=DONE").header("X-Total-Count"));
        assertThat(open + done)
                .isEqualTo(Long.parseLong(as("popug4").get("/api/tasks").header("X-Total-Count")));
    }

    @Test
    void listParametersTheApiCannotUseAre400() {
        as("popug1")
                .get("/api/tasks?status=LATE")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("status must be OPEN or DONE"));
        as("popug1").get("/api/tasks?page=-1").then().statusCode(400).body("detail", containsString("page"));
        as("popug1").get("/api/tasks?size=0").then().statusCode(400).body("detail", containsString("size"));
        as("popug1").get("/api/tasks?size=1001").then().statusCode(400).body("detail", containsString("size"));
        as("popug1").get("/api/tasks/mine?page=abc").then().statusCode(400).body("detail", containsString("page"));
    }

    @Test
    void eachEmployeeSeesTheTasksAssignedToThemOpenFirst() {
        String popug3 = database.accountId("popug3");
        PinnedRandom.assignTo(database, popug3);
        String done = createTask("popug1", "Mine, soon done")
                .statusCode(201)
                .extract()
                .path("id");
        String open =
                createTask("popug1", "Mine, open").statusCode(201).extract().path("id");
        as("popug3").post("/api/tasks/" + done + "/complete").then().statusCode(200);

        ExtractableResponse<Response> mine = as("popug3")
                .get("/api/tasks/mine?size=1000")
                .then()
                .statusCode(200)
                .body("assignee.username", everyItem(equalTo("popug3")))
                .extract();
        List<String> ids = mine.path("id");
        assertThat(ids).contains(open, done);
        assertThat(ids.indexOf(open)).isLessThan(ids.indexOf(done));
        List<String> statuses = mine.path("status");
        assertThat(statuses).isSortedAccordingTo((a, b) -> b.compareTo(a)); // every OPEN before every DONE
        as("popug3")
                .get("/api/tasks/mine?status=OPEN&size=1000")
                .then()
                .statusCode(200)
                .body("id", hasItem(open))
                .body("id", not(hasItem(done)));
        as("popug2")
                .get("/api/tasks/mine?size=1000")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(open)))
                .body("assignee.username", everyItem(equalTo("popug2")));
    }

    @Test
    void theAssigneeCompletesTheirTaskOnce() {
        PinnedRandom.assignTo(database, database.accountId("popug5"));
        String id =
                createTask("popug1", "Complete me").statusCode(201).extract().path("id");

        as("popug5")
                .post("/api/tasks/" + id + "/complete")
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("DONE"))
                .body("completedAt", notNullValue())
                .body("assignee.username", equalTo("popug5"));
        as("popug5")
                .post("/api/tasks/" + id + "/complete")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Task already done"))
                .body("detail", containsString("already completed"));
        as("popug1").get("/api/tasks/" + id).then().statusCode(200).body("status", equalTo("DONE"));
    }

    @Test
    void workerCannotCompleteSomeoneElsesTask() {
        PinnedRandom.assignTo(database, database.accountId("popug4"));
        String id = createTask("popug1", "Not yours").statusCode(201).extract().path("id");

        for (String other : List.of("popug1", "accountant", "manager", "admin")) {
            as(other)
                    .post("/api/tasks/" + id + "/complete")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Not your task"))
                    .body("detail", containsString("only its assignee can complete it"));
        }
        as("popug1")
                .get("/api/tasks/" + id)
                .then()
                .body("status", equalTo("OPEN"))
                .body("completedAt", nullValue());
        // someone else's task that is done is still not theirs: 403, not 409
        as("popug4").post("/api/tasks/" + id + "/complete").then().statusCode(200);
        as("popug1").post("/api/tasks/" + id + "/complete").then().statusCode(403);
    }

    @Test
    void theApiDescriptionListsEveryEndpoint() {
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/tasks/{id}/complete"))
                .body(containsString("/api/tasks/reassign"))
                .body(containsString("/api/tasks/mine"))
                .body(containsString("Reassign every open task"));
        given().get("/q/openapi").then().body(not(containsString("/ui/reassign")));
        as("popug1")
                .get("/api/tasks/mine")
                .then()
                .header("X-Total-Count", notNullValue())
                .header("Content-Type", containsString("json"));
    }
}

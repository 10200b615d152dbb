package com.uberpopug.ates.e2e;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Components die and come back; the money stays exact and no event is lost. Every test restores what it broke.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(120);
    private static WholeSystem system;

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
        for (String user : WholeSystem.EVERYONE) {
            system.as(user, "tasks").get("/api/tasks/mine").then().statusCode(200);
            system.as(user, "billing").get("/api/accounts/me").then().statusCode(200);
        }
    }

    @Test
    @Order(1)
    void billingKilledWhileTasksAreCompletedKeepsEveryBalanceExact() throws Exception {
        List<JsonPath> tasks = createTasks("billing-crash", 20);
        CompletableFuture<Void> completing = CompletableFuture.runAsync(
                () -> tasks.forEach(task -> system.as(task.getString("assignee.username"), "tasks")
                        .post("/api/tasks/" + task.getString("id") + "/complete")
                        .then()
                        .statusCode(200)));
        Thread.sleep(300);
        system.stack().service("billing").kill();
        completing.get();
        system.stack().service("billing").start();

        List<String> ids = tasks.stream().map(t -> t.getString("id")).toList();
        BillingView.awaitOneEntryEach("REWARD", ids, EVENTUALLY);
        BillingView.awaitOneEntryEach("FEE", ids, EVENTUALLY);
        BillingView.assertEveryBalanceIsTheSumOfItsEntries(EVENTUALLY);
    }

    @Test
    @Order(2)
    void aDebeziumServerKilledMidStreamLosesNothing() throws Exception {
        CompletableFuture<List<JsonPath>> creating = CompletableFuture.supplyAsync(() -> createTasks("cdc-crash", 30));
        Thread.sleep(500);
        system.stack().debezium("tasks").kill();
        List<JsonPath> tasks = creating.get();
        system.stack().debezium("tasks").start();

        awaitAFeeForEach(tasks);
    }

    @Test
    @Order(3)
    void kafkaRestartedTheSystemCatchesUp() {
        system.stack().kafka().stop();
        List<JsonPath> whileDown = createTasks("kafka-down", 5);
        system.stack().kafka().start();
        List<JsonPath> after = createTasks("kafka-back", 5);

        awaitAFeeForEach(whileDown);
        awaitAFeeForEach(after);
    }

    @Test
    @Order(4)
    void keycloakStoppedWhatIsLoggedInKeepsWorkingAndNothingIsLost() {
        String token = system.token("popug2");
        system.stack().keycloak().stop();
        try {
            JsonPath task = io.restassured.RestAssured.given()
                    .baseUri(system.url("tasks"))
                    .auth()
                    .oauth2(token)
                    .contentType("application/json")
                    .body(Map.of("title", "Written while Keycloak is down", "description", "resilience"))
                    .post("/api/tasks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            io.restassured.RestAssured.given()
                    .baseUri(system.url("billing"))
                    .auth()
                    .oauth2(token)
                    .get("/api/accounts/me")
                    .then()
                    .statusCode(200);
            system.stack().keycloak().start();
            awaitAFeeForEach(List.of(task));
        } finally {
            if (!system.stack().keycloak().isRunning()) {
                system.stack().keycloak().start();
            }
        }
    }

    private static List<JsonPath> createTasks(String label, int count) {
        List<JsonPath> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(system.as("popug1", "tasks")
                    .body(Map.of("title", label + " " + i, "description", "resilience"))
                    .post("/api/tasks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath());
        }
        return created;
    }

    private static void awaitAFeeForEach(List<JsonPath> tasks) {
        BillingView.awaitOneEntryEach(
                "FEE", tasks.stream().map(t -> t.getString("id")).toList(), EVENTUALLY);
        BillingView.assertEveryBalanceIsTheSumOfItsEntries(EVENTUALLY);
    }
}

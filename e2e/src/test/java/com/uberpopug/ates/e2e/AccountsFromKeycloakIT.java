package com.uberpopug.ates.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An employee who never logs in still exists for every service: Keycloak's event listener writes the account
 * change into Keycloak's outbox, its Debezium Server carries it to accounts-stream, and tasks and billing apply it.
 */
class AccountsFromKeycloakIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);
    private static WholeSystem system;

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
        for (String user : WholeSystem.EVERYONE) {
            system.as(user, "tasks").get("/api/tasks/mine").then().statusCode(200);
        }
    }

    @Test
    void aWorkerCreatedInKeycloakIsAssignedTasksAndHasAnAccountWithoutLoggingInUntilPromotedToManager() {
        String username = "newpopug-" + UUID.randomUUID().toString().substring(0, 8);
        String id = createUserWithRole(username, "worker");

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(BillingView.accounts())
                .anyMatch(account -> id.equals(account.get("id")) && username.equals(account.get("username"))));
        await().atMost(EVENTUALLY).until(() -> createTask().equals(username));

        grantRole(id, "manager");
        revokeRole(id, "worker");

        // once the promotion has arrived, fifty tasks in a row go to others (a worker would get one in seven)
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (int i = 0; i < 50; i++) {
                assertThat(createTask()).isNotEqualTo(username);
            }
        });
    }

    private static String createTask() {
        return system.as("popug3", "tasks").body(Map.of("title", "Who gets this?", "description", "accounts"))
                .post("/api/tasks").then().statusCode(201).extract().path("assignee.username");
    }

    private static String adminApi() {
        return system.stack().keycloak().url() + "/admin/realms/ates";
    }

    private static String adminToken() {
        return given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "keycloak").formParam("password", "keycloak")
                .post(system.stack().keycloak().url() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String createUserWithRole(String username, String role) {
        String location = given().auth().oauth2(adminToken()).contentType("application/json")
                .body(Map.of("username", username, "email", username + "@uberpopug.test", "enabled", true,
                        "firstName", "New", "lastName", "Popug"))
                .post(adminApi() + "/users").then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        grantRole(id, role);
        return id;
    }

    private static void grantRole(String userId, String role) {
        given().auth().oauth2(adminToken()).contentType("application/json").body(List.of(roleRepresentation(role)))
                .post(adminApi() + "/users/" + userId + "/role-mappings/realm").then().statusCode(204);
    }

    private static void revokeRole(String userId, String role) {
        given().auth().oauth2(adminToken()).contentType("application/json").body(List.of(roleRepresentation(role)))
                .delete(adminApi() + "/users/" + userId + "/role-mappings/realm").then().statusCode(204);
    }

    private static Map<String, Object> roleRepresentation(String role) {
        return given().auth().oauth2(adminToken()).get(adminApi() + "/roles/" + role)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }
}

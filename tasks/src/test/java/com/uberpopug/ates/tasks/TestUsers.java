package com.uberpopug.ates.tasks;

import static io.restassured.RestAssured.given;

import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** The realm's seeded users (password = user name) calling the API with their real Keycloak tokens. */
public final class TestUsers {

    public static final String[] WORKERS = {"popug1", "popug2", "popug3", "popug4", "popug5"};

    private TestUsers() {}

    public static RequestSpecification as(String username) {
        return given().auth().oauth2(KeycloakTokens.accessToken(username)).accept(ContentType.JSON);
    }

    /**
     * A person's browser signed in to the tasks service under test (the port the test framework gave it) through
     * Keycloak's login page.
     */
    public static BrowserSession browserOf(String username) {
        return BrowserSession.logIn(RestAssured.baseURI + ":" + RestAssured.port, username);
    }

    /** Makes the users known to tasks as a first request of theirs would. */
    public static void signIn(String... usernames) {
        for (String username : usernames) {
            as(username).get("/api/tasks/mine").then().statusCode(200);
        }
    }

    /** Every seeded user, so that the replica knows managers and admins as well as those who may get tasks. */
    public static void signInEveryone() {
        signIn(WORKERS);
        signIn("accountant", "manager", "admin");
    }

    public static ValidatableResponse createTask(String username, String title) {
        return createTask(username, title, null, "described");
    }

    public static ValidatableResponse createTask(String username, String title, String jiraId, String description) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("title", title);
        body.put("jiraId", jiraId);
        body.put("description", description);
        return as(username)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/tasks")
                .then();
    }
}

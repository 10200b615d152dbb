package com.uberpopug.ates.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An employee who never logs in still exists for every service: Keycloak's event listener writes the account
 * change into Keycloak's outbox, its Debezium Server carries it to accounts-stream, and tasks and billing apply it.
 * Whatever way Keycloak changes an account (its own role, a group's roles, a composite role, disabling it), tasks and
 * billing follow: a disabled employee gets no tasks and their open tasks move at once, with the fee and its reason in
 * the new assignee's audit log.
 */
class AccountsFromKeycloakIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);
    private static WholeSystem system;
    /** The users these tests made: they have no password, so no other test must find work of theirs. */
    private static final List<String> CREATED = new ArrayList<>();

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
        for (String user : WholeSystem.EVERYONE) {
            system.as(user, "tasks").get("/api/tasks/mine").then().statusCode(200);
        }
    }

    /**
     * Deletes the users made here: their open tasks go to the seeded employees, whom the other tests of the shared
     * system can log in as.
     */
    @AfterAll
    static void deleteTheUsersMadeHere() {
        for (String id : CREATED) {
            given().auth()
                    .oauth2(adminToken())
                    .delete(adminApi() + "/users/" + id)
                    .then()
                    .statusCode(204);
        }
        await().atMost(EVENTUALLY)
                .untilAsserted(() -> assertThat(system.as("admin", "tasks")
                                .queryParam("status", "OPEN")
                                .queryParam("size", 1000)
                                .get("/api/tasks")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .<String>getList("assignee.id"))
                        .doesNotContainAnyElementsOf(CREATED));
    }

    @Test
    void aWorkerCreatedInKeycloakIsAssignedTasksAndHasAnAccountWithoutLoggingInUntilPromotedToManager() {
        String username = "newpopug-" + UUID.randomUUID().toString().substring(0, 8);
        String id = createUserWithRole(username, "worker");

        await().atMost(EVENTUALLY)
                .untilAsserted(() -> assertThat(BillingView.accounts())
                        .anyMatch(account -> id.equals(account.get("id")) && username.equals(account.get("username"))));
        await().atMost(EVENTUALLY).until(() -> createTask().equals(username));

        mapRole("/users/" + id, "manager", true);
        mapRole("/users/" + id, "worker", false);

        // once the promotion has arrived, fifty tasks in a row go to others (a worker would get one in seven)
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (int i = 0; i < 50; i++) {
                assertThat(createTask()).isNotEqualTo(username);
            }
        });
    }

    @Test
    void aDisabledWorkerGetsNoTasksTheirOpenTasksMoveWithTheFeeChargedToTheNewAssigneeAndReEnablingBringsThemBack() {
        String username = "offpopug-" + UUID.randomUUID().toString().substring(0, 8);
        String id = createUserWithRole(username, "worker");
        List<String> theirs = new ArrayList<>();
        await().atMost(EVENTUALLY).until(() -> {
            Map<String, Object> task = createdTask();
            if (username.equals(assignee(task))) {
                theirs.add((String) task.get("id"));
            }
            return theirs.size() >= 2;
        });

        setEnabled(id, false);

        // their open tasks go to eligible employees at once, each move charging the new assignee's fee
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (String task : theirs) {
                Map<String, Object> now = system.as("admin", "tasks")
                        .get("/api/tasks/" + task)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap("$");
                assertThat(assignee(now)).isNotEqualTo(username);
                assertThat(now.get("status")).isEqualTo("OPEN");
            }
        });
        Map<String, String> newAssignees = new HashMap<>();
        for (String task : theirs) {
            newAssignees.put(
                    task,
                    assignee(system.as("admin", "tasks")
                            .get("/api/tasks/" + task)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getMap("$")));
        }
        // the new assignee's audit log says why the fee was charged
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Map<String, List<Map<String, Object>>> fees = BillingView.entriesByTask("FEE");
            for (String task : theirs) {
                assertThat(fees.get(task)).as("fees of task %s", task).anySatisfy(fee -> {
                    assertThat(fee.get("owner")).isEqualTo(newAssignees.get(task));
                    assertThat(String.valueOf(fee.get("description"))).containsIgnoringCase("disabled");
                });
            }
        });
        for (int i = 0; i < 40; i++) {
            assertThat(createTask()).isNotEqualTo(username);
        }

        setEnabled(id, true);

        await().atMost(EVENTUALLY).until(() -> createTask().equals(username));
    }

    @Test
    void aRoleGrantedThroughAGroupOrACompositeRoleReachesTasksAndBilling() {
        String username = "crewpopug-" + UUID.randomUUID().toString().substring(0, 8);
        String id = createUser(username);
        String group = create("/groups", Map.of("name", "crew-" + username));
        given().auth()
                .oauth2(adminToken())
                .put(adminApi() + "/users/" + id + "/groups/" + group)
                .then()
                .statusCode(204);

        // the group gets the worker role after its member joined: the member becomes a worker
        mapRole("/groups/" + group, "worker", true);
        await().atMost(EVENTUALLY).until(() -> createTask().equals(username));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(role(id)).isEqualTo("worker"));

        // the group's members become managers, and get no more tasks
        mapRole("/groups/" + group, "manager", true);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(role(id)).isEqualTo("manager"));
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (int i = 0; i < 50; i++) {
                assertThat(createTask()).isNotEqualTo(username);
            }
        });

        // and workers again once the group loses the role
        mapRole("/groups/" + group, "manager", false);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(role(id)).isEqualTo("worker"));
        await().atMost(EVENTUALLY).until(() -> createTask().equals(username));

        // a role they hold directly becomes a composite that includes manager
        String lead = "shift-lead-" + username;
        create("/roles", Map.of("name", lead));
        mapRole("/users/" + id, lead, true);
        given().auth()
                .oauth2(adminToken())
                .contentType("application/json")
                .body(List.of(roleRepresentation("manager")))
                .post(adminApi() + "/roles/" + lead + "/composites")
                .then()
                .statusCode(204);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(role(id)).isEqualTo("manager"));
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (int i = 0; i < 50; i++) {
                assertThat(createTask()).isNotEqualTo(username);
            }
        });
    }

    /** The business role billing holds for an account. */
    private static String role(String id) {
        return BillingView.accounts().stream()
                .filter(account -> id.equals(account.get("id")))
                .map(account -> (String) account.get("role"))
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Object> createdTask() {
        return system.as("popug3", "tasks")
                .body(Map.of("title", "Who gets this?", "description", "accounts"))
                .post("/api/tasks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    @SuppressWarnings("unchecked")
    private static String assignee(Map<String, Object> task) {
        return (String) ((Map<String, Object>) task.get("assignee")).get("username");
    }

    /** As the admin console does it: the whole user back, with the new state. */
    private static void setEnabled(String userId, boolean enabled) {
        Map<String, Object> user = new HashMap<>(given().auth()
                .oauth2(adminToken())
                .get(adminApi() + "/users/" + userId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$"));
        user.put("enabled", enabled);
        given().auth()
                .oauth2(adminToken())
                .contentType("application/json")
                .body(user)
                .put(adminApi() + "/users/" + userId)
                .then()
                .statusCode(204);
    }

    /** Creates a realm resource through the admin API and answers its id. */
    private static String create(String path, Map<String, Object> representation) {
        String location = given().auth()
                .oauth2(adminToken())
                .contentType("application/json")
                .body(representation)
                .post(adminApi() + path)
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void mapRole(String holder, String role, boolean granted) {
        var request = given().auth()
                .oauth2(adminToken())
                .contentType("application/json")
                .body(List.of(roleRepresentation(role)));
        String url = adminApi() + holder + "/role-mappings/realm";
        (granted ? request.post(url) : request.delete(url)).then().statusCode(204);
    }

    private static String createTask() {
        return system.as("popug3", "tasks")
                .body(Map.of("title", "Who gets this?", "description", "accounts"))
                .post("/api/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("assignee.username");
    }

    private static String adminApi() {
        return system.stack().keycloak().url() + "/admin/realms/ates";
    }

    private static String adminToken() {
        return KeycloakTokens.admin(system.stack().keycloak().url());
    }

    private static String createUserWithRole(String username, String role) {
        String id = createUser(username);
        mapRole("/users/" + id, role, true);
        return id;
    }

    private static String createUser(String username) {
        String id = create(
                "/users",
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@uberpopug.test",
                        "enabled",
                        true,
                        "firstName",
                        "New",
                        "lastName",
                        "Popug"));
        CREATED.add(id);
        return id;
    }

    private static Map<String, Object> roleRepresentation(String role) {
        return given().auth()
                .oauth2(adminToken())
                .get(adminApi() + "/roles/" + role)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }
}

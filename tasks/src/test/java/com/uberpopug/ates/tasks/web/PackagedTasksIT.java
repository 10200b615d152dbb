package com.uberpopug.ates.tasks.web;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.devstack.Postgres;
import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.tasks.TestUsers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged tasks service (the jar, or the native executable under -Pnative) against the real PostgreSQL,
 * Kafka and Keycloak: nothing here reaches into the application, everything goes through HTTP, Kafka and the
 * service's database, as in production.
 */
@QuarkusIntegrationTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class PackagedTasksIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Each test: RestAssured points at the launched artifact only once a test runs. */
    @BeforeEach
    void everyoneSignedIn() {
        TestUsers.signInEveryone();
    }

    @Test
    void aTaskCreatedIsReadBack() {
        String location = createTask("popug1", "Polish the perch", "UBERPOP-101", "until it shines")
                .statusCode(201)
                .body("status", equalTo("OPEN"))
                .extract()
                .header("Location");

        as("popug2")
                .get(location)
                .then()
                .statusCode(200)
                .body("title", equalTo("Polish the perch"))
                .body("jiraId", equalTo("UBERPOP-101"))
                .body("description", equalTo("until it shines"));
    }

    @Test
    void creatingATaskWritesEventsToTheOutboxThatMatchTheirSchemas() throws Exception {
        String id = createTask("manager", "Count the seeds", "UBERPOP-102", null)
                .statusCode(201)
                .extract()
                .path("id");

        List<JsonNode> events = outbox(id);
        assertThat(events)
                .extracting(event -> event.get("eventName").asText())
                .containsExactlyInAnyOrder("Task.Created", "Task.Assigned");
        EventValidator contracts = new EventValidator();
        for (JsonNode event : events) {
            assertThat(contracts.validate(event).reasons()).as(event.toString()).isEmpty();
        }
        JsonNode created = events.stream()
                .filter(e -> e.get("eventName").asText().equals("Task.Created"))
                .findFirst()
                .orElseThrow();
        assertThat(created.get("eventVersion").asInt()).isEqualTo(2);
        JsonNode assigned = events.stream()
                .filter(e -> e.get("eventName").asText().equals("Task.Assigned"))
                .findFirst()
                .orElseThrow();
        assertThat(assigned.get("eventVersion").asInt()).isEqualTo(2);
        assertThat(assigned.at("/data/reason").asText()).isEqualTo("created");
        assertThat(created.at("/data/title").asText()).isEqualTo("Count the seeds");
        assertThat(created.at("/data/jiraId").asText()).isEqualTo("UBERPOP-102");
    }

    @Test
    void anAccountCreatedInKeycloakArrivesThroughTheInboxAndMayBeGivenTasks() throws Exception {
        String accountId = UUID.randomUUID().toString();
        String event = EventJson.mapper()
                .writeValueAsString(EventEnvelope.of(
                        EventType.ACCOUNT_CREATED_V2,
                        new AccountCreatedV2(
                                accountId, "native-" + accountId, "native@uberpopug.test", "NATIVE", Role.WORKER, true),
                        Instant.now()));

        KafkaTopics.send(EventType.ACCOUNT_CREATED_V2.topic().topicName(), accountId, event);

        await().atMost(WAIT)
                .until(
                        () -> strings("SELECT role FROM account WHERE id = ? AND NOT deleted AND enabled", accountId),
                        roles -> roles.equals(List.of("WORKER")));
    }

    @Test
    void theDashboardIsRenderedForASignedInWorker() {
        createTask("popug3", "Sing at dawn").statusCode(201);

        BrowserSession browser = TestUsers.browserOf("popug3");
        var page = browser.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Sing at dawn").contains("href=\"/logout\"");
    }

    @Test
    void aRequestWithoutAValidTokenIsRefusedAndOneWithAValidTokenAccepted() {
        given().get("/api/tasks/mine").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/tasks/mine").then().statusCode(401);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug4"))
                .get("/api/tasks/mine")
                .then()
                .statusCode(200);
    }

    private static List<JsonNode> outbox(String aggregateId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String payload : strings("SELECT payload::text FROM outbox_event WHERE aggregateid = ?", aggregateId)) {
            events.add(EventJson.mapper().readTree(payload));
        }
        return events;
    }

    /** The service's own database, read as an operator would: plain JDBC, the application untouched. */
    private static List<String> strings(String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        TestInfrastructure.get().postgres().jdbcUrl("tasks"), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
            return values;
        }
    }
}

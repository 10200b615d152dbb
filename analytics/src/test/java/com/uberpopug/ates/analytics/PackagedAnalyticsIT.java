package com.uberpopug.ates.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.analytics.support.Events;
import com.uberpopug.ates.devstack.Postgres;
import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.devstack.testing.WebClientOrigins;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged analytics service (the jar, or the native executable under -Pnative) against the real PostgreSQL,
 * Kafka and Keycloak: billing's events in through Kafka, their effect read from the API and the dashboard.
 * Analytics publishes no events, so it has no outbox to check.
 */
@QuarkusIntegrationTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class PackagedAnalyticsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aNegativeBalanceArrivingThroughTheInboxIsCountedInTodaysFigures() throws Exception {
        int before = negativeBalances();
        Events.Event balance = Events.balance(UUID.randomUUID().toString(), "-13.00", Instant.now());

        KafkaTopics.send(balance.topic(), balance.key(), balance.json());

        await().atMost(WAIT).until(() -> processed(balance.eventId()));
        assertThat(negativeBalances()).isEqualTo(before + 1);
    }

    @Test
    void theDashboardIsRenderedForAnAdmin() {
        String origin = "http://localhost:" + RestAssured.port;
        WebClientOrigins.allow(TestInfrastructure.get().keycloak().url(), List.of(origin));

        HttpResponse<String> page = BrowserSession.at(origin).open("/", "admin");

        assertThat(page.statusCode())
                .as("%s answered %s", page.uri(), page.body())
                .isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"management-earnings\"")
                .contains("<svg")
                .contains("href=\"/logout\"");
    }

    @Test
    void aRequestWithoutAValidTokenIsRefusedAndOneWithAValidTokenAccepted() {
        given().get("/api/analytics/today").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/analytics/today").then().statusCode(401);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .get("/api/analytics/today")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .get("/api/analytics/today")
                .then()
                .statusCode(200);
    }

    private static int negativeBalances() {
        return given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .get("/api/analytics/today")
                .then()
                .statusCode(200)
                .extract()
                .path("negativeBalanceCount");
    }

    /** Read from the service's own database as an operator would: plain JDBC, the application untouched. */
    private static boolean processed(UUID eventId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        TestInfrastructure.get().postgres().jdbcUrl("analytics"), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*) FROM processed_event WHERE event_id = ?")) {
            statement.setObject(1, eventId);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1) == 1;
            }
        }
    }
}

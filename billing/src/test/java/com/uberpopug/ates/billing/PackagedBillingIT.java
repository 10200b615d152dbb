package com.uberpopug.ates.billing;

import static com.uberpopug.ates.billing.support.Events.taskAssigned;
import static com.uberpopug.ates.billing.support.Events.taskCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.devstack.Postgres;
import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventValidator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged billing service (the jar, or the native executable under -Pnative) against the real PostgreSQL,
 * Kafka, Keycloak and SMTP server: events in through Kafka, effects read from its API, its dashboard and its
 * database, nothing reached inside the application.
 */
@QuarkusIntegrationTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class PackagedBillingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anAssignmentArrivingThroughTheInboxChargesTheFeeAndPublishesItAsValidEvents() throws Exception {
        String worker = UUID.randomUUID().toString();
        UUID task = UUID.randomUUID();

        taskCreated(task, "Oil the wheel", "UBERPOP-201").send();
        taskAssigned(task, worker).send();

        await().atMost(WAIT)
                .until(() -> !outbox("Account.BalanceChanged", worker).isEmpty());
        BigDecimal balance = new BigDecimal(
                strings("SELECT balance FROM account WHERE id = ?", worker).get(0));
        assertThat(balance).isNegative();
        EventValidator contracts = new EventValidator();
        List<JsonNode> applied = outbox("Transaction.Applied", worker);
        assertThat(applied).hasSize(1);
        assertThat(contracts.validate(applied.get(0)).reasons()).isEmpty();
        assertThat(applied.get(0).at("/data/type").asText()).isEqualTo("FEE");
        assertThat(applied.get(0).at("/data/amount").decimalValue()).isEqualByComparingTo(balance);
        assertThat(applied.get(0).at("/data/taskId").asText()).isEqualTo(task.toString());
        JsonNode changed = outbox("Account.BalanceChanged", worker).get(0);
        assertThat(contracts.validate(changed).reasons()).isEmpty();
        assertThat(changed.at("/data/balance").decimalValue()).isEqualByComparingTo(balance);
    }

    @Test
    void theDashboardIsRenderedForASignedInWorker() {
        HttpResponse<String> page =
                BrowserSession.at("http://localhost:" + RestAssured.port).open("/", "popug2");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("popug2 (worker)")
                .contains("Your balance")
                .contains("href=\"/logout\"");
    }

    @Test
    void aRequestWithoutAValidTokenIsRefusedAndOneWithAValidTokenAccepted() {
        given().get("/api/accounts/me").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/accounts/me").then().statusCode(401);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug3"))
                .get("/api/accounts/me")
                .then()
                .statusCode(200);
    }

    private static List<JsonNode> outbox(String type, String key) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String payload : strings(
                "SELECT payload::text FROM outbox_event WHERE type = '" + type
                        + "' AND aggregateid = ? ORDER BY timestamp",
                key)) {
            events.add(EventJson.mapper().readTree(payload));
        }
        return events;
    }

    /** The service's own database, read as an operator would: plain JDBC, the application untouched. */
    private static List<String> strings(String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        TestInfrastructure.get().postgres().jdbcUrl("billing"), Postgres.USER, Postgres.PASSWORD);
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

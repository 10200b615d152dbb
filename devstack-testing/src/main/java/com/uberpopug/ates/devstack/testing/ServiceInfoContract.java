package com.uberpopug.ates.devstack.testing;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every service answers about itself, checked the same way in each: {@code /api/service-info} names the service
 * and its own migrated database, readiness needs the database and Kafka, metrics and the OpenAPI document are
 * served. A service's {@code @QuarkusTest} extends this with its name; one that publishes events adds a test that
 * calls {@link #assertPublishesItsOutbox()}.
 */
public abstract class ServiceInfoContract {

    private final String service;

    protected ServiceInfoContract(String service) {
        this.service = service;
    }

    @Test
    void reportsTheMigratedSchemaOfItsOwnDatabase() {
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .accept("application/json")
                .when()
                .get("/api/service-info")
                .then()
                .statusCode(200)
                .body("service", equalTo(service))
                .body("schemaVersion", notNullValue())
                .body("database", equalTo(service));
    }

    @Test
    void isReadyOnlyWithDatabaseAndKafkaUp() {
        get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka connection health check' }.status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetricsAndOpenApi() {
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .get("/api/service-info")
                .then()
                .statusCode(200);

        get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("uri=\"/api/service-info\""));
        get("/q/openapi").then().statusCode(200).body(containsString("/api/service-info"));
    }

    /** The service's outbox table, and nothing else, is in the publication Debezium reads. */
    protected static void assertPublishesItsOutbox() throws SQLException {
        Config config = ConfigProvider.getConfig();
        List<String> published = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = 'ates_outbox'")) {
            while (rows.next()) {
                published.add(rows.getString(1));
            }
        }
        assertThat(published).containsExactly("public.outbox_event");
    }
}

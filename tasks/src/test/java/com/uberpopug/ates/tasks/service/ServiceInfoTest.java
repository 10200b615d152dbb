package com.uberpopug.ates.tasks.service;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class ServiceInfoTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void reportsTheMigratedSchemaOfItsOwnDatabase() {
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .accept("application/json")
                .when()
                .get("/api/service-info")
                .then()
                .statusCode(200)
                .body("service", equalTo("tasks"))
                .body("schemaVersion", notNullValue())
                .body("database", equalTo("tasks"));
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
    void publishesItsOutboxThroughAPublication() throws SQLException {
        List<String> published = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = 'ates_outbox'")) {
            while (rows.next()) {
                published.add(rows.getString(1));
            }
        }

        assertThat(published).containsExactly("public.outbox_event");
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
}

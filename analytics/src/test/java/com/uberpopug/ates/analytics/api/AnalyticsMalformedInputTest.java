package com.uberpopug.ates.analytics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.MalformedInput;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Generated malformed parameters at every endpoint of the analytics API: the answer is always a 4xx problem, never
 * a 5xx. The API only reads, so nothing can be written.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class AnalyticsMalformedInputTest {

    private static final int DRAWS = 40;
    private static final List<String> RANGES = List.of(
            "/api/analytics/most-expensive-task/daily",
            "/api/analytics/most-expensive-task/range",
            "/api/analytics/days");

    @Test
    void malformedPeriodsAndDatesAreRefused() {
        List<String> dates = MalformedInput.dates(DRAWS);
        refused(dates, date -> admin().queryParam("date", date).get("/api/analytics/most-expensive-task"));
        for (String range : RANGES) {
            refused(dates, date -> admin().queryParam("from", date).get(range));
            refused(dates, date -> admin().queryParam("to", date).get(range));
        }
        refused(
                MalformedInput.parameters(DRAWS),
                period -> admin().queryParam("period", period).get("/api/analytics/most-expensive-task"));
    }

    private static void refused(List<String> values, Function<String, Response> request) {
        assertThat(MalformedInput.notRefused(values, request))
                .as("answers that are not a 4xx problem")
                .isEmpty();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(KeycloakTokens.accessToken("admin")).accept("application/json");
    }
}

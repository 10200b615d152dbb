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
import java.util.ArrayList;
import java.util.List;
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
        List<String> texts = MalformedInput.parameters(DRAWS);
        List<String> wrong = new ArrayList<>();
        for (String date : dates) {
            check(wrong, date, "/api/analytics/most-expensive-task", "date", date);
            for (String range : RANGES) {
                check(wrong, date, range, "from", date);
                check(wrong, date, range, "to", date);
            }
        }
        for (String period : texts) {
            check(wrong, period, "/api/analytics/most-expensive-task", "period", period);
        }
        assertThat(wrong).as("answers that are not a 4xx problem").isEmpty();
    }

    private static void check(List<String> wrong, String value, String path, String parameter, String argument) {
        Response answer = given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .accept("application/json")
                .queryParam(parameter, argument)
                .get(path);
        if (answer.statusCode() < 400
                || answer.statusCode() >= 500
                || !String.valueOf(answer.contentType()).startsWith("application/problem+json")) {
            wrong.add(answer.statusCode() + " " + answer.contentType() + " for " + path + "?" + parameter + "="
                    + value.codePoints()
                            .limit(40)
                            .collect(
                                    StringBuilder::new,
                                    (out, c) -> out.append(
                                            c < 0x20 || (c >= 0xd800 && c <= 0xdfff)
                                                    ? String.format("\\u%04x", c)
                                                    : Character.toString(c)),
                                    StringBuilder::append)
                    + ": " + answer.asString());
        }
    }
}

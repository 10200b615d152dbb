package com.uberpopug.ates.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.uberpopug.ates.analytics.support.ReadModel;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.devstack.testing.WebClientOrigins;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may see analytics: admins; everyone else gets 403, and without a token 401. */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class AccessTest {

    static final List<String> ENDPOINTS = List.of(
            "/api/analytics/today",
            "/api/analytics/most-expensive-task?period=week&date=2026-03-03",
            "/api/analytics/most-expensive-task/daily?from=2026-03-01&to=2026-03-03",
            "/api/analytics/most-expensive-task/range?from=2026-03-01&to=2026-03-03",
            "/api/analytics/days?from=2026-03-01&to=2026-03-03");

    @TestHTTPResource("/")
    URL root;

    @Inject
    ReadModel readModel;

    @Inject
    TestClock clock;

    @BeforeEach
    void cleanSlate() {
        readModel.clear();
        clock.set("2026-03-03T12:00:00Z");
    }

    @Test
    void withoutATokenEveryEndpointAnswers401() {
        for (String endpoint : ENDPOINTS) {
            given().redirects().follow(false).get(endpoint).then().statusCode(401);
        }
    }

    @Test
    void everyoneButAnAdminGets403() {
        for (String user : List.of("popug1", "manager", "accountant")) {
            for (String endpoint : ENDPOINTS) {
                given().auth()
                        .oauth2(KeycloakTokens.accessToken(user))
                        .get(endpoint)
                        .then()
                        .statusCode(403);
            }
        }
        given().auth()
                .oauth2(KeycloakTokens.accessToken("popug1"))
                .get("/api/analytics/today")
                .then()
                .body("detail", equalTo("Analytics is for admins only."));
        for (String endpoint : ENDPOINTS) {
            given().auth()
                    .oauth2(KeycloakTokens.accessToken("admin"))
                    .get(endpoint)
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void aPeriodOtherThanDayWeekOrMonthIs400() {
        admin().queryParam("period", "year")
                .get("/api/analytics/most-expensive-task")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", equalTo("period 'year' is not one of day, week, month"));
    }

    @Test
    void aDateThatIsNotADateIs400() {
        admin().queryParam("period", "day")
                .queryParam("date", "2026-02-30")
                .get("/api/analytics/most-expensive-task")
                .then()
                .statusCode(400)
                .body("detail", startsWith("date '2026-02-30' is not a date"));
        admin().queryParam("period", "week")
                .queryParam("date", "03.03.2026")
                .get("/api/analytics/most-expensive-task")
                .then()
                .statusCode(400);
        admin().queryParam("from", "2026-03-04")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/most-expensive-task/daily")
                .then()
                .statusCode(400)
                .body("detail", equalTo("from (2026-03-04) is after to (2026-03-03)"));
        admin().queryParam("from", "2025-01-01")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/days")
                .then()
                .statusCode(400)
                .body("detail", containsString("at most 366"));
    }

    @Test
    void aPageWithoutASessionGoesToTheLogin() {
        given().redirects()
                .follow(false)
                .get("/")
                .then()
                .statusCode(302)
                .header(
                        "Location",
                        startsWith(TestInfrastructure.get().keycloak().issuer() + "/protocol/openid-connect/auth"));
    }

    @Test
    void theDashboardShowsAnAdminTheFiguresAndEveryoneElseA403Page() {
        String origin = root.toString().replaceAll("/$", "");
        WebClientOrigins.allow(TestInfrastructure.get().keycloak().url(), List.of(origin));

        HttpResponse<String> admin = BrowserSession.at(origin).open("/?date=2026-03-02", "admin");
        assertThat(admin.statusCode())
                .as("%s answered %s", admin.uri(), admin.body())
                .isEqualTo(200);
        assertThat(admin.body())
                .contains("Today, 2026-03-03")
                .contains("id=\"management-earnings\">0.00$")
                .contains("id=\"negative-balance-count\">0")
                .contains("value=\"2026-03-02\"")
                .contains("<td>week</td><td>2026-03-02</td><td>2026-03-08</td>")
                .contains("<svg")
                .contains("href=\"/logout\"");

        HttpResponse<String> worker = BrowserSession.at(origin).open("/", "popug1");
        assertThat(worker.statusCode())
                .as("%s answered %s", worker.uri(), worker.body())
                .isEqualTo(403);
        assertThat(worker.body())
                .contains("Analytics is for admins only")
                .contains("popug1")
                .doesNotContain("management-earnings");
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(KeycloakTokens.accessToken("admin"));
    }
}

package com.uberpopug.ates.billing.web;

import static com.uberpopug.ates.billing.support.Events.taskAssigned;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static com.uberpopug.ates.billing.support.Events.taskCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard, reached as a person reaches it: through Keycloak's login page. */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class DashboardTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    Ledgers ledgers;

    LocalDate day;
    String worker;
    UUID task;

    @BeforeEach
    void aWorkerWithAnEntry() {
        day = clock.freshDay();
        worker = given().auth()
                .oauth2(KeycloakTokens.accessToken("popug2"))
                .get("/api/accounts/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        task = UUID.randomUUID();
        ledgers.deliver(taskCreated(task, "Count the feathers", "UBERPOP-77"));
        ledgers.deliver(taskAssigned(task, worker));
    }

    @Test
    void aWorkerSeesTheirBalanceAndTheirEntriesOfADayAndNothingOfOthers() {
        String balance = db.balance(worker).toPlainString();

        HttpResponse<String> page = BrowserSession.at(root.toString()).open("/?date=" + day, "popug2");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("popug2 (worker)")
                .contains("Your balance")
                .contains(">" + balance + "<")
                .contains("UBERPOP-77: Count the feathers")
                .contains("href=\"/logout\"")
                .contains("type=\"date\"")
                .doesNotContain("Management earnings")
                .doesNotContain("id=\"accounts\"")
                .doesNotContainPattern("(src|href)=\"https?://");
    }

    @Test
    void aPastDayShowsThatDaysEntries() {
        clock.moveTo(day.plusDays(1), java.time.LocalTime.NOON);
        BrowserSession browser = BrowserSession.at(root.toString());

        assertThat(browser.open("/", "popug2").body()).contains("No entries on " + day.plusDays(1));
        assertThat(browser.follow(browser.get("/?date=" + day)).body()).contains("UBERPOP-77: Count the feathers");
    }

    @Test
    void anAccountantSeesEveryAccountTheEarningsChartAndAnyonesEntries() {
        ledgers.deliver(taskCompleted(task, worker));
        BrowserSession browser = BrowserSession.at(root.toString());

        String page = browser.open("/", "accountant").body();

        assertThat(page)
                .contains("Management earnings, last 30 days")
                .contains("<svg")
                .containsPattern("<rect class=\"(up|down)\"")
                .contains(day.toString())
                .contains(">popug2</a>");
        String entries = browser.follow(browser.get("/?account=" + worker + "&date=" + day))
                .body();
        assertThat(entries)
                .contains("Entries of popug2")
                .contains("UBERPOP-77: Count the feathers")
                .contains("REWARD");
    }
}

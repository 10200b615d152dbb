package com.uberpopug.ates.tasks.web;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard at '/', reached as a person reaches it: through Keycloak's login page. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class DashboardPageTest {

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void everyoneSignedIn() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
    }

    @Test
    void withoutASessionThePageRedirectsToTheKeycloakLogin() {
        String issuer = TestInfrastructure.get().keycloak().issuer();
        given().redirects()
                .follow(false)
                .get("/")
                .then()
                .statusCode(302)
                .header("Location", startsWith(issuer + "/protocol/openid-connect/auth"));
        given().redirects().follow(false).post("/ui/reassign").then().statusCode(302);
    }

    @Test
    void aWorkerSeesAllTasksTheirOwnWithADoneButtonAndNoReassign() {
        PinnedRandom.assignTo(database, database.accountId("popug1"));
        String mine = TestUsers.createTask("manager", "Shown on popug1's dashboard")
                .statusCode(201)
                .extract()
                .path("id");

        BrowserSession browser = TestUsers.browserOf("popug1");
        HttpResponse<String> dashboard = browser.get("/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        String page = dashboard.body();
        keep("worker.html", page);

        assertThat(page)
                .contains("Signed in as <strong id=\"username\">popug1</strong> (worker)")
                .contains("href=\"/logout\"")
                .contains("All tasks (")
                .contains("My tasks (")
                .contains("action=\"/ui/tasks/" + mine + "/complete\"")
                .contains("Shown on popug1&#39;s dashboard")
                .contains("name=\"viewport\"")
                .doesNotContain("action=\"/ui/reassign\"")
                .doesNotContain("https://");
        assertThat(browser.post("/ui/reassign", Map.of()).statusCode()).isEqualTo(403);

        HttpResponse<String> done = browser.post("/ui/tasks/" + mine + "/complete", Map.of());
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/?completed=" + mine);
        assertThat(browser.get("/?completed=" + mine).body())
                .contains("Done: &quot;Shown on popug1&#39;s dashboard&quot;.")
                .doesNotContain("action=\"/ui/tasks/" + mine + "/complete\"");
        as("popug1")
                .get("/api/tasks/" + mine)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DONE"));
    }

    @Test
    void theCreateFormShowsWhatIsWrongAndKeepsWhatWasTyped() {
        BrowserSession browser = TestUsers.browserOf("popug2");

        HttpResponse<String> refused = browser.post(
                "/ui/tasks", Map.of("title", "[UBERPOP-9] Oil the hinges", "jiraId", "", "description", "squeaky"));
        assertThat(refused.statusCode()).isEqualTo(400);
        keep("refused.html", refused.body());
        assertThat(refused.body())
                .contains("id=\"errors\"")
                .contains("put it in the jiraId field")
                .contains("value=\"[UBERPOP-9] Oil the hinges\"")
                .contains(">squeaky</textarea>");

        HttpResponse<String> created = browser.post(
                "/ui/tasks", Map.of("title", "Oil the hinges", "jiraId", "UBERPOP-9", "description", "squeaky"));
        assertThat(created.statusCode()).isEqualTo(303);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/?created=");
        assertThat(browser.get(location.substring(location.indexOf("/?"))).body())
                .contains("Created &quot;Oil the hinges&quot;, assigned to ");
    }

    @Test
    void managersAndAdminsSeeTheReassignButtonAndItReassigns() {
        TestUsers.createTask("popug1", "Waiting for the reshuffle").statusCode(201);
        long open = database.count("SELECT count(*) FROM task WHERE status = 'OPEN'");

        BrowserSession manager = TestUsers.browserOf("manager");
        String page = manager.get("/").body();
        keep("manager.html", page);
        assertThat(page).contains("action=\"/ui/reassign\"").contains("(manager)");
        HttpResponse<String> reassigned = manager.post("/ui/reassign", Map.of());
        assertThat(reassigned.statusCode()).isEqualTo(303);
        assertThat(manager.get("/?reassigned=" + open).body()).contains("Reassigned " + open + " open task");

        assertThat(TestUsers.browserOf("admin").get("/").body()).contains("action=\"/ui/reassign\"");
    }

    @Test
    void thePagesOfAllTasksFollowEachOther() {
        for (int i = 0; i < 25; i++) {
            TestUsers.createTask("popug1", "Paged " + i).statusCode(201);
        }
        BrowserSession browser = TestUsers.browserOf("popug3");
        String first = browser.get("/").body();
        assertThat(first).contains("Page 1 of").contains("href=\"/?page=1\"").doesNotContain("rel=\"prev\"");
        String second = browser.get("/?page=1").body();
        assertThat(second).contains("Page 2 of").contains("href=\"/?page=0\"");
        String done = browser.get("/?status=DONE").body();
        String doneList = done.substring(done.indexOf("<section id=\"all\">"));
        assertThat(doneList)
                .doesNotContain("Paged 24")
                .contains("class=\"on\">Done")
                .doesNotContain(">OPEN</span>");
    }

    @Test
    void logoutEndsTheSessionAtKeycloak() {
        BrowserSession browser = TestUsers.browserOf("popug4");
        HttpResponse<String> logout = browser.get("/logout");
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location").orElseThrow())
                .startsWith(TestInfrastructure.get().keycloak().issuer() + "/protocol/openid-connect/logout");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    /** The pages as served, kept under target/pages for a person (or a screenshot) to look at. */
    private static void keep(String name, String html) {
        try {
            Path pages = Path.of("target/pages");
            Files.createDirectories(pages);
            Files.writeString(pages.resolve(name), html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

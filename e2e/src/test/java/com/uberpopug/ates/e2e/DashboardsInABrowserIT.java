package com.uberpopug.ates.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboards as people use them: headless Chromium (Debian's, driven by Debian's chromedriver) logs in through
 * the Keycloak login page and works each dashboard. Screenshots of every step land in e2e/target/screenshots.
 */
class DashboardsInABrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("ates.e2e.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("ates.e2e.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("ates.e2e.screenshots", "target/screenshots"));

    private static WholeSystem system;
    private WebDriver browser;
    private String testName;
    private int step;

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
        for (String user : WholeSystem.EVERYONE) {
            system.as(user, "tasks").get("/api/tasks/mine").then().statusCode(200);
            system.as(user, "billing").get("/api/accounts/me").then().statusCode(200);
        }
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aWorkerCreatesATaskSeesTheJiraRuleAndMarksTheirTaskDone(TestInfo info) {
        open(info, "popug1", "tasks");
        assertThat(browser.findElement(By.id("username")).getText()).isEqualTo("popug1");

        fill("title", "[UBERPOP-9] Polish the perch");
        browser.findElement(By.cssSelector("#create form button[type=submit]")).click();
        assertThat(waitFor(By.id("errors")).getText()).containsIgnoringCase("jira");
        shot("title with a jira id refused");

        browser.findElement(By.id("title")).clear();
        fill("title", "Polish the perch");
        fill("jiraId", "UBERPOP-9");
        fill("description", "created in a browser");
        browser.findElement(By.cssSelector("#create form button[type=submit]")).click();
        waitFor(By.id("notice"));
        assertThat(browser.findElement(By.id("all")).getText()).contains("Polish the perch");
        shot("task created");

        String mine = aTaskAssignedTo("popug1");
        browser.navigate().refresh();
        WebElement done = waitFor(By.cssSelector("form[action='/ui/tasks/" + mine + "/complete'] button"));
        done.click();
        waitFor(By.id("notice"));
        shot("own task done");
        assertThat(system.as("popug1", "tasks")
                        .get("/api/tasks/" + mine)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("status"))
                .isEqualTo("DONE");
    }

    @Test
    void aManagerReassignsAndAWorkerHasNoSuchButton(TestInfo info) {
        open(info, "popug2", "tasks");
        assertThat(browser.findElements(By.id("reassign"))).isEmpty();
        browser.quit();

        open(info, "manager", "tasks");
        browser.findElement(By.cssSelector("#reassign button")).click();
        assertThat(waitFor(By.id("notice")).getText()).containsIgnoringCase("reassign");
        shot("reassigned");
    }

    @Test
    void aWorkerSeesTheirBalanceAndAnAccountantTheEarningsChart(TestInfo info) {
        open(info, "popug1", "billing");
        assertThat(waitFor(By.cssSelector("#my-balance .balance")).getText()).matches(".*-?[0-9]+\\.[0-9]{2}.*");
        assertThat(browser.findElements(By.id("accounts"))).isEmpty();
        shot("worker balance");
        browser.quit();

        open(info, "accountant", "billing");
        assertThat(waitFor(By.cssSelector("#earnings svg")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("accounts")).getText()).contains("popug1");
        shot("earnings chart");
    }

    @Test
    void anAdminSeesTheAnalyticsAndAWorkerIsRefused(TestInfo info) {
        open(info, "admin", "analytics");
        assertThat(waitFor(By.id("management-earnings")).getText()).contains("$");
        assertThat(browser.findElement(By.id("negative-balance-count")).getText())
                .matches("[0-9]+");
        assertThat(browser.findElements(By.cssSelector("svg"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.findElement(By.id("most-expensive-day")).isDisplayed())
                .isTrue();
        shot("analytics");
        browser.quit();

        open(info, "popug3", "analytics");
        assertThat(browser.getPageSource()).containsIgnoringCase("admin");
        assertThat(browser.findElements(By.id("management-earnings"))).isEmpty();
        shot("analytics refused");
    }

    // --- helpers

    /** Starts a fresh browser (no session), opens the service's dashboard and logs in on Keycloak's page. */
    private void open(TestInfo info, String user, String service) {
        testName = info.getTestMethod().orElseThrow().getName();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915");
        ChromeDriverService service1 = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service1, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.get(system.url(service) + "/");
        waitFor(By.id("username"));
        assertThat(browser.getCurrentUrl()).startsWith(system.stack().keycloak().url());
        shot(user + " at the login page");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("kc-login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains(system.url(service)));
        shot(user + " on " + service);
    }

    private void fill(String id, String text) {
        browser.findElement(By.id(id)).sendKeys(text);
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private void shot(String what) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            String name = String.format("%s-%02d-%s.png", testName, ++step, what.replaceAll("[^A-Za-z0-9]+", "-"));
            Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates tasks through the API until one goes to {@code user}; assignment is random among six people. */
    private static String aTaskAssignedTo(String user) {
        for (int i = 0; i < 60; i++) {
            JsonPath task = system.as("popug4", "tasks")
                    .body(Map.of("title", "For someone " + i, "description", "browser"))
                    .post("/api/tasks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            if (user.equals(task.getString("assignee.username"))) {
                return task.getString("id");
            }
        }
        throw new AssertionError("no task went to " + user + " in 60 tries");
    }
}

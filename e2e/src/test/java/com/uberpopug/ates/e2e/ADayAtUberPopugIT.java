package com.uberpopug.ates.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A working day at UberPopug, told through the public APIs only: people log in, tasks are created, assigned,
 * reshuffled and completed, billing charges and pays, analytics agrees, and the day is closed and paid out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ADayAtUberPopugIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);
    private static final Set<String> ELIGIBLE = Set.of("accountant", "popug1", "popug2", "popug3", "popug4", "popug5");

    private static WholeSystem system;
    /** task id → the task as tasks answered it last. */
    private static final Map<String, JsonPath> TASKS = new HashMap<>();

    private static final List<String> COMPLETED = new ArrayList<>();

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
    }

    @Test
    @Order(1)
    void everyoneLogsInAndIsKnownToEveryService() {
        for (String user : WholeSystem.EVERYONE) {
            system.as(user, "tasks").get("/api/tasks/mine").then().statusCode(200);
            system.as(user, "billing")
                    .get("/api/accounts/me")
                    .then()
                    .statusCode(200)
                    .body("username", org.hamcrest.Matchers.equalTo(user));
        }
    }

    @Test
    @Order(2)
    void tasksAreCreatedAndEachGoesToAnEligibleEmployee() {
        for (int i = 1; i <= 12; i++) {
            String author = i % 3 == 0 ? "manager" : WholeSystem.WORKERS.get(i % WholeSystem.WORKERS.size());
            JsonPath task = system.as(author, "tasks")
                    .body(Map.of(
                            "title",
                            "Feed parrot #" + i,
                            "jiraId",
                            "UBERPOP-" + (100 + i),
                            "description",
                            "day scenario"))
                    .post("/api/tasks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            assertThat(task.getString("status")).isEqualTo("OPEN");
            assertThat(task.getString("assignee.username")).isIn(ELIGIBLE);
            TASKS.put(task.getString("id"), task);
        }
    }

    @Test
    @Order(3)
    void billingChargesEachAssignmentAFeeWithinRange() {
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Map<String, List<Map<String, Object>>> fees = BillingView.entriesByTask("FEE");
            assertThat(fees.keySet()).containsAll(TASKS.keySet());
            for (String taskId : TASKS.keySet()) {
                assertThat(fees.get(taskId)).hasSize(1);
                Map<String, Object> fee = fees.get(taskId).get(0);
                assertThat(BillingView.amount(fee)).isBetween(new BigDecimal("-20"), new BigDecimal("-10"));
                assertThat(fee.get("owner")).isEqualTo(TASKS.get(taskId).getString("assignee.username"));
            }
        });
    }

    @Test
    @Order(4)
    void reassignMovesOnlyOpenTasksAndChargesAgain() {
        List<String> ids = new ArrayList<>(TASKS.keySet());
        String done = ids.get(0);
        String assignee = TASKS.get(done).getString("assignee.username");
        system.as(assignee, "tasks")
                .post("/api/tasks/" + done + "/complete")
                .then()
                .statusCode(200);
        COMPLETED.add(done);
        int open = (int) system.as("admin", "tasks")
                .queryParam("status", "OPEN")
                .queryParam("size", 1000)
                .get("/api/tasks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id")
                .size();

        int reassigned = system.as("manager", "tasks")
                .post("/api/tasks/reassign")
                .then()
                .statusCode(200)
                .extract()
                .path("reassigned");

        assertThat(reassigned).isEqualTo(open);
        JsonPath stillDone = system.as("admin", "tasks")
                .get("/api/tasks/" + done)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stillDone.getString("assignee.username")).isEqualTo(assignee);
        for (String id : ids) {
            JsonPath now = system.as("admin", "tasks")
                    .get("/api/tasks/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(now.getString("assignee.username")).isIn(ELIGIBLE);
            TASKS.put(id, now);
        }
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Map<String, List<Map<String, Object>>> fees = BillingView.entriesByTask("FEE");
            for (String id : ids) {
                assertThat(fees.get(id)).hasSize(id.equals(done) ? 1 : 2);
            }
        });
    }

    @Test
    @Order(5)
    void completingPaysTheRewardWithinRangeToWhoeverCompleted() {
        List<String> open = TASKS.keySet().stream()
                .filter(id -> !COMPLETED.contains(id))
                .sorted()
                .toList();
        for (String id : open.subList(0, open.size() / 2)) {
            String assignee = TASKS.get(id).getString("assignee.username");
            system.as(assignee, "tasks")
                    .post("/api/tasks/" + id + "/complete")
                    .then()
                    .statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("DONE"));
            COMPLETED.add(id);
        }
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Map<String, List<Map<String, Object>>> rewards = BillingView.entriesByTask("REWARD");
            assertThat(rewards.keySet()).containsAll(COMPLETED);
            TASKS.keySet().stream()
                    .filter(id -> !COMPLETED.contains(id))
                    .forEach(id -> assertThat(rewards.get(id))
                            .as("no reward for open task %s", id)
                            .isNull());
            for (String id : COMPLETED) {
                assertThat(rewards.get(id)).hasSize(1);
                assertThat(BillingView.amount(rewards.get(id).get(0)))
                        .isBetween(new BigDecimal("20"), new BigDecimal("40"));
                assertThat(rewards.get(id).get(0).get("owner"))
                        .isEqualTo(TASKS.get(id).getString("assignee.username"));
            }
        });
    }

    @Test
    @Order(6)
    void everyBalanceIsTheSumOfItsEntriesAndEarningsAreFeesMinusRewards() {
        List<Map<String, Object>> entries = BillingView.allEntries();
        for (Map<String, Object> account : BillingView.accounts()) {
            BigDecimal sum = entries.stream()
                    .filter(e -> e.get("owner").equals(account.get("username")))
                    .map(BillingView::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(BillingView.amount(account, "balance"))
                    .as("balance of %s", account.get("username"))
                    .isEqualByComparingTo(sum);
        }
        BigDecimal fees = entries.stream()
                .filter(e -> "FEE".equals(e.get("type")))
                .map(BillingView::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .negate();
        BigDecimal rewards = entries.stream()
                .filter(e -> "REWARD".equals(e.get("type")))
                .map(BillingView::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        LocalDate today = system.firstDay();
        JsonPath earnings = system.as("accountant", "billing")
                .queryParam("from", today.toString())
                .queryParam("to", today.toString())
                .get("/api/earnings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(earnings.getString("[0].date")).isEqualTo(today.toString());
        assertThat(new BigDecimal(earnings.getString("[0].fees"))).isEqualByComparingTo(fees);
        assertThat(new BigDecimal(earnings.getString("[0].rewards"))).isEqualByComparingTo(rewards);
        assertThat(new BigDecimal(earnings.getString("[0].managementEarnings")))
                .isEqualByComparingTo(fees.subtract(rewards));
    }

    @Test
    @Order(7)
    void analyticsShowsTheSameEarningsNegativeBalancesAndTheMostExpensiveTask() {
        List<Map<String, Object>> entries = BillingView.allEntries();
        BigDecimal fees = BillingView.sum(entries, "FEE").negate();
        BigDecimal rewards = BillingView.sum(entries, "REWARD");
        long negative = BillingView.accounts().stream()
                .filter(a -> BillingView.amount(a, "balance").signum() < 0)
                .count();
        BigDecimal highestReward = entries.stream()
                .filter(e -> "REWARD".equals(e.get("type")))
                .map(BillingView::amount)
                .max(BigDecimal::compareTo)
                .orElseThrow();

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath today = system.as("admin", "analytics")
                    .get("/api/analytics/today")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(today.getString("date")).isEqualTo(system.firstDay().toString());
            assertThat(new BigDecimal(today.getString("managementEarnings")))
                    .isEqualByComparingTo(fees.subtract(rewards));
            assertThat(today.getLong("negativeBalanceCount")).isEqualTo(negative);
            JsonPath top = system.as("admin", "analytics")
                    .queryParam("period", "day")
                    .queryParam("date", system.firstDay().toString())
                    .get("/api/analytics/most-expensive-task")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(new BigDecimal(top.getString("task.reward"))).isEqualByComparingTo(highestReward);
            assertThat(COMPLETED).contains(top.getString("task.id"));
        });
    }

    @Test
    @Order(8)
    void closingTheDayPaysOutPositiveBalancesLeavesNegativesAndEmailsThePaid() {
        List<Map<String, Object>> before = BillingView.accounts();
        Map<String, BigDecimal> positive = before.stream()
                .filter(a -> BillingView.amount(a, "balance").signum() > 0)
                .collect(Collectors.toMap(a -> (String) a.get("username"), a -> BillingView.amount(a, "balance")));
        Map<String, BigDecimal> negative = before.stream()
                .filter(a -> BillingView.amount(a, "balance").signum() < 0)
                .collect(Collectors.toMap(a -> (String) a.get("username"), a -> BillingView.amount(a, "balance")));
        String today = system.firstDay().toString();
        assertThat(system.today())
                .as("the day scenario ran past its billing day; raise -Dates.e2e.first-day-minutes")
                .isEqualTo(system.firstDay());
        system.as("admin", "billing")
                .post("/api/billing-days/" + today + "/close")
                .then()
                .statusCode(409);

        // midnight of the billing zone: the day closes once its inputs settled (every partition past midnight, or
        // silent for billing's grace period with nothing unread); the scheduler closes it, closing by hand answers
        // the same
        await().atMost(WholeSystem.FIRST_DAY.plusMinutes(3))
                .pollInterval(Duration.ofSeconds(5))
                .until(() -> system.today().isAfter(system.firstDay()));
        JsonPath summary = await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> system.as("admin", "billing")
                                .post("/api/billing-days/" + today + "/close")
                                .then()
                                .extract(),
                        response -> response.statusCode() == 200)
                .jsonPath();

        assertThat(summary.getString("date")).isEqualTo(today);
        assertThat(summary.getInt("payouts")).isEqualTo(positive.size());
        assertThat(new BigDecimal(summary.getString("total")))
                .isEqualByComparingTo(positive.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        for (Map<String, Object> account : BillingView.accounts()) {
            String user = (String) account.get("username");
            if (positive.containsKey(user)) {
                assertThat(BillingView.amount(account, "balance"))
                        .as("paid out: %s", user)
                        .isZero();
            } else if (negative.containsKey(user)) {
                assertThat(BillingView.amount(account, "balance"))
                        .as("carried over: %s", user)
                        .isEqualByComparingTo(negative.get(user));
            }
        }
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (Map.Entry<String, BigDecimal> paid : positive.entrySet()) {
                List<Map<String, Object>> mails = given().baseUri(system.mailApi())
                        .get("/api/user/" + paid.getKey() + "@uberpopug.test/messages/INBOX")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$");
                assertThat(mails).as("mail to %s", paid.getKey()).isNotEmpty();
                assertThat(mails.stream().map(m -> (String) m.get("mimeMessage")))
                        .anyMatch(text ->
                                text.contains(paid.getValue().setScale(2).toPlainString()));
            }
        });

        JsonPath again = system.as("admin", "billing")
                .post("/api/billing-days/" + today + "/close")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(again.getMap("$")).isEqualTo(summary.getMap("$"));
    }
}

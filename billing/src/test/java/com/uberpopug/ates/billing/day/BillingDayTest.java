package com.uberpopug.ates.billing.day;

import static com.uberpopug.ates.billing.support.Events.accountCreated;
import static com.uberpopug.ates.billing.support.Events.newAccountId;
import static com.uberpopug.ates.billing.support.Events.taskAssigned;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static com.uberpopug.ates.billing.support.Events.taskCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Events;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.MailServer;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.account.Role;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing billing days: payouts, carried-over debts, e-mails, and exactly once. */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class BillingDayTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** The partitions of each topic of the test Kafka (devstack). */
    static final int PARTITIONS = 3;
    /** After midnight and the test profile's grace period (ates.billing.close.grace): a silent day may close. */
    static final LocalTime AFTER_GRACE = LocalTime.of(0, 5);

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    Ledgers ledgers;

    @Inject
    BillingDays days;

    @Inject
    DayCloser closer;

    LocalDate day;

    @BeforeEach
    void newDay() {
        day = clock.freshDay();
    }

    @Test
    void closingADayPaysOutWhatWasEarnedByItsEndCarriesDebtsOverAndMailsTheAmount() throws Exception {
        String rich = newAccountId();
        String poor = newAccountId();
        String richMail = "rich-" + rich.substring(0, 8) + "@uberpopug.test";
        accountCreated(rich, "rich-" + rich.substring(0, 8), richMail, Role.WORKER)
                .send();
        accountCreated(
                        poor,
                        "poor-" + poor.substring(0, 8),
                        "poor-" + poor.substring(0, 8) + "@uberpopug.test",
                        Role.WORKER)
                .send();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        taskAssigned(first, rich).send();
        taskCompleted(first, rich).send();
        taskCompleted(second, rich).send();
        taskAssigned(UUID.randomUUID(), poor).send();
        awaitEntries(rich, 3);
        awaitEntries(poor, 1);
        BigDecimal earned = db.balance(rich);
        BigDecimal owed = db.balance(poor);
        assertThat(earned).isPositive();
        assertThat(owed).isNegative();

        // after midnight, before the close: this fee belongs to the new day, not to the payout
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5));
        UUID afterMidnight = UUID.randomUUID();
        taskAssigned(afterMidnight, rich).send();
        awaitEntries(rich, 4);
        BigDecimal newDayFee = ((BigDecimal) db.task(afterMidnight).get("fee")).negate();

        JsonPath summary = close(day, "admin").statusCode(200).extract().jsonPath();

        assertThat(summary.getString("date")).isEqualTo(day.toString());
        List<Map<String, Object>> payouts = db.rows(
                "SELECT account_id, amount FROM ledger_entry WHERE type = 'PAYOUT' AND billing_date = ?",
                Date.valueOf(day));
        assertThat(summary.getInt("payouts")).isEqualTo(payouts.size());
        assertThat(new BigDecimal(summary.getString("total")))
                .isEqualByComparingTo(payouts.stream()
                        .map(p -> ((BigDecimal) p.get("amount")).negate())
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(payouts).contains(Map.of("account_id", rich, "amount", earned.negate()));
        assertThat(payouts).extracting(p -> p.get("account_id")).doesNotContain(poor);
        assertThat(db.balance(rich)).isEqualByComparingTo(newDayFee);
        assertThat(db.balance(poor)).isEqualByComparingTo(owed);
        assertThat(db.entries(rich).get(4))
                .containsEntry("type", "PAYOUT")
                .containsEntry("description", "Payout for " + day)
                .containsEntry("billing_date", Date.valueOf(day));

        JsonNode payoutMade = EventJson.mapper().readTree(single(db.outbox("Payout.Made", rich)));
        assertThat(payoutMade.at("/data/amount").decimalValue()).isEqualByComparingTo(earned);
        assertThat(payoutMade.at("/data/date").asText()).isEqualTo(day.toString());
        JsonNode closed = EventJson.mapper().readTree(single(db.outbox("BillingDay.Closed", day.toString())));
        assertThat(closed.at("/data/payouts").asInt()).isEqualTo(payouts.size());
        assertThat(db.outbox("Transaction.Applied", rich)).hasSize(5);

        await().atMost(WAIT).until(() -> !MailServer.get().messages(richMail).isEmpty());
        MailServer.Message mail = single(MailServer.get().messages(richMail));
        assertThat(mail.subject()).isEqualTo("aTES payout for " + day + ": " + earned.setScale(2));
        assertThat(mail.mime()).contains("has been paid out: " + earned.setScale(2));

        close(day, "admin")
                .statusCode(200)
                .body("date", equalTo(day.toString()))
                .body("payouts", equalTo(summary.getInt("payouts")))
                .body("total", equalTo(summary.getFloat("total")));
        assertThat(db.count(
                        "SELECT count(*) FROM ledger_entry WHERE type = 'PAYOUT' AND billing_date = ?",
                        Date.valueOf(day)))
                .isEqualTo(payouts.size());
        assertThat(db.outbox("BillingDay.Closed", day.toString())).hasSize(1);
    }

    @Test
    void aTaskCompletedJustBeforeMidnightAndReadAfterItIsPaidOnItsDayWhichClosesOnceWithIt() throws Exception {
        String worker = newAccountId();
        ledgers.deliver(accountCreated(
                worker,
                "late-" + worker.substring(0, 8),
                "late-" + worker.substring(0, 8) + "@uberpopug.test",
                Role.WORKER));
        UUID task = UUID.randomUUID();
        // completed two seconds before midnight; billing does not read it before midnight
        Instant completedAt = day.atTime(23, 59, 58).atZone(TestClock.ZONE).toInstant();
        Events.Sent completion = taskCompleted(task, worker, completedAt);
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 0, 3));

        // the day is over, but its events may still be on their way: neither the scheduler nor an admin closes it
        // (the scheduler may close days before it that earlier tests left open)
        assertThat(closer.closeFinishedDays()).map(DaySummary::date).isNotEqualTo(Optional.of(day));
        close(day, "admin").statusCode(409).body("detail", containsString("cannot be closed yet"));
        assertThat(db.count("SELECT count(*) FROM billing_day WHERE date = ?", Date.valueOf(day)))
                .isZero();

        completion.send();
        awaitEntries(worker, 1);
        BigDecimal reward = (BigDecimal) db.task(task).get("reward");
        assertThat(db.entries(worker).get(0))
                .containsEntry("type", "REWARD")
                .containsEntry("billing_date", Date.valueOf(day))
                .containsEntry("event_date", Date.valueOf(day))
                .containsEntry("late", false);

        // silent after midnight: the day closes once the grace period is over and nothing is left unread
        clock.moveTo(day.plusDays(1), AFTER_GRACE);
        await().atMost(WAIT).untilAsserted(() -> {
            closer.closeFinishedDays();
            assertThat(closedDays(day)).isEqualTo(1);
        });

        assertThat(db.rows(
                        "SELECT amount, billing_date FROM ledger_entry WHERE account_id = ? AND type = 'PAYOUT'",
                        worker))
                .containsExactly(Map.of("amount", reward.negate(), "billing_date", Date.valueOf(day)));
        assertThat(db.balance(worker)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(closer.closeFinishedDays()).isEmpty();
        close(day, "admin").statusCode(200).body("payouts", equalTo(1));
        assertThat(db.outbox("BillingDay.Closed", day.toString())).hasSize(1);
        assertThat(db.count("SELECT count(*) FROM billing_day WHERE date = ?", Date.valueOf(day)))
                .isEqualTo(1);
        JsonNode earnings = EventJson.mapper()
                .readTree(given().auth()
                        .oauth2(KeycloakTokens.accessToken("admin"))
                        .queryParam("from", day.toString())
                        .queryParam("to", day.toString())
                        .get("/api/earnings")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(earnings.at("/0/rewards").decimalValue()).isGreaterThanOrEqualTo(reward);
    }

    @Test
    void aDayClosesBeforeTheGracePeriodOnceEveryPartitionHasMovedPastItsMidnight() {
        String worker = newAccountId();
        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 0, 30));
        closer.closeFinishedDays();
        assertThat(closedDays(day)).isZero();

        // an event after midnight on every partition of both task topics
        for (int partition = 0; partition < PARTITIONS; partition++) {
            taskCreated(keyOn(partition), "after midnight", null).send();
            taskAssigned(keyOn(partition), worker).send();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            closer.closeFinishedDays();
            assertThat(closedDays(day)).isEqualTo(1);
        });
        assertThat(db.count(
                        "SELECT count(*) FROM ledger_entry WHERE account_id = ? AND type = 'PAYOUT' "
                                + "AND billing_date = ?",
                        worker,
                        Date.valueOf(day)))
                .isEqualTo(1);
    }

    @Test
    void anEventOfADayAlreadyClosedIsBookedOnTheNextOpenDayMarkedLate() throws Exception {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        Events.Sent lateCompletion = taskCompleted(task, worker); // at noon of the day
        clock.moveTo(day.plusDays(1), AFTER_GRACE);
        await().atMost(WAIT).untilAsserted(() -> {
            closer.closeFinishedDays();
            assertThat(closedDays(day)).isEqualTo(1);
        });

        lateCompletion.send();
        awaitEntries(worker, 1);

        LocalDate next = day.plusDays(1);
        assertThat(db.entries(worker).get(0))
                .containsEntry("type", "REWARD")
                .containsEntry("billing_date", Date.valueOf(next))
                .containsEntry("event_date", Date.valueOf(day))
                .containsEntry("late", true);
        assertThat(db.count("SELECT count(*) FROM ledger_entry WHERE account_id = ? AND type = 'PAYOUT'", worker))
                .isZero();
        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .queryParam("date", next.toString())
                .get("/api/accounts/{id}/entries", worker)
                .then()
                .statusCode(200)
                .body("[0].late", equalTo(true))
                .body("[0].eventDate", equalTo(day.toString()));
        JsonNode applied = EventJson.mapper().readTree(single(db.outbox("Transaction.Applied", worker)));
        assertThat(applied.at("/data/billingDate").asText()).isEqualTo(next.toString());
        assertThat(applied.at("/data/description").asText()).endsWith("(late: happened on " + day + ")");
    }

    /** A task id whose events go to {@code partition} of the task topics, as Kafka's default partitioner places it. */
    private static UUID keyOn(int partition) {
        while (true) {
            UUID id = UUID.randomUUID();
            byte[] key = id.toString().getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == partition) {
                return id;
            }
        }
    }

    @Test
    void twoClosesOfTheSameDayAtOnceMakeOnePayout() throws Exception {
        String worker = newAccountId();
        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));
        BigDecimal earned = db.balance(worker);
        clock.moveTo(day.plusDays(1), AFTER_GRACE);

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<DaySummary>> closes = List.of(
                    replicas.submit(() -> {
                        start.await();
                        return days.close(day);
                    }),
                    replicas.submit(() -> {
                        start.await();
                        return days.close(day);
                    }));
            start.countDown();
            assertThat(closes.get(0).get()).isEqualTo(closes.get(1).get());
        } finally {
            replicas.shutdownNow();
        }

        assertThat(db.rows("SELECT amount FROM ledger_entry WHERE account_id = ? AND type = 'PAYOUT'", worker))
                .containsExactly(Map.of("amount", earned.negate()));
        assertThat(db.balance(worker)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(db.outbox("Payout.Made", worker)).hasSize(1);
        assertThat(db.outbox("BillingDay.Closed", day.toString())).hasSize(1);
        assertThat(db.count("SELECT count(*) FROM payout_mail WHERE account_id = ?", worker))
                .isEqualTo(1);
    }

    @Test
    void theSchedulerClosesYesterdayAndTheDaysItMissedWhileDown() {
        String worker = newAccountId();
        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));
        BigDecimal earned = db.balance(worker);
        // down for three midnights
        clock.moveTo(day.plusDays(3), AFTER_GRACE);

        assertThat(closer.closeFinishedDays()).map(DaySummary::date).contains(day.plusDays(2));

        assertThat(db.rows(
                        "SELECT date FROM billing_day WHERE date BETWEEN ? AND ? ORDER BY date",
                        Date.valueOf(day),
                        Date.valueOf(day.plusDays(2))))
                .extracting(r -> r.get("date"))
                .containsExactly(Date.valueOf(day), Date.valueOf(day.plusDays(1)), Date.valueOf(day.plusDays(2)));
        assertThat(db.rows(
                        "SELECT amount, billing_date FROM ledger_entry WHERE account_id = ? AND type = 'PAYOUT'",
                        worker))
                .containsExactly(Map.of("amount", earned.negate(), "billing_date", Date.valueOf(day)));
        assertThat(closer.closeFinishedDays()).isEmpty();
    }

    @Test
    void aDayThatHasNotEndedCannotBeClosed() {
        close(day, "admin")
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString(day + " is not over yet"));
        close(day.plusDays(1), "admin").statusCode(409);
        assertThat(db.count("SELECT count(*) FROM billing_day WHERE date >= ?", Date.valueOf(day)))
                .isZero();
    }

    @Test
    void onlyAnAdminClosesADay() {
        clock.moveTo(day.plusDays(1), LocalTime.NOON);
        close(day, "popug1").statusCode(403).body("status", equalTo(403));
        close(day, "accountant").statusCode(403);
        close(day, "manager").statusCode(403);
        given().post("/api/billing-days/{date}/close", day.toString()).then().statusCode(401);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("admin"))
                .post("/api/billing-days/{date}/close", "yesterday")
                .then()
                .statusCode(400)
                .body("detail", containsString("YYYY-MM-DD"));
        assertThat(db.count("SELECT count(*) FROM billing_day WHERE date = ?", Date.valueOf(day)))
                .isZero();
    }

    @Test
    void aFailingMailServerNeitherStopsTheCloseNorLosesTheMail() {
        String worker = newAccountId();
        String email = "unlucky-" + worker.substring(0, 8) + "@uberpopug.test";
        ledgers.deliver(accountCreated(worker, "unlucky-" + worker.substring(0, 8), email, Role.WORKER));
        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));
        BigDecimal earned = db.balance(worker);
        clock.moveTo(day.plusDays(1), AFTER_GRACE);

        MailServer.get().stop();
        try {
            close(day, "admin").statusCode(200);
            assertThat(db.balance(worker)).isEqualByComparingTo(BigDecimal.ZERO);
            await().atMost(WAIT)
                    .until(() -> db.count(
                                    "SELECT count(*) FROM payout_mail WHERE account_id = ? AND attempts >= 2 AND sent_at IS NULL "
                                            + "AND last_error IS NOT NULL",
                                    worker)
                            == 1);
        } finally {
            MailServer.get().start();
        }

        await().atMost(WAIT).until(() -> !MailServer.get().messages(email).isEmpty());
        assertThat(single(MailServer.get().messages(email)).subject()).endsWith(": " + earned.setScale(2));
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM payout_mail WHERE account_id = ? AND sent_at IS NOT NULL", worker)
                        == 1);
    }

    private io.restassured.response.ValidatableResponse close(LocalDate date, String user) {
        return given().auth()
                .oauth2(KeycloakTokens.accessToken(user))
                .post("/api/billing-days/{date}/close", date.toString())
                .then();
    }

    private long closedDays(LocalDate date) {
        return db.count("SELECT count(*) FROM billing_day WHERE date = ?", Date.valueOf(date));
    }

    private void awaitEntries(String account, int count) {
        await().atMost(WAIT).until(() -> db.entries(account).size() >= count);
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}

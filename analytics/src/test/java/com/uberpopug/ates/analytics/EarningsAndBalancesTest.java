package com.uberpopug.ates.analytics;

import static com.uberpopug.ates.analytics.support.Events.balance;
import static com.uberpopug.ates.analytics.support.Events.fee;
import static com.uberpopug.ates.analytics.support.Events.payout;
import static com.uberpopug.ates.analytics.support.Events.republished;
import static com.uberpopug.ates.analytics.support.Events.reward;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.analytics.support.Events;
import com.uberpopug.ates.analytics.support.Events.Event;
import com.uberpopug.ates.analytics.support.Feed;
import com.uberpopug.ates.analytics.support.ReadModel;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A1 fed through the real Kafka: management earnings of today and the number of negative balances. */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class EarningsAndBalancesTest {

    static final LocalDate YESTERDAY = LocalDate.parse("2026-03-02");
    static final LocalDate TODAY = LocalDate.parse("2026-03-03");

    @Inject
    ReadModel readModel;

    @Inject
    TestClock clock;

    Feed feed;

    @BeforeEach
    void cleanSlate() {
        readModel.clear();
        clock.set("2026-03-03T12:00:00Z");
        feed = new Feed(readModel);
    }

    @Test
    void todaysManagementEarningsAreTheFeesMinusTheRewardsOfTodaysBillingDate() {
        String anna = account();
        String bob = account();
        UUID task1 = UUID.randomUUID();
        UUID task2 = UUID.randomUUID();
        UUID task3 = UUID.randomUUID();
        Event feeBob = fee(bob, task2, "12.00", TODAY, at("2026-03-03T09:05:00Z"));
        Event rewardAnna = reward(anna, task1, "30.00", TODAY, at("2026-03-03T11:00:00Z"));

        feed.send(
                        fee(anna, task1, "15.00", TODAY, at("2026-03-03T09:00:00Z")),
                        feeBob,
                        fee(anna, task3, "10.00", YESTERDAY, at("2026-03-02T23:59:59Z")), // yesterday's: not today's
                        rewardAnna,
                        fee(anna, task1, "20.00", TODAY, at("2026-03-03T11:30:00Z")), // reassigned: a second fee
                        payout(bob, "5.00", TODAY, at("2026-03-03T00:00:01Z"))) // a payout is not earnings
                .duplicate(feeBob)
                .send(republished(rewardAnna)) // same transaction, new event id
                .send(balance(bob, "-12.00", at("2026-03-03T09:05:00Z")))
                .send(balance(anna, "-15.00", at("2026-03-03T11:30:00Z")))
                .awaitApplied();

        // fees 15 + 12 + 20 = 47, rewards 30: 47 - 30 = 17
        admin().get("/api/analytics/today")
                .then()
                .statusCode(200)
                .body("date", equalTo("2026-03-03"))
                .body("managementEarnings", equalTo(17.00f))
                .body("negativeBalanceCount", equalTo(2))
                .body(containsString("\"managementEarnings\":17.00")); // money with two decimals
        admin().queryParam("from", "2026-03-01")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/days")
                .then()
                .statusCode(200)
                .body("date", contains("2026-03-01", "2026-03-02", "2026-03-03"))
                .body("fees", contains(0.0f, 10.00f, 47.00f))
                .body("rewards", contains(0.0f, 0.0f, 30.00f))
                .body("managementEarnings", contains(0.0f, 10.00f, 17.00f));
    }

    @Test
    void earningsAreNegativeOnADayWhenMoreIsPaidThanCharged() {
        String anna = account();
        feed.sendAndAwait(
                fee(anna, UUID.randomUUID(), "10.00", TODAY, at("2026-03-03T08:00:00Z")),
                reward(anna, UUID.randomUUID(), "38.50", TODAY, at("2026-03-03T10:00:00Z")));

        admin().get("/api/analytics/today").then().statusCode(200).body("managementEarnings", equalTo(-28.50f));
    }

    @Test
    void nothingBilledTodayIsZero() {
        feed.sendAndAwait(fee(account(), UUID.randomUUID(), "10.00", YESTERDAY, at("2026-03-02T10:00:00Z")));

        admin().get("/api/analytics/today")
                .then()
                .statusCode(200)
                .body("date", equalTo("2026-03-03"))
                .body("managementEarnings", equalTo(0.0f))
                .body("negativeBalanceCount", equalTo(0));
    }

    @Test
    void theNegativeBalanceCountFollowsTheNewestBalanceOfEachAccount() {
        String recovered = account();
        String inTheRed = account();
        String staleNegative = account();
        String twice = account();
        Event twiceFirst = balance(twice, "-1.00", at("2026-03-03T08:00:00Z"));

        feed.send(
                        balance(recovered, "-10.00", at("2026-03-03T08:00:00Z")),
                        balance(recovered, "5.00", at("2026-03-03T09:00:00Z")),
                        balance(inTheRed, "-3.00", at("2026-03-03T08:00:00Z")),
                        balance(staleNegative, "20.00", at("2026-03-03T09:00:00Z")),
                        // older than the balance already applied: must not overwrite it
                        balance(staleNegative, "-7.00", at("2026-03-03T08:00:00Z")),
                        twiceFirst)
                .duplicate(twiceFirst)
                .send(balance(twice, "-2.00", at("2026-03-03T09:00:00Z")))
                .awaitApplied();

        admin().get("/api/analytics/today").then().statusCode(200).body("negativeBalanceCount", equalTo(2));
        // a zero balance is not negative
        feed.sendAndAwait(balance(inTheRed, "0.00", at("2026-03-03T10:00:00Z")));
        admin().get("/api/analytics/today").then().statusCode(200).body("negativeBalanceCount", equalTo(1));
    }

    @Test
    void aBalanceCommittedLaterWinsEvenWhenItsChangeTimeIsEarlier() {
        String account = account();
        // billing took the second change's time first, then waited for the first change's row lock: the commits,
        // and so the events, come in reverse order of their changedAt; the sequence follows the commits
        feed.sendAndAwait(balance(account, "-5.00", 1, at("2026-03-03T09:00:00.200Z")));
        feed.sendAndAwait(balance(account, "10.00", 2, at("2026-03-03T09:00:00.100Z")));

        admin().get("/api/analytics/today").then().statusCode(200).body("negativeBalanceCount", equalTo(0));
        assertThat(readModel.row("SELECT balance, sequence FROM account_balance WHERE account_id = :id", account))
                .containsExactly(new BigDecimal("10.00"), 2L);

        // an earlier change sent again, and a v1 change however new its time, never overwrite a sequenced balance
        feed.sendAndAwait(
                balance(account, "-5.00", 1, at("2026-03-03T09:00:00.200Z")),
                Events.balance(account, "-3.00", at("2026-03-03T11:00:00Z")));
        admin().get("/api/analytics/today").then().statusCode(200).body("negativeBalanceCount", equalTo(0));
        assertThat(readModel.row("SELECT balance, sequence FROM account_balance WHERE account_id = :id", account))
                .containsExactly(new BigDecimal("10.00"), 2L);
    }

    @Test
    void aSequencedBalanceReplacesOneFromVersionOneWhateverTheTimes() {
        String account = account();
        feed.sendAndAwait(balance(account, "-4.00", at("2026-03-03T10:00:00Z")));
        feed.sendAndAwait(balance(account, "6.00", 1, at("2026-03-03T09:00:00Z")));

        admin().get("/api/analytics/today").then().statusCode(200).body("negativeBalanceCount", equalTo(0));
        assertThat(readModel.row("SELECT balance, sequence FROM account_balance WHERE account_id = :id", account))
                .containsExactly(new BigDecimal("6.00"), 1L);
    }

    @Test
    void theDailyNegativeCountIsKeptForTheChartAndCarriedOverDaysWithoutChanges() {
        String anna = account();
        String bob = account();
        String carl = account();
        feed.sendAndAwait(
                balance(anna, "-10.00", at("2026-03-01T10:00:00Z")),
                balance(bob, "-20.00", at("2026-03-01T11:00:00Z")));
        feed.sendAndAwait(balance(anna, "10.00", at("2026-03-03T10:00:00Z")));
        admin().queryParam("from", "2026-02-28")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/days")
                .then()
                .statusCode(200)
                .body("negativeBalanceCount", contains(0, 2, 2, 1));

        // a change from an earlier day arriving late counts on its own day and after, as if it had come in time
        feed.sendAndAwait(balance(carl, "-5.00", at("2026-03-01T12:00:00Z")));
        admin().queryParam("from", "2026-02-28")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/days")
                .then()
                .statusCode(200)
                .body("negativeBalanceCount", contains(0, 3, 3, 2));
        // and an account's late change from before its later ones counts only up to the next of them
        String dora = account();
        feed.sendAndAwait(balance(dora, "4.00", 2, at("2026-03-02T10:00:00Z")));
        feed.sendAndAwait(balance(dora, "-4.00", 1, at("2026-03-01T10:00:00Z")));
        admin().queryParam("from", "2026-02-28")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/days")
                .then()
                .statusCode(200)
                .body("negativeBalanceCount", contains(0, 4, 3, 2));
        admin().get("/api/analytics/today").then().statusCode(200).body("negativeBalanceCount", equalTo(2));
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(KeycloakTokens.accessToken("admin"));
    }

    static String account() {
        return UUID.randomUUID().toString();
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }
}

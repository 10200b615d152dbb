package com.uberpopug.ates.analytics;

import static com.uberpopug.ates.analytics.EarningsAndBalancesTest.account;
import static com.uberpopug.ates.analytics.EarningsAndBalancesTest.admin;
import static com.uberpopug.ates.analytics.EarningsAndBalancesTest.at;
import static com.uberpopug.ates.analytics.support.Events.reward;
import static com.uberpopug.ates.analytics.support.Events.taskCompleted;
import static com.uberpopug.ates.analytics.support.Events.taskCreated;
import static com.uberpopug.ates.analytics.support.Events.taskCreatedV1;
import static com.uberpopug.ates.analytics.support.Events.taskUpdated;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.uberpopug.ates.analytics.support.Feed;
import com.uberpopug.ates.analytics.support.ReadModel;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.events.task.TaskStatus;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A2 fed through the real Kafka: the most expensive task of a day, an ISO week, a month, and per day. */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class MostExpensiveTaskTest {

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
    void theMostExpensiveTaskIsTheHighestRewardOfTheDayWeekAndMonth() {
        UUID cheap = UUID.randomUUID();
        UUID dear = UUID.randomUUID();
        UUID middling = UUID.randomUUID();
        String anna = account();
        feed.sendAndAwait(
                taskCreated(cheap, "Sweep the perch", null, at("2026-03-03T08:00:00Z")),
                taskCreated(dear, "Feed the parrots", "UBERPOP-42", at("2026-03-03T08:00:00Z")),
                taskCreated(middling, "Count the seeds", null, at("2026-03-04T08:00:00Z")),
                reward(anna, cheap, "21.00", date("2026-03-03"), at("2026-03-03T09:00:00Z")),
                taskCompleted(dear, anna, at("2026-03-03T09:59:58Z")),
                reward(anna, dear, "38.00", date("2026-03-03"), at("2026-03-03T10:00:00Z")),
                reward(anna, middling, "28.00", date("2026-03-04"), at("2026-03-04T10:00:00Z")));

        mostExpensive("day", "2026-03-03")
                .body("period", equalTo("day"))
                .body("from", equalTo("2026-03-03"))
                .body("to", equalTo("2026-03-03"))
                .body("task.id", equalTo(dear.toString()))
                .body("task.title", equalTo("Feed the parrots"))
                .body("task.jiraId", equalTo("UBERPOP-42"))
                .body("task.reward", equalTo(38.00f))
                .body("task.completedAt", equalTo("2026-03-03T09:59:58Z"));
        mostExpensive("day", "2026-03-04")
                .body("task.id", equalTo(middling.toString()))
                .body("task.reward", equalTo(28.00f))
                // no Task.Completed has arrived: the reward's time stands in
                .body("task.completedAt", equalTo("2026-03-04T10:00:00Z"));
        mostExpensive("week", "2026-03-04")
                .body("from", equalTo("2026-03-02"))
                .body("to", equalTo("2026-03-08"))
                .body("task.id", equalTo(dear.toString()));
        mostExpensive("month", "2026-03-31")
                .body("from", equalTo("2026-03-01"))
                .body("to", equalTo("2026-03-31"))
                .body("task.id", equalTo(dear.toString()));
        // today by default
        admin().queryParam("period", "day")
                .get("/api/analytics/most-expensive-task")
                .then()
                .statusCode(200)
                .body("from", equalTo("2026-03-03"))
                .body("task.id", equalTo(dear.toString()));
    }

    @Test
    void noTaskCompletedInThePeriodIsNull() {
        feed.sendAndAwait(
                reward(account(), UUID.randomUUID(), "30.00", date("2026-03-03"), at("2026-03-03T10:00:00Z")));

        mostExpensive("day", "2026-03-02")
                .body("period", equalTo("day"))
                .body("from", equalTo("2026-03-02"))
                .body("task", nullValue());
        mostExpensive("month", "2026-02-15")
                .body("from", equalTo("2026-02-01"))
                .body("to", equalTo("2026-02-28"))
                .body("task", nullValue());
    }

    @Test
    void sundayLateBelongsToItsWeekAndMondayMidnightToTheNext() {
        UUID sunday = UUID.randomUUID();
        UUID monday = UUID.randomUUID();
        feed.sendAndAwait(
                reward(account(), sunday, "38.00", date("2026-03-01"), at("2026-03-01T23:59:00Z")),
                reward(account(), monday, "28.00", date("2026-03-02"), at("2026-03-02T00:00:00Z")));

        mostExpensive("week", "2026-03-01")
                .body("from", equalTo("2026-02-23"))
                .body("to", equalTo("2026-03-01"))
                .body("task.id", equalTo(sunday.toString()));
        mostExpensive("week", "2026-02-23").body("task.id", equalTo(sunday.toString()));
        mostExpensive("week", "2026-03-02")
                .body("from", equalTo("2026-03-02"))
                .body("to", equalTo("2026-03-08"))
                .body("task.id", equalTo(monday.toString()));
        mostExpensive("week", "2026-03-08").body("task.id", equalTo(monday.toString()));
    }

    @Test
    void monthsEndOnTheirLastDayLeapFebruaryIncluded() {
        UUID january = UUID.randomUUID();
        UUID february = UUID.randomUUID();
        UUID leapDay = UUID.randomUUID();
        UUID march = UUID.randomUUID();
        feed.sendAndAwait(
                reward(account(), january, "25.00", date("2026-01-31"), at("2026-01-31T23:59:59Z")),
                reward(account(), february, "21.00", date("2026-02-01"), at("2026-02-01T00:00:00Z")),
                reward(account(), leapDay, "33.00", date("2028-02-29"), at("2028-02-29T12:00:00Z")),
                reward(account(), march, "39.00", date("2028-03-01"), at("2028-03-01T00:00:00Z")));

        mostExpensive("month", "2026-01-01")
                .body("to", equalTo("2026-01-31"))
                .body("task.id", equalTo(january.toString()));
        mostExpensive("month", "2026-02-28")
                .body("from", equalTo("2026-02-01"))
                .body("task.id", equalTo(february.toString()));
        mostExpensive("month", "2028-02-10")
                .body("to", equalTo("2028-02-29"))
                .body("task.id", equalTo(leapDay.toString()));
        mostExpensive("month", "2028-03-31").body("task.id", equalTo(march.toString()));
        // the ISO week of 2028-02-29 (a Tuesday) runs into March
        mostExpensive("week", "2028-02-29")
                .body("from", equalTo("2028-02-28"))
                .body("to", equalTo("2028-03-05"))
                .body("task.id", equalTo(march.toString()));
    }

    @Test
    void onEqualRewardsTheOneRewardedFirstWinsWhateverTheOrderOfArrival() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String anna = account();
        feed.sendAndAwait(
                reward(anna, second, "40.00", date("2026-03-03"), at("2026-03-03T15:00:00Z")),
                reward(anna, first, "40.00", date("2026-03-03"), at("2026-03-03T09:00:00Z")));

        mostExpensive("day", "2026-03-03").body("task.id", equalTo(first.toString()));
        mostExpensive("week", "2026-03-03").body("task.id", equalTo(first.toString()));
    }

    @Test
    void aRewardBeforeItsTaskIsKeptAndTheTaskFilledInWhenItArrives() {
        UUID task = UUID.randomUUID();
        String anna = account();
        feed.sendAndAwait(reward(anna, task, "31.00", date("2026-03-03"), at("2026-03-03T10:00:00Z")));

        mostExpensive("day", "2026-03-03")
                .body("task.id", equalTo(task.toString()))
                .body("task.title", nullValue())
                .body("task.jiraId", nullValue())
                .body("task.reward", equalTo(31.00f));

        // v1 of Task.Created carried the jira id in the title
        feed.sendAndAwait(
                taskCreatedV1(task, "[UBERPOP-9] Polish the beak", at("2026-03-03T08:00:00Z")),
                taskCompleted(task, anna, at("2026-03-03T09:59:59Z")));
        mostExpensive("day", "2026-03-03")
                .body("task.title", equalTo("Polish the beak"))
                .body("task.jiraId", equalTo("UBERPOP-9"))
                .body("task.reward", equalTo(31.00f))
                .body("task.completedAt", equalTo("2026-03-03T09:59:59Z"));

        // a newer update renames it; an older one arriving afterwards does not undo that
        feed.sendAndAwait(
                taskUpdated(task, "Polish the golden beak", "UBERPOP-10", TaskStatus.DONE, at("2026-03-03T09:00:00Z")),
                taskUpdated(task, "Stale title", "UBERPOP-1", TaskStatus.OPEN, at("2026-03-03T08:30:00Z")));
        mostExpensive("day", "2026-03-03")
                .body("task.title", equalTo("Polish the golden beak"))
                .body("task.jiraId", equalTo("UBERPOP-10"));
    }

    @Test
    void theListPerDayHasEveryDateOfTheRangeAndTheRangeItsOwnTop() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        feed.sendAndAwait(
                reward(account(), first, "38.00", date("2026-03-01"), at("2026-03-01T10:00:00Z")),
                reward(account(), second, "22.00", date("2026-03-01"), at("2026-03-01T11:00:00Z")),
                reward(account(), third, "28.00", date("2026-03-03"), at("2026-03-03T10:00:00Z")));

        // "03.03: 28$, 02.03: none, 01.03: 38$; 01.03–03.03: 38$"
        admin().queryParam("from", "2026-03-01")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/most-expensive-task/daily")
                .then()
                .statusCode(200)
                .body("date", contains("2026-03-01", "2026-03-02", "2026-03-03"))
                .body("collect { it.task?.id }", contains(first.toString(), null, third.toString()))
                .body("collect { it.task?.reward }", contains(38.00f, null, 28.00f));
        admin().queryParam("from", "2026-03-01")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/most-expensive-task/range")
                .then()
                .statusCode(200)
                .body("period", equalTo("range"))
                .body("from", equalTo("2026-03-01"))
                .body("to", equalTo("2026-03-03"))
                .body("task.id", equalTo(first.toString()));
        admin().queryParam("from", "2026-03-02")
                .queryParam("to", "2026-03-03")
                .get("/api/analytics/most-expensive-task/range")
                .then()
                .statusCode(200)
                .body("task.id", equalTo(third.toString()));
    }

    private static ValidatableResponse mostExpensive(String period, String date) {
        return admin().queryParam("period", period)
                .queryParam("date", date)
                .get("/api/analytics/most-expensive-task")
                .then()
                .statusCode(200);
    }

    private static LocalDate date(String date) {
        return LocalDate.parse(date);
    }
}

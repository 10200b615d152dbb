package com.uberpopug.ates.billing.account;

import static com.uberpopug.ates.billing.support.Events.newAccountId;
import static com.uberpopug.ates.billing.support.Events.taskAssigned;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static com.uberpopug.ates.billing.support.Events.taskCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Events;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.events.account.Role;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accounts API: each worker their own balance and audit log, admins and accountants everyone's. */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class AccountApiTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    Ledgers ledgers;

    LocalDate day;

    @BeforeEach
    void newDay() {
        day = clock.freshDay();
    }

    @Test
    void aWorkerSeesTheirAccountMadeFromTheirTokenAndTheirEntriesDayByDay() {
        String id = as("popug3")
                .get("/api/accounts/me")
                .then()
                .statusCode(200)
                .body("username", equalTo("popug3"))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract()
                .path("id");
        assertThat(db.rows("SELECT email, role, known FROM account WHERE id = ?", id)
                        .get(0))
                .containsEntry("email", "popug3@uberpopug.test")
                .containsEntry("role", "worker")
                .containsEntry("known", true);
        BigDecimal before = db.balance(id);
        UUID task = UUID.randomUUID();
        taskCreated(task, "Polish the perch", "UBERPOP-31").send();
        await().atMost(WAIT).until(() -> db.task(task) != null);
        taskAssigned(task, id).send();
        await().atMost(WAIT).until(() -> db.entries(id).stream().anyMatch(e -> task.equals(e.get("task_id"))));
        BigDecimal fee = (BigDecimal) db.task(task).get("fee");

        as("popug3")
                .get("/api/accounts/me")
                .then()
                .statusCode(200)
                .body("balance", equalTo(before.subtract(fee).floatValue()));
        String body = as("popug3")
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].type", equalTo("FEE"))
                .body("[0].taskId", equalTo(task.toString()))
                .body("[0].description", equalTo("UBERPOP-31: Polish the perch"))
                .body("[0].at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                .extract()
                .asString();
        assertThat(body).contains("\"amount\":-" + fee.setScale(2).toPlainString());
        as("popug3")
                .queryParam("date", day.toString())
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(200)
                .body("$", hasSize(1));
        as("popug3")
                .queryParam("date", day.minusDays(1).toString())
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(200)
                .body("$", empty());
        as("popug3")
                .queryParam("task", task.toString())
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].taskId", equalTo(task.toString()));
        as("popug3")
                .queryParam("task", UUID.randomUUID().toString())
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(200)
                .body("$", empty());
        as("popug3")
                .queryParam("task", "UBERPOP-31")
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("task 'UBERPOP-31' is not a task id"));
        as("popug3")
                .queryParam("task", "1-2-3-4-5")
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        as("popug3")
                .queryParam("date", "03.03.2026")
                .get("/api/accounts/me/entries")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("date must be a date written YYYY-MM-DD"));
    }

    @Test
    void aWorkerMayNotSeeOtherAccounts() {
        String other = as("popug4")
                .get("/api/accounts/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");

        as("popug1")
                .get("/api/accounts")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        as("popug1").get("/api/accounts/{id}/entries", other).then().statusCode(403);
        as("manager").get("/api/accounts").then().statusCode(403);
        as("popug1").get("/api/earnings").then().statusCode(403);
        as("popug1").get("/api/ledger/check").then().statusCode(403);
        given().get("/api/accounts/me").then().statusCode(401);
    }

    @Test
    void adminsAndAccountantsSeeEveryAccountAndItsEntries() {
        String worker = as("popug5")
                .get("/api/accounts/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        UUID task = UUID.randomUUID();
        taskCompleted(task, worker).send();
        await().atMost(WAIT).until(() -> db.entries(worker).stream().anyMatch(e -> task.equals(e.get("task_id"))));
        BigDecimal balance = db.balance(worker);

        for (String user : List.of("admin", "accountant")) {
            as(user).get("/api/accounts")
                    .then()
                    .statusCode(200)
                    .body("find { it.id == '" + worker + "' }.username", equalTo("popug5"))
                    .body("find { it.id == '" + worker + "' }.balance", equalTo(balance.floatValue()));
            as(user).queryParam("date", day.toString())
                    .get("/api/accounts/{id}/entries", worker)
                    .then()
                    .statusCode(200)
                    .body("taskId", hasItem(task.toString()))
                    .body("find { it.taskId == '" + task + "' }.type", equalTo("REWARD"));
        }
        as("admin")
                .get("/api/accounts/{id}/entries", newAccountId())
                .then()
                .statusCode(404)
                .body("detail", containsString("billing knows no account"));
    }

    @Test
    void earningsPerDayAreTheFeesChargedLessTheRewardsPaid() {
        String a = newAccountId();
        String b = newAccountId();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        taskAssigned(first, a).send();
        taskAssigned(second, b).send();
        taskCompleted(first, a).send();
        await().atMost(WAIT)
                .until(() -> db.entries(a).size() == 2 && db.entries(b).size() == 1);
        BigDecimal fees = ((BigDecimal) db.task(first).get("fee"))
                .add((BigDecimal) db.task(second).get("fee"));
        BigDecimal rewards = (BigDecimal) db.task(first).get("reward");

        List<Map<String, Object>> earnings = as("accountant")
                .queryParam("from", day.minusDays(1).toString())
                .queryParam("to", day.toString())
                .get("/api/earnings")
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("[0].date", equalTo(day.minusDays(1).toString()))
                .body("[0].fees", equalTo(0.0f))
                .body("[0].managementEarnings", equalTo(0.0f))
                .body("[1].date", equalTo(day.toString()))
                .extract()
                .jsonPath()
                .getList("$");

        Map<String, Object> today = earnings.get(1);
        assertThat(new BigDecimal(today.get("fees").toString())).isEqualByComparingTo(fees);
        assertThat(new BigDecimal(today.get("rewards").toString())).isEqualByComparingTo(rewards);
        assertThat(new BigDecimal(today.get("managementEarnings").toString()))
                .isEqualByComparingTo(fees.subtract(rewards));
        as("admin")
                .get("/api/earnings")
                .then()
                .statusCode(200)
                .body("$", hasSize(30))
                .body("[29].date", equalTo(day.toString()));
        as("admin")
                .queryParam("from", day.toString())
                .queryParam("to", day.minusDays(3).toString())
                .get("/api/earnings")
                .then()
                .statusCode(400)
                .body("detail", containsString("is after"));
    }

    @Test
    void theLedgerCheckFindsEveryBalanceEqualToItsEntries() {
        taskAssigned(UUID.randomUUID(), newAccountId()).send();

        as("admin")
                .get("/api/ledger/check")
                .then()
                .statusCode(200)
                .body("unbalanced", empty())
                .body("consistent", equalTo(true));
        given().get("/q/metrics").then().statusCode(200).body(containsString("ates_billing_accounts_unbalanced 0.0"));
    }

    @Test
    void accountEventsKeepTheNewestProfileAndADeletedAccountKeepsItsMoney() {
        String id = newAccountId();
        Events.Sent stale = Events.event(
                EventType.ACCOUNT_UPDATED_V1,
                id,
                new AccountUpdatedV1(id, "old-name", "old@uberpopug.test", null, Role.WORKER));
        ledgers.deliver(Events.accountCreated(id, "parrot", "parrot@uberpopug.test", Role.WORKER));
        ledgers.deliver(Events.event(
                EventType.ACCOUNT_UPDATED_V1,
                id,
                new AccountUpdatedV1(id, "parrot", "parrot@uberpopug.test", "Polly Parrot", Role.ACCOUNTANT)));
        ledgers.deliver(stale); // written before the update, delivered after it

        assertThat(db.rows("SELECT username, full_name, role FROM account WHERE id = ?", id)
                        .get(0))
                .containsEntry("username", "parrot")
                .containsEntry("full_name", "Polly Parrot")
                .containsEntry("role", "accountant");

        ledgers.deliver(taskCompleted(UUID.randomUUID(), id));
        ledgers.deliver(Events.event(EventType.ACCOUNT_DELETED_V1, id, new AccountDeletedV1(id)));

        assertThat(db.rows("SELECT deleted FROM account WHERE id = ?", id).get(0))
                .containsEntry("deleted", true);
        as("admin")
                .get("/api/accounts")
                .then()
                .statusCode(200)
                .body(
                        "find { it.id == '" + id + "' }.balance",
                        equalTo(db.balance(id).floatValue()));
    }

    @Test
    void accountEventsOfVersion2KeepTheEnabledStateWhichVersion1LeavesAlone() {
        String id = newAccountId();
        ledgers.deliver(Events.accountCreatedV2(id, "macaw", "macaw@uberpopug.test", Role.WORKER, true));
        assertThat(db.rows("SELECT username, role, enabled, known FROM account WHERE id = ?", id)
                        .get(0))
                .containsEntry("username", "macaw")
                .containsEntry("role", "worker")
                .containsEntry("enabled", true)
                .containsEntry("known", true);

        ledgers.deliver(Events.accountUpdatedV2(id, "macaw", "macaw@uberpopug.test", Role.WORKER, false));
        assertThat(db.rows("SELECT enabled FROM account WHERE id = ?", id).get(0))
                .containsEntry("enabled", false);
        as("admin")
                .get("/api/accounts")
                .then()
                .statusCode(200)
                .body("find { it.id == '" + id + "' }.enabled", equalTo(false));

        // a v1 update, still on the topic from before Keycloak sent v2, says nothing of the enabled state
        ledgers.deliver(Events.event(
                EventType.ACCOUNT_UPDATED_V1,
                id,
                new AccountUpdatedV1(id, "macaw", "macaw@uberpopug.test", "Blue Macaw", Role.WORKER)));
        assertThat(db.rows("SELECT full_name, enabled FROM account WHERE id = ?", id)
                        .get(0))
                .containsEntry("full_name", "Blue Macaw")
                .containsEntry("enabled", false);

        ledgers.deliver(Events.accountUpdatedV2(id, "macaw", "macaw@uberpopug.test", Role.WORKER, true));
        assertThat(db.rows("SELECT enabled FROM account WHERE id = ?", id).get(0))
                .containsEntry("enabled", true);
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakTokens.accessToken(user)).accept("application/json");
    }
}

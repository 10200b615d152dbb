package com.uberpopug.ates.billing.task;

import static com.uberpopug.ates.billing.support.Events.accountCreated;
import static com.uberpopug.ates.billing.support.Events.accountCreatedV2;
import static com.uberpopug.ates.billing.support.Events.accountUpdatedV2;
import static com.uberpopug.ates.billing.support.Events.newAccountId;
import static com.uberpopug.ates.billing.support.Events.taskAssigned;
import static com.uberpopug.ates.billing.support.Events.taskAssignedV2;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static com.uberpopug.ates.billing.support.Events.taskCreated;
import static com.uberpopug.ates.billing.support.Events.taskCreatedV1;
import static com.uberpopug.ates.billing.support.Events.taskUpdated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Events;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.events.task.AssignmentReason;
import com.uberpopug.ates.events.task.TaskStatus;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prices, fees and rewards from the task events, sent to the real Kafka as the tasks service publishes them: in
 * any order, any number of times.
 */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class TaskBillingTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Db db;

    @Inject
    TestClock clock;

    LocalDate day;

    @BeforeEach
    void newDay() {
        day = clock.freshDay();
    }

    @Test
    void anAssignmentChargesTheTasksFeeToTheAssigneeAndPublishesIt() throws Exception {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        taskCreated(task, "Feed the parrots", "UBERPOP-7").send();
        taskAssigned(task, worker).send();

        List<Map<String, Object>> entries = awaitEntries(worker, 1);

        Map<String, Object> price = db.task(task);
        BigDecimal fee = (BigDecimal) price.get("fee");
        assertThat(fee).isBetween(new BigDecimal("10"), new BigDecimal("20"));
        assertThat(fee.stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
        assertThat(entries.get(0))
                .containsEntry("type", "FEE")
                .containsEntry("amount", fee.negate())
                .containsEntry("task_id", task)
                .containsEntry("billing_date", java.sql.Date.valueOf(day));
        assertThat(db.balance(worker)).isEqualByComparingTo(fee.negate());

        JsonNode applied = single(db.outbox("Transaction.Applied", worker));
        assertThat(new EventValidator().validate(applied).reasons()).isEmpty();
        assertThat(applied.at("/data/type").asText()).isEqualTo("FEE");
        assertThat(applied.at("/data/amount").decimalValue()).isEqualByComparingTo(fee.negate());
        assertThat(applied.at("/data/taskId").asText()).isEqualTo(task.toString());
        assertThat(applied.at("/data/billingDate").asText()).isEqualTo(day.toString());
        JsonNode balance = single(db.outbox("Account.BalanceChanged", worker));
        assertThat(balance.at("/data/balance").decimalValue()).isEqualByComparingTo(fee.negate());
    }

    @Test
    void theSameEventDeliveredTwiceChargesOnce() {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        Events.Sent assigned = taskAssigned(task, worker);
        assigned.send();
        assigned.send();
        // same key, same partition: once the completion is applied, both copies have been handled
        taskCompleted(task, worker).send();

        List<Map<String, Object>> entries = awaitEntries(worker, 2);

        assertThat(entries).extracting(e -> e.get("type")).containsExactly("FEE", "REWARD");
        assertThat(db.outbox("Transaction.Applied", worker)).hasSize(2);
        assertThat(db.balance(worker)).isEqualByComparingTo(db.sumOfEntries(worker));
    }

    @Test
    void everyReassignmentChargesTheFeeAgainToTheNewAssignee() {
        String first = newAccountId();
        String second = newAccountId();
        UUID task = UUID.randomUUID();
        taskAssigned(task, first).send();
        taskAssigned(task, second).send();
        taskAssigned(task, first).send();

        awaitEntries(first, 2);
        awaitEntries(second, 1);

        BigDecimal fee = (BigDecimal) db.task(task).get("fee");
        assertThat(db.balance(first)).isEqualByComparingTo(fee.multiply(new BigDecimal(-2)));
        assertThat(db.balance(second)).isEqualByComparingTo(fee.negate());
    }

    @Test
    void aCompletionBeforeTheTaskIsKnownPaysTheRewardTheTaskKeeps() {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        // the completion overtakes the creation and the assignment (different topics)
        taskCompleted(task, worker).send();
        awaitEntries(worker, 1);
        Map<String, Object> priceAtCompletion = db.task(task);
        taskCreated(task, "Clean the cage", "UBERPOP-9").send();
        await().atMost(WAIT).until(() -> db.task(task).get("title") != null);
        taskAssigned(task, worker).send();

        List<Map<String, Object>> entries = awaitEntries(worker, 2);

        Map<String, Object> price = db.task(task);
        assertThat(price.get("fee")).isEqualTo(priceAtCompletion.get("fee"));
        assertThat(price.get("reward")).isEqualTo(priceAtCompletion.get("reward"));
        BigDecimal reward = (BigDecimal) price.get("reward");
        assertThat(reward).isBetween(new BigDecimal("20"), new BigDecimal("40"));
        assertThat(entries).extracting(e -> e.get("type")).containsExactly("REWARD", "FEE");
        assertThat(entries.get(0).get("amount")).isEqualTo(reward);
        assertThat(entries.get(1).get("amount")).isEqualTo(((BigDecimal) price.get("fee")).negate());
        assertThat(price).containsEntry("title", "Clean the cage").containsEntry("jira_id", "UBERPOP-9");
        // written before the title was known, the reward entry still reads with it
        assertThat(entries.get(0).get("description")).isEqualTo("task " + task);
        assertThat(entries.get(1).get("description")).isEqualTo("UBERPOP-9: Clean the cage");
    }

    @Test
    void aTaskMovedFromADisabledAccountChargesTheFeeToTheNewAssigneeAndTheAuditLogSaysWhy() throws Exception {
        String gone = newAccountId();
        String heir = newAccountId();
        String goneName = "gone-" + gone.substring(0, 8);
        accountCreatedV2(gone, goneName, goneName + "@uberpopug.test", Role.WORKER, true)
                .send();
        UUID task = UUID.randomUUID();
        taskCreated(task, "Count the feathers", "UBERPOP-44").send();
        await().atMost(WAIT)
                .until(() -> db.task(task) != null
                        && db.task(task).get("title") != null
                        && db.value("SELECT username FROM account WHERE id = ?", gone) != null);
        taskAssignedV2(task, gone, null, AssignmentReason.CREATED).send();
        awaitEntries(gone, 1);
        accountUpdatedV2(gone, goneName, goneName + "@uberpopug.test", Role.WORKER, false)
                .send();
        await().atMost(WAIT)
                .until(() -> Boolean.FALSE.equals(db.value("SELECT enabled FROM account WHERE id = ?", gone)));

        taskAssignedV2(task, heir, gone, AssignmentReason.ASSIGNEE_DISABLED).send();

        List<Map<String, Object>> entries = awaitEntries(heir, 1);
        BigDecimal fee = (BigDecimal) db.task(task).get("fee");
        String why = "UBERPOP-44: Count the feathers (moved from " + goneName + ": account disabled)";
        assertThat(entries.get(0))
                .containsEntry("type", "FEE")
                .containsEntry("amount", fee.negate())
                .containsEntry("description", why);
        assertThat(db.balance(heir)).isEqualByComparingTo(fee.negate());
        // the first assignment charged the first assignee as v1 did, and moving the task refunds nothing
        assertThat(db.entries(gone))
                .extracting(e -> e.get("description"))
                .containsExactly("UBERPOP-44: Count the feathers");
        assertThat(db.balance(gone)).isEqualByComparingTo(fee.negate());
        JsonNode applied = single(db.outbox("Transaction.Applied", heir));
        assertThat(new EventValidator().validate(applied).reasons()).isEmpty();
        assertThat(applied.at("/data/description").asText()).isEqualTo(why);
        given().auth()
                .oauth2(KeycloakTokens.accessToken("accountant"))
                .accept("application/json")
                .queryParam("date", day.toString())
                .get("/api/accounts/{id}/entries", heir)
                .then()
                .statusCode(200)
                .body("[0].description", equalTo(why))
                .body("[0].reason", equalTo("assignee-disabled"))
                .body("[0].movedFrom", equalTo(gone));
        given().auth()
                .oauth2(KeycloakTokens.accessToken("accountant"))
                .accept("application/json")
                .queryParam("date", day.toString())
                .get("/api/accounts/{id}/entries", gone)
                .then()
                .statusCode(200)
                .body("[0].reason", nullValue())
                .body("[0].movedFrom", nullValue());
    }

    @Test
    void version1AndVersion2AssignmentsOfOneTaskEachChargeTheFee() {
        String first = newAccountId();
        String second = newAccountId();
        UUID task = UUID.randomUUID();
        taskAssigned(task, first).send();
        taskAssignedV2(task, second, first, AssignmentReason.RESHUFFLE).send();
        taskAssigned(task, first).send();

        awaitEntries(first, 2);
        awaitEntries(second, 1);

        BigDecimal fee = (BigDecimal) db.task(task).get("fee");
        assertThat(db.balance(first)).isEqualByComparingTo(fee.multiply(new BigDecimal(-2)));
        assertThat(db.balance(second)).isEqualByComparingTo(fee.negate());
        assertThat(db.entries(second).get(0).get("description").toString())
                .endsWith("(moved from " + first + ": reshuffled)");
        assertThat(db.entries(first))
                .extracting(e -> e.get("description").toString())
                .noneMatch(d -> d.contains("moved from"));
    }

    @Test
    void aLaterUpdateFillsInTheTitleButNeverChangesThePrice() {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        Events.Sent stale = taskCreated(task, "Sort the seeds", "UBERPOP-11"); // written now, delivered late
        taskCreatedV1(task, "[UBERPOP-11] Sort the seeds").send();
        await().atMost(WAIT).until(() -> db.task(task) != null);
        Map<String, Object> price = db.task(task);
        assertThat(price).containsEntry("title", "Sort the seeds").containsEntry("jira_id", "UBERPOP-11");

        taskUpdated(task, "Sort all the seeds", "UBERPOP-12", TaskStatus.OPEN).send();
        stale.send();
        await().atMost(WAIT)
                .until(() -> db.count("SELECT count(*) FROM processed_event WHERE event_id = ?", stale.eventId()) == 1);
        assertThat(db.task(task)).containsEntry("title", "Sort all the seeds").containsEntry("jira_id", "UBERPOP-12");
        taskAssigned(task, worker).send();
        taskCompleted(task, worker).send();
        awaitEntries(worker, 2);

        Map<String, Object> after = db.task(task);
        assertThat(after.get("fee")).isEqualTo(price.get("fee"));
        assertThat(after.get("reward")).isEqualTo(price.get("reward"));
        assertThat(db.entries(worker))
                .extracting(e -> e.get("description"))
                .containsOnly("UBERPOP-12: Sort all the seeds");
    }

    @Test
    void aTaskCompletedTwiceIsRewardedOnce() {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        taskAssigned(task, worker).send();
        taskCompleted(task, worker).send();
        taskCompleted(task, worker).send(); // a second, different completion event
        UUID marker = UUID.randomUUID();
        taskAssigned(marker, worker).send();

        awaitEntries(worker, 3);

        assertThat(db.entries(worker)).extracting(e -> e.get("type")).containsExactly("FEE", "REWARD", "FEE");
        assertThat(db.balance(worker)).isEqualByComparingTo(db.sumOfEntries(worker));
    }

    @Test
    void anAccountNamedBeforeItsCreationIsAPlaceholderFilledInLater() {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        taskAssigned(task, worker).send();
        awaitEntries(worker, 1);
        assertThat(db.rows("SELECT username, known FROM account WHERE id = ?", worker))
                .containsExactly(placeholder());

        String name = "popug-" + worker.substring(0, 8);
        accountCreated(worker, name, name + "@uberpopug.test", Role.WORKER).send();

        await().atMost(WAIT)
                .until(() -> Boolean.TRUE.equals(db.value("SELECT known FROM account WHERE id = ?", worker)));
        assertThat(db.rows("SELECT username, email, role FROM account WHERE id = ?", worker)
                        .get(0))
                .containsEntry("username", name)
                .containsEntry("email", name + "@uberpopug.test")
                .containsEntry("role", "worker");
        BigDecimal fee = (BigDecimal) db.task(task).get("fee");
        assertThat(db.balance(worker)).isEqualByComparingTo(fee.negate());
    }

    @Test
    void anEventThatCanNeverApplyGoesToTheDeadLetterTopicAndTheOthersOfItsPollApply() {
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        String noAssignee = """
                {"eventId":"%s","eventName":"Task.Assigned","eventVersion":1,"eventTime":"2026-03-03T10:00:00Z",
                 "producer":"tasks","data":{"taskId":"%s","assignedAt":"2026-03-03T10:00:00Z"}}""".formatted(UUID.randomUUID(), task);
        taskAssigned(task, worker).send();
        KafkaTopics.send("tasks-lifecycle", task.toString(), noAssignee);
        taskCompleted(task, worker).send();

        awaitEntries(worker, 2);
        List<ConsumerRecord<String, String>> dead = KafkaTopics.readUntil(
                "tasks-lifecycle.dlq", WAIT, read -> read.stream().anyMatch(r -> noAssignee.equals(r.value())));
        ConsumerRecord<String, String> record = dead.stream()
                .filter(r -> noAssignee.equals(r.value()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not in tasks-lifecycle.dlq"));
        assertThat(KafkaTopics.header(record, "dead-letter-reason"))
                .startsWith("invalid event: ")
                .contains("assigneeId");
        assertThat(db.entries(worker)).extracting(e -> e.get("type")).containsExactly("FEE", "REWARD");
    }

    private static Map<String, Object> placeholder() {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("username", null);
        row.put("known", false);
        return row;
    }

    private List<Map<String, Object>> awaitEntries(String account, int count) {
        await().atMost(WAIT).until(() -> db.entries(account).size() >= count);
        return db.entries(account);
    }

    private static JsonNode single(List<String> payloads) throws Exception {
        assertThat(payloads).hasSize(1);
        return EventJson.mapper().readTree(payloads.get(0));
    }
}

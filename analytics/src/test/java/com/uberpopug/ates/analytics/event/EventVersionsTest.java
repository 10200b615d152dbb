package com.uberpopug.ates.analytics.event;

import static com.uberpopug.ates.analytics.support.Events.accountCreatedV2;
import static com.uberpopug.ates.analytics.support.Events.accountUpdated;
import static com.uberpopug.ates.analytics.support.Events.accountUpdatedV2;
import static com.uberpopug.ates.analytics.support.Events.fee;
import static com.uberpopug.ates.analytics.support.Events.taskAssigned;
import static com.uberpopug.ates.analytics.support.Events.taskAssignedV2;
import static com.uberpopug.ates.analytics.support.Events.taskCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.analytics.support.Feed;
import com.uberpopug.ates.analytics.support.ReadModel;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.events.task.AssignmentReason;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Account.Created/Updated v2 and Task.Assigned v2 through the real Kafka, beside the v1 events still on the topics
 * from before their producers moved on: both versions apply.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class EventVersionsTest {

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
    void accountEventsOfVersion2KeepTheEnabledStateWhichVersion1LeavesAlone() {
        String anna = UUID.randomUUID().toString();
        feed.sendAndAwait(accountCreatedV2(anna, "anna", Role.WORKER, true, at("2026-03-03T09:00:00Z")));
        assertThat(account(anna)).containsExactly("anna", "worker", true);

        feed.sendAndAwait(accountUpdatedV2(anna, "anna", Role.WORKER, false, at("2026-03-03T10:00:00Z")));
        assertThat(account(anna)).containsExactly("anna", "worker", false);

        // a v1 update says nothing of the enabled state
        feed.sendAndAwait(accountUpdated(anna, "anna-k", Role.WORKER, at("2026-03-03T11:00:00Z")));
        assertThat(account(anna)).containsExactly("anna-k", "worker", false);

        // an older v2, delivered late, changes nothing
        feed.sendAndAwait(accountUpdatedV2(anna, "anna", Role.WORKER, true, at("2026-03-03T09:30:00Z")));
        assertThat(account(anna)).containsExactly("anna-k", "worker", false);
    }

    @Test
    void aTaskMovedFromADisabledAccountGoesToItsNewAssigneeWhoPaysTheFee() {
        String gone = UUID.randomUUID().toString();
        String heir = UUID.randomUUID().toString();
        UUID task = UUID.randomUUID();
        LocalDate today = LocalDate.parse("2026-03-03");
        feed.sendAndAwait(
                taskCreated(task, "Count the feathers", "UBERPOP-44", at("2026-03-03T08:00:00Z")),
                taskAssignedV2(task, gone, null, AssignmentReason.CREATED, at("2026-03-03T08:00:00Z")),
                accountUpdatedV2(gone, "gone", Role.WORKER, false, at("2026-03-03T09:00:00Z")),
                taskAssignedV2(task, heir, gone, AssignmentReason.ASSIGNEE_DISABLED, at("2026-03-03T09:00:01Z")),
                fee(heir, task, "14.00", today, at("2026-03-03T09:00:01Z")));

        assertThat(readModel.row("SELECT assignee_id, status FROM task WHERE id = :id", task))
                .containsExactly(heir, "OPEN");
        assertThat(readModel.row("SELECT account_id, amount FROM ledger_transaction WHERE task_id = :id", task))
                .containsExactly(heir, new BigDecimal("-14.00"));

        // a v1 assignment, later by its time, still moves the task
        feed.sendAndAwait(taskAssigned(task, gone, at("2026-03-03T10:00:00Z")));
        assertThat(readModel.row("SELECT assignee_id, status FROM task WHERE id = :id", task))
                .containsExactly(gone, "OPEN");
        // and an earlier v2, delivered late, does not
        feed.sendAndAwait(taskAssignedV2(task, heir, gone, AssignmentReason.RESHUFFLE, at("2026-03-03T09:30:00Z")));
        assertThat(readModel.row("SELECT assignee_id, status FROM task WHERE id = :id", task))
                .containsExactly(gone, "OPEN");
    }

    private Object[] account(String id) {
        return readModel.row("SELECT username, role, enabled FROM account WHERE id = :id", id);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}

package com.uberpopug.ates.analytics.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV2;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV1;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV2;
import com.uberpopug.ates.events.billing.BillingDayClosedV1;
import com.uberpopug.ates.events.billing.PayoutMadeV1;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.events.task.AssignmentReason;
import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The events the producers would publish, as the Kafka records Debezium writes: topic, key and JSON envelope. */
public final class Events {

    private Events() {}

    /** One record for a topic. */
    public record Event(String topic, String key, UUID eventId, String json) {}

    public static Event taskCreatedV1(UUID task, String title, Instant at) {
        return event(EventType.TASK_CREATED_V1, task.toString(), new TaskCreatedV1(task, title, null, at), at);
    }

    public static Event taskCreated(UUID task, String title, String jiraId, Instant at) {
        return event(EventType.TASK_CREATED_V2, task.toString(), new TaskCreatedV2(task, title, jiraId, null, at), at);
    }

    public static Event taskUpdated(UUID task, String title, String jiraId, TaskStatus status, Instant at) {
        return event(
                EventType.TASK_UPDATED_V1, task.toString(), new TaskUpdatedV1(task, title, jiraId, null, status), at);
    }

    public static Event taskAssigned(UUID task, String assignee, Instant at) {
        return event(EventType.TASK_ASSIGNED_V1, task.toString(), new TaskAssignedV1(task, assignee, at), at);
    }

    /** Task.Assigned v2: the task went to {@code assignee} from {@code previous} (null for a new task). */
    public static Event taskAssignedV2(
            UUID task, String assignee, String previous, AssignmentReason reason, Instant at) {
        return event(
                EventType.TASK_ASSIGNED_V2,
                task.toString(),
                new TaskAssignedV2(task, assignee, at, previous, reason),
                at);
    }

    public static Event taskCompleted(UUID task, String assignee, Instant at) {
        return event(EventType.TASK_COMPLETED_V1, task.toString(), new TaskCompletedV1(task, assignee, at), at);
    }

    /** A FEE of {@code amount} (given positive, sent negative, as billing writes it). */
    public static Event fee(String account, UUID task, String amount, LocalDate date, Instant at) {
        return transaction(
                UUID.randomUUID(), account, TransactionType.FEE, new BigDecimal(amount).negate(), task, date, at);
    }

    public static Event reward(String account, UUID task, String amount, LocalDate date, Instant at) {
        return transaction(UUID.randomUUID(), account, TransactionType.REWARD, new BigDecimal(amount), task, date, at);
    }

    /** A PAYOUT of {@code amount} (given positive, sent negative). */
    public static Event payout(String account, String amount, LocalDate date, Instant at) {
        return transaction(
                UUID.randomUUID(), account, TransactionType.PAYOUT, new BigDecimal(amount).negate(), null, date, at);
    }

    public static Event transaction(
            UUID id, String account, TransactionType type, BigDecimal amount, UUID task, LocalDate date, Instant at) {
        String description =
                type == TransactionType.PAYOUT ? "payout" : type.name().toLowerCase() + " for " + task;
        return event(
                EventType.TRANSACTION_APPLIED_V1,
                account,
                new TransactionAppliedV1(id, account, type, amount, task, description, date, at),
                at);
    }

    public static Event balance(String account, String balance, Instant at) {
        return event(
                EventType.ACCOUNT_BALANCE_CHANGED_V1,
                account,
                new AccountBalanceChangedV1(account, new BigDecimal(balance), at),
                at);
    }

    /** Account.BalanceChanged v2: the account's balance after its change number {@code sequence}. */
    public static Event balance(String account, String balance, long sequence, Instant at) {
        return event(
                EventType.ACCOUNT_BALANCE_CHANGED_V2,
                account,
                new AccountBalanceChangedV2(account, new BigDecimal(balance), sequence, at),
                at);
    }

    public static Event billingDayClosed(LocalDate date, int payouts, String total, Instant at) {
        return event(
                EventType.BILLING_DAY_CLOSED_V1,
                date.toString(),
                new BillingDayClosedV1(date, payouts, new BigDecimal(total), at),
                at);
    }

    public static Event payoutMade(String account, String amount, LocalDate date, Instant at) {
        return event(
                EventType.PAYOUT_MADE_V1,
                account,
                new PayoutMadeV1(UUID.randomUUID(), account, new BigDecimal(amount), date, at),
                at);
    }

    public static Event accountCreated(String account, String username, Role role, Instant at) {
        return event(
                EventType.ACCOUNT_CREATED_V1,
                account,
                new AccountCreatedV1(account, username, username + "@uberpopug.test", null, role),
                at);
    }

    public static Event accountUpdated(String account, String username, Role role, Instant at) {
        return event(
                EventType.ACCOUNT_UPDATED_V1,
                account,
                new AccountUpdatedV1(account, username, username + "@uberpopug.test", null, role),
                at);
    }

    public static Event accountCreatedV2(String account, String username, Role role, boolean enabled, Instant at) {
        return event(
                EventType.ACCOUNT_CREATED_V2,
                account,
                new AccountCreatedV2(account, username, username + "@uberpopug.test", null, role, enabled),
                at);
    }

    public static Event accountUpdatedV2(String account, String username, Role role, boolean enabled, Instant at) {
        return event(
                EventType.ACCOUNT_UPDATED_V2,
                account,
                new AccountUpdatedV2(account, username, username + "@uberpopug.test", null, role, enabled),
                at);
    }

    /** The same data again under a new event id: what a producer that published twice would send. */
    public static Event republished(Event event) {
        try {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode)
                    EventJson.mapper().readTree(event.json());
            UUID id = UUID.randomUUID();
            json.put("eventId", id.toString());
            return new Event(event.topic(), event.key(), id, EventJson.mapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Event event(EventType type, String key, Record data, Instant at) {
        EventEnvelope<Record> envelope = EventEnvelope.of(type, data, at);
        try {
            return new Event(
                    type.topic().topicName(),
                    key,
                    envelope.eventId(),
                    EventJson.mapper().writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

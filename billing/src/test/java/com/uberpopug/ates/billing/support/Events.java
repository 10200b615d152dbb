package com.uberpopug.ates.billing.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.AccountUpdatedV2;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.events.task.AssignmentReason;
import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import java.time.Instant;
import java.util.UUID;

/**
 * Events as the other services publish them: envelopes as JSON, sent to their topics keyed by the aggregate id, at
 * the time of the application's (test) clock, as if the producers' clocks agreed with billing's.
 */
public final class Events {

    private Events() {}

    /** One event, written once: sending it again is a redelivery of the same event (same id). */
    public record Sent(EventType type, String key, String json) {
        public Sent send() {
            KafkaTopics.send(type.topic().topicName(), key, json);
            return this;
        }

        public UUID eventId() {
            try {
                return UUID.fromString(
                        EventJson.mapper().readTree(json).get("eventId").asText());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Sent taskCreated(UUID taskId, String title, String jiraId) {
        return event(
                EventType.TASK_CREATED_V2,
                taskId.toString(),
                new TaskCreatedV2(taskId, title, jiraId, "to be done", TestClock.current()));
    }

    public static Sent taskCreatedV1(UUID taskId, String title) {
        return event(
                EventType.TASK_CREATED_V1,
                taskId.toString(),
                new TaskCreatedV1(taskId, title, "to be done", TestClock.current()));
    }

    public static Sent taskUpdated(UUID taskId, String title, String jiraId, TaskStatus status) {
        return event(
                EventType.TASK_UPDATED_V1,
                taskId.toString(),
                new TaskUpdatedV1(taskId, title, jiraId, "to be done", status));
    }

    public static Sent taskAssigned(UUID taskId, String assigneeId) {
        return event(
                EventType.TASK_ASSIGNED_V1,
                taskId.toString(),
                new TaskAssignedV1(taskId, assigneeId, TestClock.current()));
    }

    /** Task.Assigned v2: the task went to {@code assigneeId} from {@code previousAssigneeId} (null for a new task). */
    public static Sent taskAssignedV2(
            UUID taskId, String assigneeId, String previousAssigneeId, AssignmentReason reason) {
        return event(
                EventType.TASK_ASSIGNED_V2,
                taskId.toString(),
                new TaskAssignedV2(taskId, assigneeId, TestClock.current(), previousAssigneeId, reason));
    }

    public static Sent taskCompleted(UUID taskId, String assigneeId) {
        return taskCompleted(taskId, assigneeId, TestClock.current());
    }

    /** A completion that happened at {@code at}, whenever it is sent. */
    public static Sent taskCompleted(UUID taskId, String assigneeId, Instant at) {
        return event(EventType.TASK_COMPLETED_V1, taskId.toString(), new TaskCompletedV1(taskId, assigneeId, at), at);
    }

    public static Sent accountCreated(String accountId, String username, String email, Role role) {
        return event(
                EventType.ACCOUNT_CREATED_V1,
                accountId,
                new AccountCreatedV1(accountId, username, email, username.toUpperCase(), role));
    }

    public static Sent accountCreatedV2(String accountId, String username, String email, Role role, boolean enabled) {
        return event(
                EventType.ACCOUNT_CREATED_V2,
                accountId,
                new AccountCreatedV2(accountId, username, email, username.toUpperCase(), role, enabled));
    }

    public static Sent accountUpdatedV2(String accountId, String username, String email, Role role, boolean enabled) {
        return event(
                EventType.ACCOUNT_UPDATED_V2,
                accountId,
                new AccountUpdatedV2(accountId, username, email, username.toUpperCase(), role, enabled));
    }

    public static <T> Sent event(EventType type, String key, T data) {
        return event(type, key, data, TestClock.current());
    }

    /** An event that happened at {@code at} (its eventTime): by the application's clock, as the producers' are. */
    public static <T> Sent event(EventType type, String key, T data, Instant at) {
        try {
            return new Sent(type, key, EventJson.mapper().writeValueAsString(EventEnvelope.of(type, data, at)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh account id, as Keycloak would make one. */
    public static String newAccountId() {
        return UUID.randomUUID().toString();
    }
}

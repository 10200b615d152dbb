package com.uberpopug.ates.events;

import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV2;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV1;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV2;
import com.uberpopug.ates.events.billing.BillingDayClosedV1;
import com.uberpopug.ates.events.billing.PayoutMadeV1;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every event name and version the system knows: where it travels, what keys it, who writes and
 * reads it, its Java type and its schema. The validator, the tests and docs/events.md derive from
 * this list; a new event or version starts here.
 */
public enum EventType {
    ACCOUNT_CREATED_V1(
            "Account.Created",
            1,
            Topic.ACCOUNTS_STREAM,
            "accountId",
            Services.KEYCLOAK,
            List.of(Services.TASKS, Services.BILLING, Services.ANALYTICS),
            AccountCreatedV1.class),
    ACCOUNT_UPDATED_V1(
            "Account.Updated",
            1,
            Topic.ACCOUNTS_STREAM,
            "accountId",
            Services.KEYCLOAK,
            List.of(Services.TASKS, Services.BILLING, Services.ANALYTICS),
            AccountUpdatedV1.class),
    ACCOUNT_CREATED_V2(
            "Account.Created",
            2,
            Topic.ACCOUNTS_STREAM,
            "accountId",
            Services.KEYCLOAK,
            List.of(Services.TASKS, Services.BILLING, Services.ANALYTICS),
            AccountCreatedV2.class),
    ACCOUNT_UPDATED_V2(
            "Account.Updated",
            2,
            Topic.ACCOUNTS_STREAM,
            "accountId",
            Services.KEYCLOAK,
            List.of(Services.TASKS, Services.BILLING, Services.ANALYTICS),
            AccountUpdatedV2.class),
    ACCOUNT_DELETED_V1(
            "Account.Deleted",
            1,
            Topic.ACCOUNTS_STREAM,
            "accountId",
            Services.KEYCLOAK,
            List.of(Services.TASKS, Services.BILLING, Services.ANALYTICS),
            AccountDeletedV1.class),

    TASK_CREATED_V1(
            "Task.Created",
            1,
            Topic.TASKS_STREAM,
            "taskId",
            Services.TASKS,
            List.of(Services.BILLING, Services.ANALYTICS),
            TaskCreatedV1.class),
    TASK_CREATED_V2(
            "Task.Created",
            2,
            Topic.TASKS_STREAM,
            "taskId",
            Services.TASKS,
            List.of(Services.BILLING, Services.ANALYTICS),
            TaskCreatedV2.class),
    TASK_UPDATED_V1(
            "Task.Updated",
            1,
            Topic.TASKS_STREAM,
            "taskId",
            Services.TASKS,
            List.of(Services.BILLING, Services.ANALYTICS),
            TaskUpdatedV1.class),
    TASK_ASSIGNED_V1(
            "Task.Assigned",
            1,
            Topic.TASKS_LIFECYCLE,
            "taskId",
            Services.TASKS,
            List.of(Services.BILLING, Services.ANALYTICS),
            TaskAssignedV1.class),
    TASK_ASSIGNED_V2(
            "Task.Assigned",
            2,
            Topic.TASKS_LIFECYCLE,
            "taskId",
            Services.TASKS,
            List.of(Services.BILLING, Services.ANALYTICS),
            TaskAssignedV2.class),
    TASK_COMPLETED_V1(
            "Task.Completed",
            1,
            Topic.TASKS_LIFECYCLE,
            "taskId",
            Services.TASKS,
            List.of(Services.BILLING, Services.ANALYTICS),
            TaskCompletedV1.class),

    TRANSACTION_APPLIED_V1(
            "Transaction.Applied",
            1,
            Topic.BILLING_STREAM,
            "accountId",
            Services.BILLING,
            List.of(Services.ANALYTICS),
            TransactionAppliedV1.class),
    ACCOUNT_BALANCE_CHANGED_V1(
            "Account.BalanceChanged",
            1,
            Topic.BILLING_STREAM,
            "accountId",
            Services.BILLING,
            List.of(Services.ANALYTICS),
            AccountBalanceChangedV1.class),
    ACCOUNT_BALANCE_CHANGED_V2(
            "Account.BalanceChanged",
            2,
            Topic.BILLING_STREAM,
            "accountId",
            Services.BILLING,
            List.of(Services.ANALYTICS),
            AccountBalanceChangedV2.class),
    BILLING_DAY_CLOSED_V1(
            "BillingDay.Closed",
            1,
            Topic.BILLING_LIFECYCLE,
            "date",
            Services.BILLING,
            List.of(Services.ANALYTICS),
            BillingDayClosedV1.class),
    PAYOUT_MADE_V1(
            "Payout.Made",
            1,
            Topic.BILLING_LIFECYCLE,
            "accountId",
            Services.BILLING,
            List.of(Services.ANALYTICS),
            PayoutMadeV1.class);

    /** Where the envelope's schema lives on the classpath. */
    public static final String ENVELOPE_SCHEMA = "schemas/envelope.json";

    private final String eventName;
    private final int eventVersion;
    private final Topic topic;
    private final String keyField;
    private final String producer;
    private final List<String> consumers;
    private final Class<? extends Record> dataType;

    EventType(
            String eventName,
            int eventVersion,
            Topic topic,
            String keyField,
            String producer,
            List<String> consumers,
            Class<? extends Record> dataType) {
        this.eventName = eventName;
        this.eventVersion = eventVersion;
        this.topic = topic;
        this.keyField = keyField;
        this.producer = producer;
        this.consumers = consumers;
        this.dataType = dataType;
    }

    public String eventName() {
        return eventName;
    }

    public int eventVersion() {
        return eventVersion;
    }

    public Topic topic() {
        return topic;
    }

    /** The field of {@code data} whose value is the Kafka record key: the aggregate id. */
    public String keyField() {
        return keyField;
    }

    /** The value of the envelope's {@code producer}. */
    public String producer() {
        return producer;
    }

    public List<String> consumers() {
        return consumers;
    }

    /** The record {@code data} maps to. */
    public Class<? extends Record> dataType() {
        return dataType;
    }

    /** The data schema on the classpath: {@code schemas/<topic>/<eventName>/<eventVersion>.json}. */
    public String schemaResource() {
        return "schemas/" + topic.topicName() + "/" + eventName + "/" + eventVersion + ".json";
    }

    /** The (name, version) pair, or empty when the system does not know it. */
    public static Optional<EventType> of(String eventName, int eventVersion) {
        // looked up for every event a service reads or writes, several times: a map, not a scan of all the types
        for (EventType type : ByName.VERSIONS.getOrDefault(eventName, List.of())) {
            if (type.eventVersion == eventVersion) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The versions known of an event name, oldest first; empty for an unknown name. */
    public static List<Integer> versionsOf(String eventName) {
        return ByName.VERSIONS.getOrDefault(eventName, List.of()).stream()
                .map(EventType::eventVersion)
                .toList();
    }

    /** The types by event name, each name's oldest version first (an enum's constants cannot fill a map of it). */
    private static final class ByName {
        static final Map<String, List<EventType>> VERSIONS = Arrays.stream(values())
                .sorted(Comparator.comparingInt(EventType::eventVersion))
                .collect(Collectors.groupingBy(EventType::eventName));
    }

    /** The services (and Keycloak) that write or read events, as the envelope's {@code producer} names them. */
    public static final class Services {
        public static final String KEYCLOAK = "keycloak";
        public static final String TASKS = "tasks";
        public static final String BILLING = "billing";
        public static final String ANALYTICS = "analytics";

        private Services() {}
    }
}

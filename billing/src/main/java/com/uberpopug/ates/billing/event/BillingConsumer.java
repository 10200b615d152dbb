package com.uberpopug.ates.billing.event;

import com.uberpopug.ates.billing.account.AccountReplica;
import com.uberpopug.ates.billing.ledger.Move;
import com.uberpopug.ates.billing.task.TaskBilling;
import com.uberpopug.ates.billing.task.TaskCatalogue;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.Topic;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountState;
import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import com.uberpopug.ates.platform.inbox.Inbox;
import com.uberpopug.ates.platform.inbox.RejectedEventException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The events billing lives on, every topic read in polls through the platform Inbox: a poll is applied in one
 * transaction, its assignments and completions with a few statements for all of them; the Inbox falls back to one
 * event at a time when that fails, waits out a database outage, and dead-letters with the reason what can never
 * apply. Either way an event is applied exactly once (its id and its effect commit together). Order across topics
 * is not guaranteed, so every handler works whichever event of a task or an account comes first.
 */
@ApplicationScoped
public class BillingConsumer {

    private final Inbox inbox;
    private final AccountReplica accounts;
    private final TaskCatalogue catalogue;
    private final TaskBilling billing;

    public BillingConsumer(Inbox inbox, AccountReplica accounts, TaskCatalogue catalogue, TaskBilling billing) {
        this.inbox = inbox;
        this.accounts = accounts;
        this.catalogue = catalogue;
        this.billing = billing;
    }

    /** Names this consumer's handler for replays of its dead letters, before the first poll (see {@link Inbox}). */
    void declareHandlers(@Observes StartupEvent start) {
        inbox.handles(Topic.ACCOUNTS_STREAM.topicName(), this::apply);
        inbox.handles(Topic.TASKS_STREAM.topicName(), this::apply);
        inbox.handles(Topic.TASKS_LIFECYCLE.topicName(), this::apply);
    }

    @Incoming("accounts-stream")
    @Blocking
    public CompletionStage<Void> onAccountsStream(KafkaRecordBatch<String, String> poll) {
        return inbox.processAll(poll, this::apply);
    }

    @Incoming("tasks-stream")
    @Blocking
    public CompletionStage<Void> onTasksStream(KafkaRecordBatch<String, String> poll) {
        return inbox.processAll(poll, this::apply);
    }

    @Incoming("tasks-lifecycle")
    @Blocking
    public CompletionStage<Void> onTasksLifecycle(KafkaRecordBatch<String, String> poll) {
        return inbox.processAll(poll, this::apply);
    }

    /**
     * Applies a poll of records as the channels do, without the broker (tests hand records in directly).
     *
     * @return the records (by index) that cannot be applied, with the reason, for the dead-letter topic
     */
    public Map<Integer, RuntimeException> process(List<ConsumerRecord<String, String>> records) {
        return inbox.apply(records, this::apply);
    }

    /** Applies one record as the channels do; throws what would send it to the dead-letter topic. */
    public void processOne(ConsumerRecord<String, String> record) {
        inbox.apply(record, event -> apply(List.of(event)));
    }

    /**
     * Applies events in their order, inside the caller's transaction: consecutive task descriptions, and
     * consecutive assignments and completions, each as one set.
     */
    public void apply(List<InboundEvent> events) {
        List<TaskCatalogue.Description> descriptions = new ArrayList<>();
        List<TaskBilling.TaskMoney> money = new ArrayList<>();
        for (InboundEvent event : events) {
            boolean describes = describes(event.type());
            boolean moves = movesMoney(event.type());
            if (!describes && !descriptions.isEmpty()) {
                catalogue.describe(descriptions);
                descriptions.clear();
            }
            if (!moves && !money.isEmpty()) {
                billing.apply(money);
                money.clear();
            }
            switch (event.type()) {
                case ACCOUNT_CREATED_V1, ACCOUNT_CREATED_V2, ACCOUNT_UPDATED_V1, ACCOUNT_UPDATED_V2 -> {
                    // v1 says nothing of the enabled state: null leaves it as it is
                    AccountState a = event.data(AccountState.Described.class).state();
                    accounts.replicate(
                            a.accountId(),
                            a.username(),
                            a.email(),
                            a.fullName(),
                            a.role(),
                            a.enabled(),
                            event.eventTime());
                }
                case ACCOUNT_DELETED_V1 ->
                    accounts.markDeleted(event.data(AccountDeletedV1.class).accountId(), event.eventTime());
                case TASK_CREATED_V1 ->
                    descriptions.add(description(event.data(TaskCreatedV1.class).toV2(), event));
                case TASK_CREATED_V2 -> descriptions.add(description(event.data(TaskCreatedV2.class), event));
                case TASK_UPDATED_V1 -> {
                    TaskUpdatedV1 t = event.data(TaskUpdatedV1.class);
                    descriptions.add(
                            new TaskCatalogue.Description(t.taskId(), t.title(), t.jiraId(), event.eventTime()));
                }
                case TASK_ASSIGNED_V1 -> {
                    TaskAssignedV1 t = event.data(TaskAssignedV1.class);
                    money.add(TaskBilling.TaskMoney.assigned(t.taskId(), t.assigneeId(), null, event));
                }
                // the same fee as v1; the entry also says from whom and why a task was moved
                case TASK_ASSIGNED_V2 -> {
                    TaskAssignedV2 t = event.data(TaskAssignedV2.class);
                    money.add(TaskBilling.TaskMoney.assigned(
                            t.taskId(), t.assigneeId(), Move.of(t.previousAssigneeId(), t.reason()), event));
                }
                case TASK_COMPLETED_V1 -> {
                    TaskCompletedV1 t = event.data(TaskCompletedV1.class);
                    money.add(TaskBilling.TaskMoney.completed(t.taskId(), t.assigneeId(), event));
                }
                default ->
                    throw new RejectedEventException(event.type().eventName() + " v"
                            + event.type().eventVersion() + " is not an event billing reads from " + event.topic());
            }
        }
        if (!descriptions.isEmpty()) {
            catalogue.describe(descriptions);
        }
        billing.apply(money);
        // in the same transaction: how far each partition has been applied, which tells when a day is complete
        billing.applied(events);
    }

    private static boolean movesMoney(EventType type) {
        return type == EventType.TASK_ASSIGNED_V1
                || type == EventType.TASK_ASSIGNED_V2
                || type == EventType.TASK_COMPLETED_V1;
    }

    private static boolean describes(EventType type) {
        return type == EventType.TASK_CREATED_V1
                || type == EventType.TASK_CREATED_V2
                || type == EventType.TASK_UPDATED_V1;
    }

    private static TaskCatalogue.Description description(TaskCreatedV2 task, InboundEvent event) {
        return new TaskCatalogue.Description(task.taskId(), task.title(), task.jiraId(), event.eventTime());
    }
}

package com.uberpopug.ates.billing.event;

import com.uberpopug.ates.billing.account.Accounts;
import com.uberpopug.ates.billing.task.TaskBilling;
import com.uberpopug.ates.billing.task.TaskCatalogue;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import com.uberpopug.ates.platform.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The events billing lives on. Account events go one by one through the platform Inbox. Task events come in polls
 * (batches): a poll is applied in one transaction by the {@link BatchInbox}, its assignments and completions with a
 * few statements for all of them; should that fail, each record of the poll goes through the platform Inbox on its
 * own, which retries it and, if it can never apply, sends it to the dead-letter topic with the reason. Either way an
 * event is applied exactly once (its id and its effect commit together). Order across topics is not guaranteed, so
 * every handler works whichever event of a task or an account comes first.
 */
@ApplicationScoped
public class BillingConsumer {

    private static final Logger LOG = Logger.getLogger(BillingConsumer.class);

    private final Inbox inbox;
    private final BatchInbox batchInbox;
    private final Accounts accounts;
    private final TaskCatalogue catalogue;
    private final TaskBilling billing;

    public BillingConsumer(Inbox inbox, BatchInbox batchInbox, Accounts accounts, TaskCatalogue catalogue,
            TaskBilling billing) {
        this.inbox = inbox;
        this.batchInbox = batchInbox;
        this.accounts = accounts;
        this.catalogue = catalogue;
        this.billing = billing;
    }

    @Incoming("accounts-stream")
    @Blocking
    public void onAccountsStream(ConsumerRecord<String, String> record) {
        processOne(record);
    }

    @Incoming("tasks-stream")
    @Blocking
    public CompletionStage<Void> onTasksStream(KafkaRecordBatch<String, String> batch) {
        return onPoll(batch);
    }

    @Incoming("tasks-lifecycle")
    @Blocking
    public CompletionStage<Void> onTasksLifecycle(KafkaRecordBatch<String, String> batch) {
        return onPoll(batch);
    }

    private CompletionStage<Void> onPoll(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        List<ConsumerRecord<String, String>> consumerRecords = new ArrayList<>(records.size());
        for (KafkaRecord<String, String> record : records) {
            consumerRecords.add(record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getRecord());
        }
        process(consumerRecords).forEach((index, failure) ->
                // to the channel's dead-letter topic, with the reason; the poll goes on
                records.get(index).nack(failure).toCompletableFuture().join());
        return batch.ack();
    }

    /**
     * Applies a poll of records: in one transaction if all goes well, else one by one through the platform Inbox.
     *
     * @return the records (by index) that cannot be applied, with the reason, for the dead-letter topic
     */
    public Map<Integer, RuntimeException> process(List<ConsumerRecord<String, String>> records) {
        Map<Integer, RuntimeException> failures = new TreeMap<>();
        if (!batchInbox.process(records, this::apply)) {
            for (int i = 0; i < records.size(); i++) {
                try {
                    processOne(records.get(i));
                } catch (RuntimeException failed) {
                    failures.put(i, failed);
                }
            }
        }
        return failures;
    }

    /** Applies one record through the platform Inbox; throws what sends it to the dead-letter topic. */
    public void processOne(ConsumerRecord<String, String> record) {
        inbox.process(record, event -> apply(List.of(event)));
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
            boolean moves = event.type() == EventType.TASK_ASSIGNED_V1 || event.type() == EventType.TASK_COMPLETED_V1;
            if (!describes && !descriptions.isEmpty()) {
                catalogue.describe(descriptions);
                descriptions.clear();
            }
            if (!moves && !money.isEmpty()) {
                billing.apply(money);
                money.clear();
            }
            switch (event.type()) {
                case ACCOUNT_CREATED_V1 -> {
                    AccountCreatedV1 a = event.data(AccountCreatedV1.class);
                    accounts.replicate(a.accountId(), a.username(), a.email(), a.fullName(), a.role(),
                            event.eventTime());
                }
                case ACCOUNT_UPDATED_V1 -> {
                    AccountUpdatedV1 a = event.data(AccountUpdatedV1.class);
                    accounts.replicate(a.accountId(), a.username(), a.email(), a.fullName(), a.role(),
                            event.eventTime());
                }
                case ACCOUNT_DELETED_V1 ->
                        accounts.markDeleted(event.data(AccountDeletedV1.class).accountId(), event.eventTime());
                case TASK_CREATED_V1 -> descriptions.add(description(event.data(TaskCreatedV1.class).toV2(), event));
                case TASK_CREATED_V2 -> descriptions.add(description(event.data(TaskCreatedV2.class), event));
                case TASK_UPDATED_V1 -> {
                    TaskUpdatedV1 t = event.data(TaskUpdatedV1.class);
                    descriptions.add(new TaskCatalogue.Description(t.taskId(), t.title(), t.jiraId(),
                            event.eventTime()));
                }
                case TASK_ASSIGNED_V1 -> {
                    TaskAssignedV1 t = event.data(TaskAssignedV1.class);
                    money.add(new TaskBilling.TaskMoney(t.taskId(), t.assigneeId(), false, event.eventTime()));
                }
                case TASK_COMPLETED_V1 -> {
                    TaskCompletedV1 t = event.data(TaskCompletedV1.class);
                    money.add(new TaskBilling.TaskMoney(t.taskId(), t.assigneeId(), true, event.eventTime()));
                }
                default -> LOG.debugf("%s is not billing's business; skipped", event);
            }
        }
        if (!descriptions.isEmpty()) {
            catalogue.describe(descriptions);
        }
        billing.apply(money);
        // in the same transaction: how far each partition has been applied, which tells when a day is complete
        billing.applied(events);
    }

    private static boolean describes(EventType type) {
        return type == EventType.TASK_CREATED_V1 || type == EventType.TASK_CREATED_V2
                || type == EventType.TASK_UPDATED_V1;
    }

    private static TaskCatalogue.Description description(TaskCreatedV2 task, InboundEvent event) {
        return new TaskCatalogue.Description(task.taskId(), task.title(), task.jiraId(), event.eventTime());
    }
}

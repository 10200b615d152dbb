package com.uberpopug.ates.analytics.event;

import com.uberpopug.ates.analytics.account.AccountReplica;
import com.uberpopug.ates.analytics.ledger.LedgerProjection;
import com.uberpopug.ates.analytics.rebuild.ReadModelRebuild;
import com.uberpopug.ates.analytics.task.TaskProjection;
import com.uberpopug.ates.events.Topic;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountState;
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
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Everything analytics knows arrives here: one consumer per topic, each poll through the Inbox (validated, its new
 * events applied once as a set in one transaction, waiting out a database outage, dead-lettered with its reason when it can never apply),
 * then to the read model it feeds. A valid event analytics has no use for is refused like any other poison record,
 * the one policy every service follows. Each poll is applied through {@link ReadModelRebuild#applying}, which keeps it
 * apart from a rebuild's emptying of the read model and counts it towards the rebuild's progress.
 */
@ApplicationScoped
public class AnalyticsConsumer {

    private final Inbox inbox;
    private final TaskProjection tasks;
    private final LedgerProjection ledger;
    private final AccountReplica accounts;
    private final ReadModelRebuild rebuild;

    AnalyticsConsumer(
            Inbox inbox,
            TaskProjection tasks,
            LedgerProjection ledger,
            AccountReplica accounts,
            ReadModelRebuild rebuild) {
        this.inbox = inbox;
        this.rebuild = rebuild;
        this.tasks = tasks;
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /** Names this consumer's handler for replays of its dead letters, before the first poll (see {@link Inbox}). */
    void declareHandlers(@Observes StartupEvent start) {
        inbox.handles(Topic.ACCOUNTS_STREAM.topicName(), this::apply);
        inbox.handles(Topic.TASKS_STREAM.topicName(), this::apply);
        inbox.handles(Topic.TASKS_LIFECYCLE.topicName(), this::apply);
        inbox.handles(Topic.BILLING_STREAM.topicName(), this::apply);
        inbox.handles(Topic.BILLING_LIFECYCLE.topicName(), this::apply);
    }

    @Incoming("accounts-stream")
    @Blocking
    CompletionStage<Void> onAccountsStream(KafkaRecordBatch<String, String> poll) {
        return applied(poll);
    }

    @Incoming("tasks-stream")
    @Blocking
    CompletionStage<Void> onTasksStream(KafkaRecordBatch<String, String> poll) {
        return applied(poll);
    }

    @Incoming("tasks-lifecycle")
    @Blocking
    CompletionStage<Void> onTasksLifecycle(KafkaRecordBatch<String, String> poll) {
        return applied(poll);
    }

    @Incoming("billing-stream")
    @Blocking
    CompletionStage<Void> onBillingStream(KafkaRecordBatch<String, String> poll) {
        return applied(poll);
    }

    @Incoming("billing-lifecycle")
    @Blocking
    CompletionStage<Void> onBillingLifecycle(KafkaRecordBatch<String, String> poll) {
        return applied(poll);
    }

    /** A poll through the Inbox, apart from a rebuild's emptying of the read model and counted towards its progress. */
    private CompletionStage<Void> applied(KafkaRecordBatch<String, String> poll) {
        return rebuild.applying(poll, () -> inbox.processAll(poll, this::apply));
    }

    /**
     * The new events of a poll (or of a replay, or one alone when the Inbox looks for the one that fails), in their
     * order: the task and ledger events as sets, a few statements for the whole list (each projection merges what
     * the list says of one task or account as applying them one after the other would); the rest one at a time.
     */
    void apply(List<InboundEvent> events) {
        List<TaskProjection.Details> details = new ArrayList<>();
        List<TaskProjection.Progress> progress = new ArrayList<>();
        List<TransactionAppliedV1> transactions = new ArrayList<>();
        List<LedgerProjection.BalanceChange> balances = new ArrayList<>();
        for (InboundEvent event : events) {
            switch (event.type()) {
                case ACCOUNT_CREATED_V1, ACCOUNT_UPDATED_V1, ACCOUNT_CREATED_V2, ACCOUNT_UPDATED_V2 ->
                    accounts.apply(event.data(AccountState.Described.class).state(), event.eventTime());
                case ACCOUNT_DELETED_V1 -> accounts.deleted(event.data(AccountDeletedV1.class), event.eventTime());
                case TASK_CREATED_V1 ->
                    details.add(TaskProjection.Details.of(
                            event.data(TaskCreatedV1.class).toV2(), event.eventTime()));
                case TASK_CREATED_V2 ->
                    details.add(TaskProjection.Details.of(event.data(TaskCreatedV2.class), event.eventTime()));
                case TASK_UPDATED_V1 ->
                    details.add(TaskProjection.Details.of(event.data(TaskUpdatedV1.class), event.eventTime()));
                case TASK_ASSIGNED_V1 -> progress.add(TaskProjection.Assigned.of(event.data(TaskAssignedV1.class)));
                case TASK_ASSIGNED_V2 -> progress.add(TaskProjection.Assigned.of(event.data(TaskAssignedV2.class)));
                case TASK_COMPLETED_V1 -> progress.add(TaskProjection.Completed.of(event.data(TaskCompletedV1.class)));
                case TRANSACTION_APPLIED_V1 -> transactions.add(event.data(TransactionAppliedV1.class));
                case ACCOUNT_BALANCE_CHANGED_V1 ->
                    balances.add(LedgerProjection.BalanceChange.of(event.data(AccountBalanceChangedV1.class)));
                case ACCOUNT_BALANCE_CHANGED_V2 ->
                    balances.add(LedgerProjection.BalanceChange.of(event.data(AccountBalanceChangedV2.class)));
                case BILLING_DAY_CLOSED_V1 -> ledger.billingDayClosed(event.data(BillingDayClosedV1.class));
                case PAYOUT_MADE_V1 -> ledger.payoutMade(event.data(PayoutMadeV1.class));
                default ->
                    throw new RejectedEventException(event.type().eventName() + " v"
                            + event.type().eventVersion() + " is not an event analytics reads from " + event.topic());
            }
        }
        tasks.details(details);
        tasks.progress(progress);
        ledger.transactionsApplied(transactions);
        ledger.balancesChanged(balances);
    }
}

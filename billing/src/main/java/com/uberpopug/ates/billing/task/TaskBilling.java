package com.uberpopug.ates.billing.task;

import com.uberpopug.ates.billing.account.AccountReplica;
import com.uberpopug.ates.billing.day.InputWatermarks;
import com.uberpopug.ates.billing.ledger.Ledger;
import com.uberpopug.ates.billing.ledger.Move;
import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/** What tasks cost and pay: every assignment charges the task's fee to the assignee, a completion pays its reward. */
@ApplicationScoped
public class TaskBilling {

    private static final Logger LOG = Logger.getLogger(TaskBilling.class);

    private final TaskCatalogue catalogue;
    private final Ledger ledger;
    private final InputWatermarks watermarks;
    private final AccountReplica accounts;

    public TaskBilling(TaskCatalogue catalogue, Ledger ledger, InputWatermarks watermarks, AccountReplica accounts) {
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.watermarks = watermarks;
        this.accounts = accounts;
    }

    /**
     * Applies assignments and completions in their order: each Task.Assigned charges the fee to its assignee (on the
     * first assignment and on every reassignment), each Task.Completed credits the reward to the assignee who
     * completed it, once per task. An assignment that moved the task from someone else (Task.Assigned v2) charges
     * the same fee, and its entry says from whom and why.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(List<TaskMoney> events) {
        if (events.isEmpty()) {
            return;
        }
        // the open days first: a transaction waiting for a day's close to end holds no row another one waits for
        LocalDate firstOpenDay = ledger.firstOpenDay();
        Map<UUID, PricedTask> tasks =
                catalogue.price(events.stream().map(TaskMoney::taskId).toList());
        Map<String, String> movedFrom = accounts.displayNames(events.stream()
                .map(TaskMoney::move)
                .filter(Objects::nonNull)
                .map(Move::fromAccountId)
                .toList());
        List<Ledger.TaskEntry> entries = new ArrayList<>(events.size());
        for (TaskMoney event : events) {
            PricedTask task = tasks.get(event.taskId());
            Move move = event.move();
            entries.add(
                    event.completion()
                            ? new Ledger.TaskEntry(
                                    event.assigneeId(),
                                    TransactionType.REWARD,
                                    task.reward(),
                                    task.id(),
                                    task.description(),
                                    event.eventTime(),
                                    null,
                                    event.trace())
                            : new Ledger.TaskEntry(
                                    event.assigneeId(),
                                    TransactionType.FEE,
                                    task.fee().negate(),
                                    task.id(),
                                    move == null
                                            ? task.description()
                                            : task.description() + move.describe(movedFrom.get(move.fromAccountId())),
                                    event.eventTime(),
                                    move,
                                    event.trace()));
        }
        List<Ledger.Applied> applied = ledger.appendTaskEntries(firstOpenDay, entries);
        if (applied.size() < entries.size()) {
            LOG.warnf("%d completions of tasks rewarded before paid nothing", entries.size() - applied.size());
        }
    }

    /**
     * Records that {@code events} (any of billing's, in the transaction that applied them) have been applied: the
     * watermarks of the partitions of the task topics they came from move on, which is how a billing day knows its
     * events have all arrived.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applied(List<InboundEvent> events) {
        watermarks.advance(events);
    }

    /**
     * A Task.Assigned (completion = false) or a Task.Completed: who pays or earns for which task, and when it
     * happened (the event's eventTime), which decides its billing day; {@code move} (or null) is from whom and why
     * an assignment took the task over, as Task.Assigned v2 says; {@code trace} is the event's, where its entry's
     * Transaction.Applied belongs.
     */
    public record TaskMoney(
            UUID taskId, String assigneeId, boolean completion, Instant eventTime, Move move, Context trace) {

        public static TaskMoney assigned(UUID taskId, String assigneeId, Move move, InboundEvent event) {
            return new TaskMoney(taskId, assigneeId, false, event.eventTime(), move, event.trace());
        }

        public static TaskMoney completed(UUID taskId, String assigneeId, InboundEvent event) {
            return new TaskMoney(taskId, assigneeId, true, event.eventTime(), null, event.trace());
        }
    }
}

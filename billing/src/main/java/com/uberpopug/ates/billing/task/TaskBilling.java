package com.uberpopug.ates.billing.task;

import com.uberpopug.ates.billing.day.InputWatermarks;
import com.uberpopug.ates.billing.ledger.Ledger;
import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** What tasks cost and pay: every assignment charges the task's fee to the assignee, a completion pays its reward. */
@ApplicationScoped
public class TaskBilling {

    private static final Logger LOG = Logger.getLogger(TaskBilling.class);

    private final TaskCatalogue catalogue;
    private final Ledger ledger;
    private final InputWatermarks watermarks;

    public TaskBilling(TaskCatalogue catalogue, Ledger ledger, InputWatermarks watermarks) {
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.watermarks = watermarks;
    }

    /**
     * Applies assignments and completions in their order: each Task.Assigned charges the fee to its assignee (on the
     * first assignment and on every reassignment), each Task.Completed credits the reward to the assignee who
     * completed it, once per task.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(List<TaskMoney> events) {
        if (events.isEmpty()) {
            return;
        }
        // the open days first: a transaction waiting for a day's close to end holds no row another one waits for
        LocalDate firstOpenDay = ledger.firstOpenDay();
        Map<UUID, PricedTask> tasks = catalogue.price(events.stream().map(TaskMoney::taskId).toList());
        List<Ledger.TaskEntry> entries = new ArrayList<>(events.size());
        for (TaskMoney event : events) {
            PricedTask task = tasks.get(event.taskId());
            entries.add(event.completion()
                    ? new Ledger.TaskEntry(event.assigneeId(), TransactionType.REWARD, task.reward(), task.id(),
                            task.description(), event.eventTime())
                    : new Ledger.TaskEntry(event.assigneeId(), TransactionType.FEE, task.fee().negate(), task.id(),
                            task.description(), event.eventTime()));
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
     * happened (the event's eventTime), which decides its billing day.
     */
    public record TaskMoney(UUID taskId, String assigneeId, boolean completion, Instant eventTime) {
    }
}

package com.uberpopug.ates.billing.task;

import com.uberpopug.ates.billing.ledger.TaskDescription;
import java.math.BigDecimal;
import java.util.UUID;

/** A task as billing knows it: its price, and its title and jira id once Task.Created or Task.Updated told them. */
public record PricedTask(UUID id, BigDecimal fee, BigDecimal reward, String title, String jiraId) {

    /** What a ledger entry for this task says: the title and jira id, or the task id while the title is unknown. */
    public String description() {
        return TaskDescription.of(id, title, jiraId);
    }
}

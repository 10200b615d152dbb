package com.uberpopug.ates.billing.task;

import java.math.BigDecimal;
import java.util.UUID;

/** A task as billing knows it: its price, and its title and jira id once Task.Created or Task.Updated told them. */
public record PricedTask(UUID id, BigDecimal fee, BigDecimal reward, String title, String jiraId) {

    /** What a ledger entry for this task says: the title and jira id, or the task id while the title is unknown. */
    public String description() {
        return describe(id, title, jiraId);
    }

    public static String describe(UUID id, String title, String jiraId) {
        if (title == null || title.isBlank()) {
            return "task " + id;
        }
        return jiraId == null || jiraId.isBlank() ? title : jiraId + ": " + title;
    }
}

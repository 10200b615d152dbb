package com.uberpopug.ates.billing.ledger;

import java.util.UUID;

/** What a ledger entry says about its task: the jira id and title, or the task id while the title is unknown. */
public final class TaskDescription {

    private TaskDescription() {}

    public static String of(UUID id, String title, String jiraId) {
        if (title == null || title.isBlank()) {
            return "task " + id;
        }
        return jiraId == null || jiraId.isBlank() ? title : jiraId + ": " + title;
    }
}

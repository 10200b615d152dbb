package com.uberpopug.ates.events.task;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code Task.Created} v1: a task was created, before tasks had Jira ids. */
public record TaskCreatedV1(UUID taskId, String title, String description, Instant createdAt) {

    /** v1 titles carried the Jira id in brackets at their start: {@code [UBERPOP-42] Fix the login}. */
    private static final Pattern JIRA_PREFIX = Pattern.compile("^\\s*\\[([^\\[\\]]+)]\\s*(.*)$", Pattern.DOTALL);

    /**
     * The same event as v2, which consumers handle: a leading {@code [JIRA-ID]} moves out of the title into
     * {@code jiraId}; a title without one keeps its text and has no Jira id.
     */
    public TaskCreatedV2 toV2() {
        Matcher matcher = JIRA_PREFIX.matcher(title);
        if (matcher.matches() && !matcher.group(2).isBlank()) {
            return new TaskCreatedV2(
                    taskId, matcher.group(2).strip(), matcher.group(1).strip(), description, createdAt);
        }
        return new TaskCreatedV2(taskId, title, null, description, createdAt);
    }
}

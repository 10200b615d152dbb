package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.tasks.account.Employee;
import java.time.Instant;
import java.util.UUID;

/** A task as the API and the dashboard show it. */
public record TaskView(
        UUID id,
        String title,
        String jiraId,
        String description,
        TaskStatus status,
        Assignee assignee,
        Instant createdAt,
        Instant completedAt) {

    /** Who the task is assigned to. */
    public record Assignee(String id, String username) {}

    static TaskView of(Task task) {
        return of(task, new Employee(task.assignee.id, task.assignee.username));
    }

    static TaskView of(Task task, Employee assignee) {
        return new TaskView(
                task.id,
                task.title,
                task.jiraId,
                task.description,
                task.status,
                new Assignee(assignee.id(), assignee.username()),
                task.createdAt,
                task.completedAt);
    }

    /** For the dashboard: when it was created, to the minute, in UTC. */
    public String created() {
        return MINUTES.format(createdAt);
    }

    private static final java.time.format.DateTimeFormatter MINUTES = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    public boolean open() {
        return status == TaskStatus.OPEN;
    }
}

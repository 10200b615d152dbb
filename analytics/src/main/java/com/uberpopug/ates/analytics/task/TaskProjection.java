package com.uberpopug.ates.analytics.task;

import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import com.uberpopug.ates.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Applies the task events to the task read model. Whichever event comes first creates the row (a reward may
 * well arrive before the task is known); the others fill in what they know. Title and jira id follow the newest
 * Task.Created/Updated by event time; a task once done stays done.
 */
@ApplicationScoped
public class TaskProjection {

    private final EntityManager em;

    TaskProjection(EntityManager em) {
        this.em = em;
    }

    /** Task.Created (v1 is turned into v2 first) and Task.Updated: the task's details as of {@code eventTime}. */
    public void details(TaskCreatedV2 created, Instant eventTime) {
        details(created.taskId(), created.title(), created.jiraId(), TaskStatus.OPEN, eventTime);
    }

    public void details(TaskUpdatedV1 updated, Instant eventTime) {
        details(updated.taskId(), updated.title(), updated.jiraId(), updated.status(), eventTime);
    }

    private void details(UUID taskId, String title, String jiraId, TaskStatus status, Instant eventTime) {
        sql("""
                        INSERT INTO task (id, title, jira_id, details_at, status) VALUES (:id, :title, :jira, :at, :status)
                        ON CONFLICT (id) DO UPDATE SET
                            title = CASE WHEN task.details_at IS NULL OR task.details_at <= EXCLUDED.details_at
                                         THEN EXCLUDED.title ELSE task.title END,
                            jira_id = CASE WHEN task.details_at IS NULL OR task.details_at <= EXCLUDED.details_at
                                           THEN EXCLUDED.jira_id ELSE task.jira_id END,
                            details_at = greatest(task.details_at, EXCLUDED.details_at),
                            status = CASE WHEN task.status = 'DONE' THEN 'DONE' ELSE EXCLUDED.status END""")
                .setParameter("id", taskId)
                .setParameter("title", title, String.class)
                .setParameter("jira", jiraId, String.class)
                .setParameter("at", utc(eventTime))
                .setParameter("status", status.name())
                .executeUpdate();
    }

    public void assigned(TaskAssignedV1 assigned) {
        assigned(assigned.taskId(), assigned.assigneeId(), assigned.assignedAt());
    }

    /** Task.Assigned v2: the same assignment; why and from whom the task moved matters to billing's audit log. */
    public void assigned(TaskAssignedV2 assigned) {
        assigned(assigned.taskId(), assigned.assigneeId(), assigned.assignedAt());
    }

    private void assigned(UUID taskId, String assigneeId, Instant assignedAt) {
        sql("""
                        INSERT INTO task (id, assignee_id, assigned_at) VALUES (:id, :assignee, :at)
                        ON CONFLICT (id) DO UPDATE SET assignee_id = EXCLUDED.assignee_id, assigned_at = EXCLUDED.assigned_at
                        WHERE task.assigned_at IS NULL OR task.assigned_at <= EXCLUDED.assigned_at""")
                .setParameter("id", taskId)
                .setParameter("assignee", assigneeId)
                .setParameter("at", utc(assignedAt))
                .executeUpdate();
    }

    public void completed(TaskCompletedV1 completed) {
        sql("""
                        INSERT INTO task (id, status, completed_by, completed_at) VALUES (:id, 'DONE', :by, :at)
                        ON CONFLICT (id) DO UPDATE SET status = 'DONE', completed_by = EXCLUDED.completed_by,
                            completed_at = EXCLUDED.completed_at""")
                .setParameter("id", completed.taskId())
                .setParameter("by", completed.assigneeId())
                .setParameter("at", utc(completed.completedAt()))
                .executeUpdate();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private Sql sql(String sql) {
        return Sql.on(em, sql);
    }
}

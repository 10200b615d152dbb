package com.uberpopug.ates.analytics.task;

import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Applies the task events to the task read model. Whichever event comes first creates the row (a reward may
 * well arrive before the task is known); the others fill in what they know. Title and jira id follow the newest
 * Task.Created/Updated by event time; a task once done stays done. Runs inside the Inbox's transaction, a poll's
 * events as a set: one statement per poll, each task's events in the poll merged first as they would apply one after
 * the other.
 */
@ApplicationScoped
public class TaskProjection {

    private final EntityManager em;

    TaskProjection(EntityManager em) {
        this.em = em;
    }

    /** What a Task.Created (v1 is turned into v2 first) or Task.Updated says of a task, as of the event's time. */
    public record Details(UUID taskId, String title, String jiraId, TaskStatus status, Instant at) {

        public static Details of(TaskCreatedV2 created, Instant eventTime) {
            return new Details(created.taskId(), created.title(), created.jiraId(), TaskStatus.OPEN, eventTime);
        }

        public static Details of(TaskUpdatedV1 updated, Instant eventTime) {
            return new Details(updated.taskId(), updated.title(), updated.jiraId(), updated.status(), eventTime);
        }

        /**
         * This and {@code next} (applied after it) as one: the title and jira id of the newer (of the later on equal
         * times), the newer time, and the status of the later unless this one is done.
         */
        Details then(Details next) {
            boolean newer = !next.at.isBefore(at);
            return new Details(
                    taskId,
                    newer ? next.title : title,
                    newer ? next.jiraId : jiraId,
                    status == TaskStatus.DONE ? TaskStatus.DONE : next.status,
                    newer ? next.at : at);
        }
    }

    /** The details of a poll's tasks, one row per task in one statement; a task's details in the poll merged first. */
    public void details(List<Details> all) {
        if (all.isEmpty()) {
            return;
        }
        Map<UUID, Details> byTask = new TreeMap<>();
        all.forEach(details -> byTask.merge(details.taskId(), details, Details::then));
        int n = byTask.size();
        UUID[] ids = new UUID[n];
        String[] titles = new String[n];
        String[] jiraIds = new String[n];
        String[] times = new String[n];
        String[] statuses = new String[n];
        int i = 0;
        for (Details details : byTask.values()) {
            ids[i] = details.taskId();
            titles[i] = details.title();
            jiraIds[i] = details.jiraId();
            times[i] = details.at().toString();
            statuses[i] = details.status().name();
            i++;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO task (id, title, jira_id, details_at, status)
                    SELECT t.id, t.title, t.jira_id, CAST(t.details_at AS timestamptz), t.status
                    FROM unnest(?, ?, ?, ?, ?) AS t(id, title, jira_id, details_at, status)
                    ON CONFLICT (id) DO UPDATE SET
                        title = CASE WHEN task.details_at IS NULL OR task.details_at <= EXCLUDED.details_at
                                     THEN EXCLUDED.title ELSE task.title END,
                        jira_id = CASE WHEN task.details_at IS NULL OR task.details_at <= EXCLUDED.details_at
                                       THEN EXCLUDED.jira_id ELSE task.jira_id END,
                        details_at = greatest(task.details_at, EXCLUDED.details_at),
                        status = CASE WHEN task.status = 'DONE' THEN 'DONE' ELSE EXCLUDED.status END""")) {
                SqlArrays.bind(statement, 1, "uuid", ids);
                SqlArrays.bind(statement, 2, "varchar", titles);
                SqlArrays.bind(statement, 3, "varchar", jiraIds);
                SqlArrays.bind(statement, 4, "varchar", times);
                SqlArrays.bind(statement, 5, "varchar", statuses);
                statement.executeUpdate();
            }
        });
    }

    /** What Task.Assigned (v1 or v2) or Task.Completed says of a task. */
    public sealed interface Progress {
        UUID taskId();
    }

    /** Task.Assigned: v2 also says why and from whom the task moved, which matters to billing's audit log only. */
    public record Assigned(UUID taskId, String assigneeId, Instant at) implements Progress {

        public static Assigned of(TaskAssignedV1 assigned) {
            return new Assigned(assigned.taskId(), assigned.assigneeId(), assigned.assignedAt());
        }

        public static Assigned of(TaskAssignedV2 assigned) {
            return new Assigned(assigned.taskId(), assigned.assigneeId(), assigned.assignedAt());
        }
    }

    public record Completed(UUID taskId, String completedBy, Instant at) implements Progress {

        public static Completed of(TaskCompletedV1 completed) {
            return new Completed(completed.taskId(), completed.assigneeId(), completed.completedAt());
        }
    }

    /** A task's progress in a poll: its newest assignment (the later on equal times), its last completion. */
    private record Merged(Assigned assigned, Completed completed) {

        static Merged of(Progress progress) {
            return switch (progress) {
                case Assigned a -> new Merged(a, null);
                case Completed c -> new Merged(null, c);
            };
        }

        Merged then(Merged next) {
            Assigned newest = next.assigned == null
                            || (assigned != null && next.assigned.at().isBefore(assigned.at()))
                    ? assigned
                    : next.assigned;
            return new Merged(newest, next.completed == null ? completed : next.completed);
        }
    }

    /**
     * The assignments and completions of a poll, one row per task in one statement: the newest assignment wins (by
     * its time, whatever order they arrive in); a completion makes the task done, by whom and when.
     */
    public void progress(List<Progress> all) {
        if (all.isEmpty()) {
            return;
        }
        Map<UUID, Merged> byTask = new TreeMap<>();
        all.forEach(progress -> byTask.merge(progress.taskId(), Merged.of(progress), Merged::then));
        int n = byTask.size();
        UUID[] ids = new UUID[n];
        String[] assignees = new String[n];
        String[] assignedAt = new String[n];
        String[] statuses = new String[n];
        String[] completedBy = new String[n];
        String[] completedAt = new String[n];
        int i = 0;
        for (Map.Entry<UUID, Merged> entry : byTask.entrySet()) {
            Merged merged = entry.getValue();
            ids[i] = entry.getKey();
            if (merged.assigned() != null) {
                assignees[i] = merged.assigned().assigneeId();
                assignedAt[i] = merged.assigned().at().toString();
            }
            statuses[i] = merged.completed() == null ? TaskStatus.OPEN.name() : TaskStatus.DONE.name();
            if (merged.completed() != null) {
                completedBy[i] = merged.completed().completedBy();
                completedAt[i] = merged.completed().at().toString();
            }
            i++;
        }
        em.unwrap(Session.class).doWork(connection -> {
            // an assignment replaces the task's only if it is not older; a completion (status DONE here) always
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO task (id, assignee_id, assigned_at, status, completed_by, completed_at)
                    SELECT t.id, t.assignee_id, CAST(t.assigned_at AS timestamptz), t.status, t.completed_by,
                        CAST(t.completed_at AS timestamptz)
                    FROM unnest(?, ?, ?, ?, ?, ?) AS t(id, assignee_id, assigned_at, status, completed_by, completed_at)
                    ON CONFLICT (id) DO UPDATE SET
                        assignee_id = CASE WHEN EXCLUDED.assigned_at IS NOT NULL
                                AND (task.assigned_at IS NULL OR task.assigned_at <= EXCLUDED.assigned_at)
                            THEN EXCLUDED.assignee_id ELSE task.assignee_id END,
                        assigned_at = CASE WHEN EXCLUDED.assigned_at IS NOT NULL
                                AND (task.assigned_at IS NULL OR task.assigned_at <= EXCLUDED.assigned_at)
                            THEN EXCLUDED.assigned_at ELSE task.assigned_at END,
                        status = CASE WHEN EXCLUDED.status = 'DONE' THEN 'DONE' ELSE task.status END,
                        completed_by = CASE WHEN EXCLUDED.status = 'DONE'
                            THEN EXCLUDED.completed_by ELSE task.completed_by END,
                        completed_at = CASE WHEN EXCLUDED.status = 'DONE'
                            THEN EXCLUDED.completed_at ELSE task.completed_at END""")) {
                SqlArrays.bind(statement, 1, "uuid", ids);
                SqlArrays.bind(statement, 2, "varchar", assignees);
                SqlArrays.bind(statement, 3, "varchar", assignedAt);
                SqlArrays.bind(statement, 4, "varchar", statuses);
                SqlArrays.bind(statement, 5, "varchar", completedBy);
                SqlArrays.bind(statement, 6, "varchar", completedAt);
                statement.executeUpdate();
            }
        });
    }
}

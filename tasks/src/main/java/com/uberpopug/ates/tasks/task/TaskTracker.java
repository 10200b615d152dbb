package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.task.AssignmentReason;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import com.uberpopug.ates.platform.jdbc.Sql;
import com.uberpopug.ates.platform.outbox.NewEvent;
import com.uberpopug.ates.platform.outbox.Outbox;
import com.uberpopug.ates.tasks.account.AccountReplica;
import com.uberpopug.ates.tasks.account.Employee;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The life of a task: created open and assigned at random, completed by its assignee. Every change writes its
 * events to the outbox in the same transaction.
 */
@ApplicationScoped
public class TaskTracker {

    /** The new task, given to the employee at :index whom it share-locks; their id and name, or no row. */
    private static final String INSERT = """
            WITH chosen AS (%s),
            created AS (
                INSERT INTO task (id, title, jira_id, description, status, assignee_id, created_at)
                SELECT CAST(:id AS uuid), CAST(:title AS varchar), CAST(:jiraId AS varchar), CAST(:description AS text),
                       'OPEN', chosen.id, CAST(:createdAt AS timestamptz)
                FROM chosen
                RETURNING assignee_id)
            SELECT chosen.id, chosen.username FROM chosen JOIN created ON created.assignee_id = chosen.id
            """.formatted(AccountReplica.HOLD_ASSIGNABLE_AT);

    private final EntityManager entityManager;
    private final TaskAssignment assignment;
    private final Outbox outbox;
    private final Clock clock;

    TaskTracker(EntityManager entityManager, TaskAssignment assignment, Outbox outbox, Clock clock) {
        this.entityManager = entityManager;
        this.assignment = assignment;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Creates an open task and gives it to a random employee: Task.Created v2 and Task.Assigned v2 (reason
     * {@code created}, no previous assignee).
     *
     * @throws InvalidTaskException when the rules refuse the task
     * @throws NoAssignableEmployeeException when there is nobody to give it to
     */
    @Transactional
    public TaskView create(NewTask request) {
        NewTask valid = request.validated();
        Instant now = now();
        UUID id = UUID.randomUUID();
        Employee assignee = assignment.assign(index -> insert(id, valid, now, index));
        outbox.publishAll(List.of(
                NewEvent.of(
                        EventType.TASK_CREATED_V2,
                        new TaskCreatedV2(id, valid.title(), valid.jiraId(), valid.description(), now)),
                NewEvent.of(
                        EventType.TASK_ASSIGNED_V2,
                        new TaskAssignedV2(id, assignee.id(), now, null, AssignmentReason.CREATED))));
        return new TaskView(
                id,
                valid.title(),
                valid.jiraId(),
                valid.description(),
                TaskStatus.OPEN,
                new TaskView.Assignee(assignee.id(), assignee.username()),
                now,
                null);
    }

    /**
     * Inserts the new task for the employee at {@code index} and answers them, share-locked; empty (and no row) when
     * they may no longer be given tasks. One statement with plain JDBC: the ORM's entity insert, its flush at commit
     * and the reference to the account cost the JVM more than the statement itself.
     */
    private Optional<Employee> insert(UUID id, NewTask task, Instant now, int index) {
        List<Object[]> rows = Sql.on(entityManager, INSERT)
                .setParameter("index", index)
                .setParameter("id", id)
                .setParameter("title", task.title())
                .setParameter("jiraId", task.jiraId(), String.class)
                .setParameter("description", task.description(), String.class)
                .setParameter("createdAt", now.atOffset(ZoneOffset.UTC))
                .getRows();
        return rows.stream().findFirst().map(row -> new Employee((String) row[0], (String) row[1]));
    }

    /**
     * The caller marks their own open task done: Task.Completed v1 and Task.Updated v1.
     *
     * @throws TaskNotFoundException when there is no such task
     * @throws NotYourTaskException when the task is someone else's (whether open or done)
     * @throws TaskAlreadyDoneException when it is done already
     */
    @Transactional
    public TaskView complete(UUID taskId, String callerId) {
        // locked: a concurrent reassignment either happens before (and the caller may no longer own it) or after
        Task task = Task.<Task>findByIdOptional(taskId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new TaskNotFoundException(taskId.toString()));
        if (!task.assignee.id.equals(callerId)) {
            throw new NotYourTaskException(taskId);
        }
        if (task.status == TaskStatus.DONE) {
            throw new TaskAlreadyDoneException(taskId, task.completedAt);
        }
        Instant now = now();
        task.status = TaskStatus.DONE;
        task.completedAt = now;
        outbox.publishAll(List.of(
                NewEvent.of(EventType.TASK_COMPLETED_V1, new TaskCompletedV1(task.id, callerId, now)),
                NewEvent.of(
                        EventType.TASK_UPDATED_V1,
                        new TaskUpdatedV1(task.id, task.title, task.jiraId, task.description, task.status))));
        return TaskView.of(task);
    }

    @Transactional
    public TaskView get(UUID taskId) {
        return Task.<Task>find("from Task t join fetch t.assignee where t.id = ?1", taskId)
                .firstResultOptional()
                .map(TaskView::of)
                .orElseThrow(() -> new TaskNotFoundException(taskId.toString()));
    }

    /** Every task, newest first, optionally only those of one status. */
    @Transactional
    public TaskPage all(Optional<TaskStatus> status, int page, int size) {
        String where = status.isPresent() ? " where t.status = :status" : "";
        Parameters parameters = status.map(s -> Parameters.with("status", s)).orElseGet(Parameters::new);
        List<TaskView> tasks = Task.<Task>find(
                        "from Task t join fetch t.assignee" + where + " order by t.createdAt desc, t.id", parameters)
                .page(Page.of(page, size))
                .list()
                .stream()
                .map(TaskView::of)
                .toList();
        long total = status.map(s -> Task.count("status", s)).orElseGet(() -> Task.count());
        return new TaskPage(tasks, page, size, total);
    }

    /** The tasks assigned to one employee: open ones first, then newest first. */
    @Transactional
    public TaskPage assignedTo(String accountId, Optional<TaskStatus> status, int page, int size) {
        String where = " where t.assignee.id = :assignee" + (status.isPresent() ? " and t.status = :status" : "");
        Parameters parameters = Parameters.with("assignee", accountId);
        status.ifPresent(s -> parameters.and("status", s));
        // the status is stored as its name: OPEN sorts after DONE, so descending puts open tasks first
        List<TaskView> tasks = Task.<Task>find(
                        "from Task t join fetch t.assignee" + where + " order by t.status desc, t.createdAt desc, t.id",
                        parameters)
                .page(Page.of(page, size))
                .list()
                .stream()
                .map(TaskView::of)
                .toList();
        long total = Task.count("from Task t" + where, parameters);
        return new TaskPage(tasks, page, size, total);
    }

    /** Microseconds: what PostgreSQL keeps, so that the row and its events say the same time. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

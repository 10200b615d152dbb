package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.task.AssignmentReason;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import com.uberpopug.ates.platform.outbox.NewEvent;
import com.uberpopug.ates.platform.outbox.Outbox;
import com.uberpopug.ates.tasks.account.Employee;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The reshuffle (T5): every open task goes to a random employee, each move a Task.Assigned v2 event (reason
 * {@code reshuffle}, with the assignee before the move), since billing charges a fee per assignment. Done tasks never
 * move.
 *
 * <p>All or nothing: every open task moves, or, should anything fail part-way (the database goes away, the
 * transaction times out), none does, and the caller is told so ({@link ReassignmentFailedException}, 503). One
 * transaction holds the whole reshuffle. Built for a hundred thousand open tasks: they are walked in batches in the
 * order of their ids (so memory and statements stay bounded, and two reshuffles lock rows in the same order and
 * never deadlock); a worker completing a task during a reshuffle waits for its commit, about 4 s at 100,000 open
 * tasks (docs/benchmarks.md). The employees it gives tasks to are read once, at its start, and share-locked before
 * any task is (as every writer of both orders them): an account event that would disable or delete one of them
 * waits for the reshuffle to commit and then hands their tasks over ({@link TaskHandover}), so the reshuffle never
 * leaves a task with someone who can no longer have it. Within a batch the random choices are made here, from the
 * injected random source; one set-based statement moves the batch's tasks and answers who had each, and the
 * platform {@link Outbox} writes the batch's Task.Assigned events with one more, each validated against its schema
 * and published in the caller's trace.
 */
@ApplicationScoped
public class TaskReassignment {

    private static final Logger LOG = Logger.getLogger(TaskReassignment.class);
    // PostgreSQL orders uuids by their bytes, unsigned: the nil uuid comes first
    private static final UUID BEFORE_ALL = new UUID(0L, 0L);
    private static final EventType ASSIGNED = EventType.TASK_ASSIGNED_V2;
    private static final AssignmentReason RESHUFFLE = AssignmentReason.RESHUFFLE;

    /**
     * One batch: the next open tasks after a given id, each to the candidate its random index picks. The batch's
     * tasks are locked in id order before they move, so that who held each (the event's {@code previousAssigneeId})
     * is read from the row as it is when it moves, after any completion or move that was in flight. Answers how many tasks the batch looked at and the last of them, on every row, and one
     * row per task moved: its id, its new and its previous assignee (no row of those when none moved).
     */
    private static final String MOVE_BATCH = """
            WITH batch AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n
                FROM (SELECT id FROM task WHERE status = 'OPEN' AND id > ? ORDER BY id LIMIT ?) next_open
            ), held AS MATERIALIZED (
                SELECT id, assignee_id FROM task
                WHERE id IN (SELECT id FROM batch) AND status = 'OPEN'
                ORDER BY id FOR UPDATE
            ), chosen AS (
                SELECT batch.id, (?::varchar[])[pick.i + 1] AS assignee_id, held.assignee_id AS previous_id
                FROM batch JOIN unnest(?::int[]) WITH ORDINALITY AS pick(i, n) ON pick.n = batch.n
                           JOIN held ON held.id = batch.id
            ), moved AS (
                UPDATE task SET assignee_id = chosen.assignee_id
                FROM chosen
                WHERE task.id = chosen.id AND task.status = 'OPEN'
                RETURNING task.id, task.assignee_id, chosen.previous_id
            )
            SELECT (SELECT count(*) FROM batch), (SELECT id FROM batch ORDER BY n DESC LIMIT 1),
                   moved.id, moved.assignee_id, moved.previous_id
            FROM (SELECT 1) one LEFT JOIN moved ON true
            ORDER BY moved.id
            """;

    private final EntityManager entityManager;
    private final TaskAssignment assignment;
    private final Outbox outbox;
    private final MeterRegistry registry;
    private final Clock clock;
    private final int batchSize;
    private final Duration timeout;

    TaskReassignment(
            EntityManager entityManager,
            TaskAssignment assignment,
            Outbox outbox,
            MeterRegistry registry,
            Clock clock,
            @ConfigProperty(name = "ates.tasks.reassign.batch-size", defaultValue = "1000") int batchSize,
            @ConfigProperty(name = "ates.tasks.reassign.timeout", defaultValue = "PT5M") Duration timeout) {
        this.entityManager = entityManager;
        this.assignment = assignment;
        this.outbox = outbox;
        this.registry = registry;
        this.clock = clock;
        this.batchSize = batchSize;
        this.timeout = timeout;
    }

    /**
     * Moves every open task to a random employee.
     *
     * @return how many tasks were reassigned
     * @throws NoAssignableEmployeeException when there are open tasks and nobody to give them to
     */
    public int reassignOpenTasks() {
        Timer.Sample sample = Timer.start(registry);
        int[] done;
        try {
            done = QuarkusTransaction.requiringNew()
                    .timeout((int) timeout.toSeconds())
                    .call(this::moveAll);
        } catch (NoAssignableEmployeeException e) {
            throw e;
        } catch (RuntimeException e) {
            registry.counter("ates.tasks.reassign.failed").increment();
            LOG.errorf(e, "a reshuffle failed and was rolled back");
            throw new ReassignmentFailedException(e);
        }
        int reassigned = done[0];
        int batches = done[1];
        long nanos = sample.stop(registry.timer("ates.tasks.reassign"));
        LOG.infof("reassigned %d open tasks in %d batches, %d ms", reassigned, batches, nanos / 1_000_000);
        return reassigned;
    }

    /** Every batch, in the caller's transaction; answers {tasks moved, batches}. */
    private int[] moveAll() {
        // read and share-locked once, before any task is locked: see the class comment
        List<Employee> candidates = assignment.heldCandidates();
        if (candidates.isEmpty()) {
            if (anyOpenTaskAfter(BEFORE_ALL)) {
                throw new NoAssignableEmployeeException();
            }
            return new int[] {0, 0};
        }
        String[] candidateIds = candidates.stream().map(Employee::id).toArray(String[]::new);
        int reassigned = 0;
        int batches = 0;
        UUID after = BEFORE_ALL;
        while (true) {
            Batch batch = moveBatch(after, candidateIds);
            batches++;
            reassigned += batch.moved();
            if (batch.looked() < batchSize) {
                return new int[] {reassigned, batches};
            }
            after = batch.last();
        }
    }

    private Batch moveBatch(UUID after, String[] candidateIds) {
        Integer[] picks = new Integer[batchSize];
        for (int i = 0; i < batchSize; i++) {
            picks[i] = assignment.pick(candidateIds.length);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<NewEvent<TaskAssignedV2>> moves = new ArrayList<>();
        Batch batch = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(MOVE_BATCH)) {
                statement.setObject(1, after);
                statement.setInt(2, batchSize);
                SqlArrays.bind(statement, 3, "varchar", candidateIds);
                SqlArrays.bind(statement, 4, "int4", picks);
                try (ResultSet rows = statement.executeQuery()) {
                    int looked = 0;
                    UUID last = null;
                    while (rows.next()) {
                        looked = rows.getInt(1);
                        last = rows.getObject(2, UUID.class);
                        UUID task = rows.getObject(3, UUID.class);
                        if (task != null) {
                            moves.add(NewEvent.of(
                                    ASSIGNED,
                                    new TaskAssignedV2(task, rows.getString(4), now, rows.getString(5), RESHUFFLE)));
                        }
                    }
                    return new Batch(looked, last, moves.size());
                }
            }
        });
        outbox.publishAll(moves);
        return batch;
    }

    private boolean anyOpenTaskAfter(UUID after) {
        return !entityManager
                .createNativeQuery("SELECT 1 FROM task WHERE status = 'OPEN' AND id > :after LIMIT 1")
                .setParameter("after", after)
                .getResultList()
                .isEmpty();
    }

    private record Batch(int looked, UUID last, int moved) {}
}

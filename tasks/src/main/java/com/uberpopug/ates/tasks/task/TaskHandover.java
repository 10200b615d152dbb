package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.task.AssignmentReason;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.platform.outbox.NewEvent;
import com.uberpopug.ates.platform.outbox.Outbox;
import com.uberpopug.ates.tasks.account.AccountsChanged;
import com.uberpopug.ates.tasks.account.Employee;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Open tasks never stay with someone who can no longer complete them: when an account is disabled or deleted in
 * Keycloak, each of its open tasks goes at once to a random employee who may be given tasks (as
 * {@link TaskAssignment} draws them), each move a Task.Assigned v2 with the reason {@code assignee-disabled} or
 * {@code assignee-deleted} and the previous assignee, so billing charges the fee to the new assignee as for any
 * assignment. It runs in the transaction that applies the account events: the account change and the moves commit
 * together or not at all.
 *
 * <p>When nobody may be given tasks, the tasks stay where they are (nothing is lost), a warning and the gauge
 * {@code ates.tasks.stranded} say how many there are, and they move with the next account event, whichever account
 * it is about (a new or re-enabled employee is one). A role change is not a handover: an employee promoted to
 * manager or admin keeps their open tasks, may still complete them, and gets no new ones; the next reshuffle moves
 * them.
 *
 * <p>Locks, in the order every writer takes them: the account rows first (the event's own account is locked by its
 * upsert; the candidates are share-locked), then the stranded tasks in the order of their ids, as the reshuffle
 * walks them; a completion locks only its own task. So a handover waits for a reshuffle, a creation or a completion
 * in flight, or they wait for it, but they never deadlock. Only two handovers of different accounts in two instances
 * of the service can: PostgreSQL ends one, and the inbox applies its poll again (a transient fault there).
 */
@ApplicationScoped
@Startup
public class TaskHandover {

    private static final Logger LOG = Logger.getLogger(TaskHandover.class);
    private static final String STRANDED = """
            FROM task t JOIN account a ON a.id = t.assignee_id
            WHERE t.status = 'OPEN' AND (a.deleted OR NOT a.enabled)""";

    private final EntityManager entityManager;
    private final TaskAssignment assignment;
    private final Outbox outbox;
    private final Clock clock;
    private final AgroalDataSource dataSource;

    TaskHandover(
            EntityManager entityManager,
            TaskAssignment assignment,
            Outbox outbox,
            Clock clock,
            AgroalDataSource dataSource,
            MeterRegistry registry) {
        this.entityManager = entityManager;
        this.assignment = assignment;
        this.outbox = outbox;
        this.clock = clock;
        this.dataSource = dataSource;
        Gauge.builder("ates.tasks.stranded", this, TaskHandover::strandedNow)
                .description("open tasks held by disabled or deleted accounts, waiting for someone who may have them")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Moves every open task of a disabled or deleted account to a random employee who may be given tasks, in the
     * caller's transaction.
     *
     * @return how many tasks moved
     */
    /** After each poll of account events, in its transaction. */
    void onAccountsChanged(@Observes AccountsChanged change) {
        handOverStranded();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int handOverStranded() {
        if (!anyStranded()) {
            return 0;
        }
        List<Employee> candidates = assignment.heldCandidates();
        List<Object[]> stranded = lockStranded();
        if (stranded.isEmpty()) {
            return 0;
        }
        if (candidates.isEmpty()) {
            LOG.warnf(
                    "%d open tasks sit with disabled or deleted accounts and nobody may be given them; they stay "
                            + "where they are and move as soon as someone may",
                    stranded.size());
            return 0;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<NewEvent<TaskAssignedV2>> moves = new ArrayList<>(stranded.size());
        for (Object[] row : stranded) {
            UUID taskId = UUID.fromString(row[0].toString());
            String previous = (String) row[1];
            AssignmentReason reason = Boolean.TRUE.equals(row[2])
                    ? AssignmentReason.ASSIGNEE_DELETED
                    : AssignmentReason.ASSIGNEE_DISABLED;
            Employee assignee = candidates.get(assignment.pick(candidates.size()));
            entityManager
                    .createNativeQuery("UPDATE task SET assignee_id = :assignee WHERE id = :id")
                    .setParameter("assignee", assignee.id())
                    .setParameter("id", taskId)
                    .executeUpdate();
            moves.add(NewEvent.of(
                    EventType.TASK_ASSIGNED_V2, new TaskAssignedV2(taskId, assignee.id(), now, previous, reason)));
        }
        outbox.publishAll(moves);
        LOG.infof("handed over %d open tasks of disabled or deleted accounts", stranded.size());
        return stranded.size();
    }

    /** A cheap look first: nearly always there is nothing to hand over, and then nothing is locked. */
    private boolean anyStranded() {
        return !entityManager
                .createNativeQuery("SELECT 1 " + STRANDED + " LIMIT 1")
                .getResultList()
                .isEmpty();
    }

    /**
     * The stranded tasks, each locked, in the order of their ids; who holds each and whether that account is
     * deleted. PostgreSQL rechecks a row that changed while it waited: a task completed or moved meanwhile drops out.
     */
    @SuppressWarnings("unchecked")
    private List<Object[]> lockStranded() {
        return entityManager
                .createNativeQuery(
                        "SELECT t.id, t.assignee_id, a.deleted " + STRANDED + " ORDER BY t.id FOR UPDATE OF t")
                .getResultList();
    }

    /** For the gauge: read on every scrape, on a connection of its own; NaN while the database is away. */
    private double strandedNow() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) " + STRANDED)) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}

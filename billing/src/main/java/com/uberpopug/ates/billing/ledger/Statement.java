package com.uberpopug.ates.billing.ledger;

import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An account's ledger entries of one billing day, as the API and the dashboard show them. */
@ApplicationScoped
public class Statement {

    private final EntityManager entityManager;

    public Statement(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The entries of {@code accountId} on {@code day}, oldest first. A task entry is described by the task's title
     * and jira id as billing knows them now, so an entry written before Task.Created arrived reads as well as any,
     * and a fee for a task moved from someone else says from whom (their user name as billing knows it now) and why.
     */
    public List<Entry> of(String accountId, LocalDate day) {
        return of(accountId, day, null);
    }

    /** {@link #of(String, LocalDate)}, only the entries of {@code taskId} when it is not null. */
    public List<Entry> of(String accountId, LocalDate day, UUID taskId) {
        List<Object[]> rows = Sql.on(entityManager, """
                        SELECT e.id, e.type, e.amount, e.task_id, e.description, e.at, t.title, t.jira_id, e.event_date, e.late,
                               e.moved_from, e.move_reason, p.username
                        FROM ledger_entry e LEFT JOIN task t ON t.id = e.task_id
                             LEFT JOIN account p ON p.id = e.moved_from
                        WHERE e.account_id = :account AND e.billing_date = :day
                            AND (CAST(:task AS uuid) IS NULL OR e.task_id = CAST(:task AS uuid))
                        ORDER BY e.at, e.id""")
                .setParameter("account", accountId)
                .setParameter("day", day)
                .setParameter("task", taskId, UUID.class)
                .getRows();
        return rows.stream()
                .map(row -> {
                    UUID entryTask = (UUID) row[3];
                    Move move = Move.of((String) row[10], (String) row[11]);
                    String description = entryTask != null && row[6] != null
                            ? TaskDescription.of(entryTask, (String) row[6], (String) row[7])
                                    + (move == null ? "" : move.describe((String) row[12]))
                            : (String) row[4];
                    return new Entry(
                            (UUID) row[0],
                            TransactionType.valueOf((String) row[1]),
                            Money.of((BigDecimal) row[2]),
                            entryTask,
                            description,
                            instant(row[5]),
                            row[8] == null ? null : Ledger.toLocalDate(row[8]),
                            (Boolean) row[9],
                            move == null ? null : move.reason().value(),
                            move == null ? null : move.fromAccountId());
                })
                .toList();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime time -> time.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("not a point in time: " + value.getClass());
        };
    }

    /**
     * One ledger entry: FEE and PAYOUT amounts are negative, REWARD amounts positive. {@code eventDate} is the day
     * its task event happened (null for a payout); a late entry happened on a day that was closed when it arrived,
     * and is booked on the first open day after it. {@code reason} and {@code movedFrom} (null otherwise) say why and
     * from whose account a FEE's task came to this one: {@code reshuffle}, {@code assignee-disabled} or
     * {@code assignee-deleted}.
     */
    public record Entry(
            UUID id,
            TransactionType type,
            BigDecimal amount,
            UUID taskId,
            String description,
            Instant at,
            LocalDate eventDate,
            boolean late,
            String reason,
            String movedFrom) {}
}

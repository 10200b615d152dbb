package com.uberpopug.ates.billing.ledger;

import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV2;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import com.uberpopug.ates.platform.outbox.NewEvent;
import com.uberpopug.ates.platform.outbox.Outbox;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The one way money moves: an immutable entry and the account's balance, changed in the same transaction, and the
 * Transaction.Applied (per entry) and Account.BalanceChanged (per account) events written to the outbox in it too.
 *
 * <p>A FEE or REWARD belongs to the billing day its task event happened on (the event's time in the billing zone),
 * whenever billing gets to it. Should that day be closed already, the entry goes to the first open day and is
 * marked late, with the day it happened on. Writers hold the day lock shared; closing a day holds it exclusively
 * ({@link #lockDaysExclusively()}), so a close waits for the entries in flight and the entries that come after it
 * see the day closed.
 */
@ApplicationScoped
public class Ledger {

    /** The advisory lock between entry writers (shared) and a day's close (exclusive): "atesBILL". */
    private static final long DAY_LOCK = 0x6174657342494c4cL;

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final BillingCalendar calendar;

    public Ledger(EntityManager entityManager, Outbox outbox, BillingCalendar calendar) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.calendar = calendar;
    }

    /**
     * Appends FEE and REWARD entries for tasks, in order, to their accounts (placeholders for accounts billing does
     * not know yet) and moves the balances; a set of entries costs a few statements however many there are. A
     * second reward for one task is refused by the database and left out of the answer: a task is completed once.
     *
     * @param firstOpenDay the first day not closed, from {@link #firstOpenDay()} earlier in the transaction
     * @return the entries written
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Applied> appendTaskEntries(LocalDate firstOpenDay, List<TaskEntry> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        Instant at = calendar.now();
        int n = requests.size();
        LocalDate[] eventDates = new LocalDate[n];
        LocalDate[] billingDates = new LocalDate[n];
        Boolean[] late = new Boolean[n];
        UUID[] ids = new UUID[n];
        String[] accountIds = new String[n];
        String[] types = new String[n];
        BigDecimal[] amounts = new BigDecimal[n];
        UUID[] taskIds = new UUID[n];
        String[] descriptions = new String[n];
        String[] movedFrom = new String[n];
        String[] moveReasons = new String[n];
        for (int i = 0; i < n; i++) {
            TaskEntry request = requests.get(i);
            ids[i] = UUID.randomUUID();
            accountIds[i] = request.accountId();
            types[i] = request.type().name();
            amounts[i] = request.amount();
            taskIds[i] = request.taskId();
            descriptions[i] = request.description();
            movedFrom[i] = request.move() == null ? null : request.move().fromAccountId();
            moveReasons[i] =
                    request.move() == null ? null : request.move().reason().value();
            eventDates[i] = calendar.dateOf(request.eventTime());
            billingDates[i] = eventDates[i].isBefore(firstOpenDay) ? firstOpenDay : eventDates[i];
            late[i] = eventDates[i].isBefore(billingDates[i]);
        }
        Session session = entityManager.unwrap(Session.class);
        Set<UUID> inserted = session.doReturningWork(connection -> {
            // accounts in a fixed order, so that concurrent batches never wait for each other in a circle
            try (PreparedStatement placeholders = connection.prepareStatement(
                    "INSERT INTO account (id) SELECT id FROM unnest(?) AS a(id) ORDER BY id ON CONFLICT (id) DO NOTHING")) {
                SqlArrays.bind(
                        placeholders,
                        1,
                        "varchar",
                        Arrays.stream(accountIds).distinct().sorted().toArray(String[]::new));
                placeholders.executeUpdate();
            }
            Set<UUID> written = new HashSet<>();
            try (PreparedStatement entries = connection.prepareStatement("""
                    INSERT INTO ledger_entry (id, account_id, type, amount, task_id, description, billing_date, at,
                                              event_date, late, moved_from, move_reason)
                    SELECT e.id, e.account_id, e.type, e.amount, e.task_id, e.description, e.billing_date, ?,
                           e.event_date, e.late, e.moved_from, e.move_reason
                    FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                         AS e(id, account_id, type, amount, task_id, description, billing_date, event_date, late,
                              moved_from, move_reason)
                    ON CONFLICT DO NOTHING
                    RETURNING id""")) {
                entries.setObject(1, at.atOffset(ZoneOffset.UTC));
                SqlArrays.bind(entries, 2, "uuid", ids);
                SqlArrays.bind(entries, 3, "varchar", accountIds);
                SqlArrays.bind(entries, 4, "varchar", types);
                SqlArrays.bind(entries, 5, "numeric", amounts);
                SqlArrays.bind(entries, 6, "uuid", taskIds);
                SqlArrays.bind(entries, 7, "text", descriptions);
                SqlArrays.bind(entries, 8, "date", sqlDates(billingDates));
                SqlArrays.bind(entries, 9, "date", sqlDates(eventDates));
                SqlArrays.bind(entries, 10, "bool", late);
                SqlArrays.bind(entries, 11, "varchar", movedFrom);
                SqlArrays.bind(entries, 12, "varchar", moveReasons);
                try (ResultSet rows = entries.executeQuery()) {
                    while (rows.next()) {
                        written.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return written;
        });
        Map<String, BigDecimal> deltas = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (inserted.contains(ids[i])) {
                deltas.merge(accountIds[i], amounts[i], BigDecimal::add);
            }
        }
        Map<String, Balance> balances = moveBalances(session, deltas);
        List<Applied> written = new ArrayList<>(inserted.size());
        List<NewEvent<?>> events = new ArrayList<>(inserted.size() + balances.size());
        for (int i = 0; i < n; i++) {
            if (inserted.contains(ids[i])) {
                Applied entry = new Applied(
                        ids[i],
                        accountIds[i],
                        requests.get(i).type(),
                        amounts[i],
                        taskIds[i],
                        descriptions[i],
                        billingDates[i],
                        at,
                        eventDates[i]);
                // in the trace of the event the entry is for (null: the caller's)
                events.add(entryApplied(entry).inTrace(requests.get(i).trace()));
                written.add(entry);
            }
        }
        // one balance change per account and transaction: the balance others can see once it commits
        balances.forEach((account, balance) -> events.add(balanceChanged(account, balance, at)));
        outbox.publishAll(events);
        return written;
    }

    private static String[] sqlDates(LocalDate[] dates) {
        return Arrays.stream(dates).map(LocalDate::toString).toArray(String[]::new);
    }

    /**
     * Adds each delta to its account's balance, in account order, and counts the change in the account's sequence
     * in the same UPDATE (under the row lock, so the numbers follow the commits); answers the balances after.
     */
    private static Map<String, Balance> moveBalances(Session session, Map<String, BigDecimal> deltas) {
        if (deltas.isEmpty()) {
            return new TreeMap<>();
        }
        return session.doReturningWork(connection -> {
            Map<String, Balance> balances = new TreeMap<>();
            // rows locked in account order first, so that concurrent batches never wait for each other in a circle;
            // NO KEY UPDATE, as an UPDATE itself takes, so that the foreign-key checks of entries never wait for it
            try (PreparedStatement update = connection.prepareStatement("""
                    WITH locked AS (SELECT id FROM account WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE)
                    UPDATE account a SET balance = a.balance + d.delta, balance_seq = a.balance_seq + 1
                    FROM unnest(?, ?) AS d(id, delta) JOIN locked ON locked.id = d.id
                    WHERE a.id = d.id
                    RETURNING a.id, a.balance, a.balance_seq""")) {
                String[] ids = deltas.keySet().toArray(String[]::new);
                SqlArrays.bind(update, 1, "varchar", ids);
                SqlArrays.bind(update, 2, "varchar", ids);
                SqlArrays.bind(update, 3, "numeric", deltas.values().toArray());
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        balances.put(rows.getString(1), new Balance(rows.getBigDecimal(2), rows.getLong(3)));
                    }
                }
            }
            return balances;
        });
    }

    /**
     * Pays out every account whose balance at the end of {@code day} is positive: a PAYOUT entry of that amount, the
     * balance down by it, and their events, all of a day's payouts in one statement. What an account had at the end
     * of the day is its balance less the entries of later days (today's, so far). Only a day's close calls this,
     * holding the day lock exclusively ({@link #lockDaysExclusively()}), so no entry of the day is still on its way.
     *
     * @return the payout entries written, one per account paid
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Applied> payOut(LocalDate day, String description) {
        Instant at = calendar.now();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("""
                        WITH due AS (
                            SELECT a.id AS account_id, a.balance - coalesce(later.amount, 0) AS amount
                            FROM account a
                            LEFT JOIN (SELECT account_id, sum(amount) AS amount FROM ledger_entry
                                       WHERE billing_date > :day GROUP BY account_id) later
                                   ON later.account_id = a.id
                            WHERE a.balance - coalesce(later.amount, 0) > 0
                        ), entries AS (
                            INSERT INTO ledger_entry (id, account_id, type, amount, task_id, description, billing_date, at)
                            SELECT gen_random_uuid(), account_id, 'PAYOUT', -amount, NULL, :description, :day, :at
                            FROM due
                            RETURNING id, account_id, amount
                        ), balances AS (
                            UPDATE account a SET balance = a.balance - due.amount, balance_seq = a.balance_seq + 1
                            FROM due
                            WHERE a.id = due.account_id
                            RETURNING a.id, a.balance, a.balance_seq
                        )
                        SELECT e.id, e.account_id, e.amount, b.balance, b.balance_seq
                        FROM entries e JOIN balances b ON b.id = e.account_id
                        ORDER BY e.account_id""")
                .setParameter("day", day)
                .setParameter("at", at)
                .setParameter("description", description)
                .getResultList();
        List<Applied> payouts = new ArrayList<>(rows.size());
        List<NewEvent<?>> events = new ArrayList<>(rows.size() * 2);
        for (Object[] row : rows) {
            Applied payout = new Applied(
                    (UUID) row[0],
                    (String) row[1],
                    TransactionType.PAYOUT,
                    Money.of((BigDecimal) row[2]),
                    null,
                    description,
                    day,
                    at,
                    null);
            events.add(entryApplied(payout));
            events.add(balanceChanged(
                    payout.accountId(), new Balance(Money.of((BigDecimal) row[3]), ((Number) row[4]).longValue()), at));
            payouts.add(payout);
        }
        outbox.publishAll(events);
        return payouts;
    }

    /**
     * Transaction.Applied for an entry written; a late entry says so in its description (the day it happened on),
     * the one place v1 of the event has for it.
     */
    private static NewEvent<TransactionAppliedV1> entryApplied(Applied entry) {
        String description = entry.late()
                ? entry.description() + " (late: happened on " + entry.eventDate() + ")"
                : entry.description();
        return NewEvent.of(
                EventType.TRANSACTION_APPLIED_V1,
                new TransactionAppliedV1(
                        entry.id(),
                        entry.accountId(),
                        entry.type(),
                        entry.amount(),
                        entry.taskId(),
                        description,
                        entry.billingDate(),
                        entry.at()));
    }

    /** Account.BalanceChanged v2: the account's balance after the entries of this transaction, and its number. */
    private static NewEvent<AccountBalanceChangedV2> balanceChanged(String accountId, Balance balance, Instant at) {
        return NewEvent.of(
                EventType.ACCOUNT_BALANCE_CHANGED_V2,
                new AccountBalanceChangedV2(accountId, balance.amount(), balance.sequence(), at));
    }

    /**
     * The first billing day not closed: the day after the last closed one (null before the first close, when every
     * day is open). Entries of an earlier day go to it, marked late. Takes the day lock shared for the rest of the
     * transaction first, so no close runs between this answer and the commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public LocalDate firstOpenDay() {
        entityManager
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(:key)) locked")
                .setParameter("key", DAY_LOCK)
                .getSingleResult();
        LocalDate lastClosed = lastClosedDay();
        return lastClosed == null ? LocalDate.MIN : lastClosed.plusDays(1);
    }

    /** Waits until no entry is being written, and keeps new ones waiting, until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockDaysExclusively() {
        entityManager
                .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:key)) locked")
                .setParameter("key", DAY_LOCK)
                .getSingleResult();
    }

    /** The latest billing day closed, or null before the first close. */
    public LocalDate lastClosedDay() {
        Object last = entityManager
                .createNativeQuery("SELECT max(date) FROM billing_day")
                .getSingleResult();
        return last == null ? null : toLocalDate(last);
    }

    static LocalDate toLocalDate(Object value) {
        return value instanceof Date date ? date.toLocalDate() : (LocalDate) value;
    }

    /**
     * A FEE or REWARD to write for a task, for its event that happened at {@code eventTime}; {@code move} (or null)
     * says why a FEE went to an assignee who took the task over from someone else, and {@code description} says it
     * too, since Transaction.Applied v1 carries the description alone. {@code trace} (or null) is the event's trace,
     * where the entry's Transaction.Applied belongs.
     */
    public record TaskEntry(
            String accountId,
            TransactionType type,
            BigDecimal amount,
            UUID taskId,
            String description,
            Instant eventTime,
            Move move,
            Context trace) {
        public TaskEntry {
            if (type == TransactionType.PAYOUT) {
                throw new IllegalArgumentException("payouts are made by closing a day");
            }
            if (move != null && type != TransactionType.FEE) {
                throw new IllegalArgumentException("only an assignment moves a task");
            }
        }
    }

    /**
     * An entry as written; {@code eventDate} is the day its task event happened (null for a payout), earlier than
     * {@code billingDate} when the entry is late.
     */
    public record Applied(
            UUID id,
            String accountId,
            TransactionType type,
            BigDecimal amount,
            UUID taskId,
            String description,
            LocalDate billingDate,
            Instant at,
            LocalDate eventDate) {

        public boolean late() {
            return eventDate != null && eventDate.isBefore(billingDate);
        }
    }

    /** An account's balance after a change, and the change's number in the account's sequence. */
    public record Balance(BigDecimal amount, long sequence) {}
}

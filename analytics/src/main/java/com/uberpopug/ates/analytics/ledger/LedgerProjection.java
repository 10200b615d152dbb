package com.uberpopug.ates.analytics.ledger;

import com.uberpopug.ates.events.billing.AccountBalanceChangedV1;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV2;
import com.uberpopug.ates.events.billing.BillingDayClosedV1;
import com.uberpopug.ates.events.billing.PayoutMadeV1;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.jdbc.Sql;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Applies billing's events to the money read models: the ledger, the per-day earnings and most expensive task,
 * the latest balance of each account, its balance at the end of each day it changed on, and the daily count of
 * negative balances. Runs inside the Inbox's
 * transaction, a poll's events as a set: a few statements per poll rather than a few per event; each statement is
 * safe to meet the events in any order.
 */
@ApplicationScoped
public class LedgerProjection {

    /** The advisory lock that orders the writers of the daily negative-balance count. */
    private static final long NEGATIVE_COUNT_LOCK = 0x6e656761L; // "nega"

    private final EntityManager em;
    private final BillingCalendar calendar;

    LedgerProjection(EntityManager em, BillingCalendar calendar) {
        this.em = em;
        this.calendar = calendar;
    }

    /**
     * The transactions of a poll, as one statement: each recorded once whatever its event id (a transaction
     * republished, in this poll or before, counts once), the day's sums moved by the transactions really recorded, and
     * the day's top reward replaced only by a higher reward, or an equal one applied earlier (then the lower id).
     */
    public void transactionsApplied(List<TransactionAppliedV1> transactions) {
        if (transactions.isEmpty()) {
            return;
        }
        int n = transactions.size();
        UUID[] ids = new UUID[n];
        String[] accounts = new String[n];
        String[] types = new String[n];
        BigDecimal[] amounts = new BigDecimal[n];
        UUID[] tasks = new UUID[n];
        String[] dates = new String[n];
        String[] appliedAt = new String[n];
        for (int i = 0; i < n; i++) {
            TransactionAppliedV1 tx = transactions.get(i);
            ids[i] = tx.transactionId();
            accounts[i] = tx.accountId();
            types[i] = tx.type().name();
            amounts[i] = tx.amount();
            tasks[i] = tx.taskId();
            dates[i] = tx.billingDate().toString();
            appliedAt[i] = tx.appliedAt().toString();
        }
        session().doWork(connection -> {
            // FEE and PAYOUT arrive negative, REWARD positive; the day's columns hold positive sums
            try (PreparedStatement statement = connection.prepareStatement("""
                    WITH given AS (
                        SELECT DISTINCT ON (t.id) t.id, t.account_id, t.type, t.amount, t.task_id,
                            CAST(t.billing_date AS date) AS billing_date, CAST(t.applied_at AS timestamptz) AS applied_at
                        FROM unnest(?, ?, ?, ?, ?, ?, ?) AS t(id, account_id, type, amount, task_id, billing_date, applied_at)
                        ORDER BY t.id
                    ), recorded AS (
                        INSERT INTO ledger_transaction (id, account_id, type, amount, task_id, billing_date, applied_at)
                        SELECT id, account_id, type, amount, task_id, billing_date, applied_at FROM given
                        ON CONFLICT (id) DO NOTHING
                        RETURNING id, type, amount, task_id, billing_date, applied_at
                    ), earnings AS (
                        INSERT INTO daily_earnings (billing_date, fees, rewards, payouts)
                        SELECT billing_date,
                            coalesce(sum(abs(amount)) FILTER (WHERE type = 'FEE'), 0),
                            coalesce(sum(abs(amount)) FILTER (WHERE type = 'REWARD'), 0),
                            coalesce(sum(abs(amount)) FILTER (WHERE type = 'PAYOUT'), 0)
                        FROM recorded GROUP BY billing_date ORDER BY billing_date
                        ON CONFLICT (billing_date) DO UPDATE SET fees = daily_earnings.fees + EXCLUDED.fees,
                            rewards = daily_earnings.rewards + EXCLUDED.rewards,
                            payouts = daily_earnings.payouts + EXCLUDED.payouts
                    )
                    INSERT INTO daily_top_reward (billing_date, transaction_id, task_id, reward, applied_at)
                    SELECT DISTINCT ON (billing_date) billing_date, id, task_id, amount, applied_at FROM recorded
                    WHERE type = 'REWARD' AND task_id IS NOT NULL
                    ORDER BY billing_date, amount DESC, applied_at, id
                    ON CONFLICT (billing_date) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
                        task_id = EXCLUDED.task_id, reward = EXCLUDED.reward, applied_at = EXCLUDED.applied_at
                    WHERE ROW(EXCLUDED.reward, daily_top_reward.applied_at, daily_top_reward.transaction_id)
                        > ROW(daily_top_reward.reward, EXCLUDED.applied_at, EXCLUDED.transaction_id)""")) {
                SqlArrays.bind(statement, 1, "uuid", ids);
                SqlArrays.bind(statement, 2, "varchar", accounts);
                SqlArrays.bind(statement, 3, "varchar", types);
                SqlArrays.bind(statement, 4, "numeric", amounts);
                SqlArrays.bind(statement, 5, "uuid", tasks);
                SqlArrays.bind(statement, 6, "varchar", dates);
                SqlArrays.bind(statement, 7, "varchar", appliedAt);
                statement.executeUpdate();
            }
        });
    }

    /**
     * An account's balance after a change, from Account.BalanceChanged v1 ({@code sequence} null) or v2. Which of two
     * changes wins, whatever order they arrive in: of two v2 changes the higher sequence (billing numbers each
     * account's changes in the order it committed them, and takes changedAt before it locks the account, so two
     * changes can commit in the other order of their times); a v2 change over a v1 one whatever the times; of two v1
     * changes, which only have their changedAt to be ordered by, the newer, and on equal times the one applied later.
     */
    public record BalanceChange(String accountId, BigDecimal balance, Instant changedAt, Long sequence) {

        public static BalanceChange of(AccountBalanceChangedV1 change) {
            return new BalanceChange(change.accountId(), change.balance(), change.changedAt(), null);
        }

        public static BalanceChange of(AccountBalanceChangedV2 change) {
            return new BalanceChange(change.accountId(), change.balance(), change.changedAt(), change.sequence());
        }

        /** Whether this change, applied after {@code applied}, replaces it (the rule of the upserts below). */
        boolean replaces(BalanceChange applied) {
            if (sequence != null) {
                return applied.sequence == null || applied.sequence < sequence;
            }
            return applied.sequence == null && !applied.changedAt.isAfter(changedAt);
        }
    }

    /**
     * The balance changes of a poll, in their order of arrival: the latest balance of each account, its balance at
     * the end of the day of each change, and the daily negative counts. Which change wins is a total order
     * ({@link BalanceChange#replaces}), so applying a poll's changes one after the other leaves what applying only the
     * winner of each account (and of each account and day) leaves: only those are written, the latest balances in one
     * statement, then each account's day in one statement of its own, all of those in one round trip.
     */
    public void balancesChanged(List<BalanceChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, BalanceChange> latest = new TreeMap<>();
        Map<AccountDay, BalanceChange> ofDay = new TreeMap<>();
        for (BalanceChange change : changes) {
            latest.merge(change.accountId(), change, LedgerProjection::winner);
            ofDay.merge(
                    new AccountDay(change.accountId(), calendar.dateOf(change.changedAt())),
                    change,
                    LedgerProjection::winner);
        }
        int n = latest.size();
        String[] accounts = new String[n];
        BigDecimal[] balances = new BigDecimal[n];
        String[] changedAt = new String[n];
        Long[] sequences = new Long[n];
        int i = 0;
        for (BalanceChange change : latest.values()) {
            accounts[i] = change.accountId();
            balances[i] = change.balance();
            changedAt[i] = change.changedAt().toString();
            sequences[i] = change.sequence();
            i++;
        }
        session().doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO account_balance (account_id, balance, changed_at, sequence)
                    SELECT t.account_id, t.balance, CAST(t.changed_at AS timestamptz), t.sequence
                    FROM unnest(?, ?, ?, ?) AS t(account_id, balance, changed_at, sequence)
                    ON CONFLICT (account_id) DO UPDATE SET balance = EXCLUDED.balance,
                        changed_at = EXCLUDED.changed_at, sequence = EXCLUDED.sequence
                    WHERE CASE WHEN EXCLUDED.sequence IS NULL
                        THEN account_balance.sequence IS NULL AND account_balance.changed_at <= EXCLUDED.changed_at
                        ELSE account_balance.sequence IS NULL OR account_balance.sequence < EXCLUDED.sequence END""")) {
                SqlArrays.bind(statement, 1, "varchar", accounts);
                SqlArrays.bind(statement, 2, "numeric", balances);
                SqlArrays.bind(statement, 3, "varchar", changedAt);
                SqlArrays.bind(statement, 4, "int8", sequences);
                statement.executeUpdate();
            }
            lockNegativeCounts(connection);
            // each statement sees what the ones before it wrote: an account's changes on two days of the poll count
            // as they would one after the other
            try (PreparedStatement statement = connection.prepareStatement(BALANCE_AT_END_OF_DAY)) {
                for (Map.Entry<AccountDay, BalanceChange> entry : ofDay.entrySet()) {
                    BalanceChange change = entry.getValue();
                    statement.setString(1, change.accountId());
                    statement.setObject(2, entry.getKey().day());
                    statement.setBigDecimal(3, change.balance());
                    statement.setObject(4, utc(change.changedAt()));
                    if (change.sequence() == null) {
                        statement.setNull(5, Types.BIGINT);
                    } else {
                        statement.setLong(5, change.sequence());
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    /** Of two changes in their order of arrival, the one that is left once both are applied. */
    private static BalanceChange winner(BalanceChange applied, BalanceChange next) {
        return next.replaces(applied) ? next : applied;
    }

    private record AccountDay(String accountId, LocalDate day) implements Comparable<AccountDay> {
        @Override
        public int compareTo(AccountDay other) {
            int byAccount = accountId.compareTo(other.accountId);
            return byAccount != 0 ? byAccount : day.compareTo(other.day);
        }
    }

    /**
     * One change as the balance of its account at the end of its day, with what follows from it for the daily
     * negative counts, in one statement (each part sees the tables as they were before it):
     * <ul>
     * <li>{@code before}: the account's balance at the end of the day until now, its last change on or before it
     * (none before its first);</li>
     * <li>{@code applied}: the day's balance, if the change wins over the one the day has;</li>
     * <li>{@code moved}: if it was applied and the sign moved, by how much the negative count of the day and of each
     * day after it, up to the account's next change, moves;</li>
     * <li>{@code carried}: the day and the account's next change day get rows of their own if they had none, the
     * first with the count it carried until now moved, the second with the count it carried;</li>
     * <li>the rows that were there from the day up to the next change move.</li>
     * </ul>
     * Each count is thus the number of accounts whose last change on or before the day left them below zero,
     * whatever order the changes arrived in. A day without a row carries the count of the last day before it that
     * has one.
     */
    private static final String BALANCE_AT_END_OF_DAY = """
            WITH change AS (
                SELECT CAST(? AS varchar) AS account_id, CAST(? AS date) AS day, CAST(? AS numeric) AS balance,
                    CAST(? AS timestamptz) AS changed_at, CAST(? AS bigint) AS sequence
            ), before AS (
                SELECT (SELECT d.balance FROM account_balance_day d
                        WHERE d.account_id = c.account_id AND d.day <= c.day ORDER BY d.day DESC LIMIT 1) AS balance
                FROM change c
            ), applied AS (
                INSERT INTO account_balance_day (account_id, day, balance, changed_at, sequence)
                SELECT account_id, day, balance, changed_at, sequence FROM change
                ON CONFLICT (account_id, day) DO UPDATE SET balance = EXCLUDED.balance,
                    changed_at = EXCLUDED.changed_at, sequence = EXCLUDED.sequence
                WHERE CASE WHEN EXCLUDED.sequence IS NULL
                    THEN account_balance_day.sequence IS NULL AND account_balance_day.changed_at <= EXCLUDED.changed_at
                    ELSE account_balance_day.sequence IS NULL OR account_balance_day.sequence < EXCLUDED.sequence END
                RETURNING balance
            ), moved AS (
                SELECT c.day,
                    (SELECT min(d.day) FROM account_balance_day d WHERE d.account_id = c.account_id AND d.day > c.day)
                        AS next,
                    (CASE WHEN a.balance < 0 THEN 1 ELSE 0 END) - (CASE WHEN b.balance < 0 THEN 1 ELSE 0 END) AS delta
                FROM change c, applied a, before b
            ), carried AS (
                INSERT INTO daily_negative_balance (day, negative_count, recorded_at)
                SELECT r.day, coalesce((SELECT n.negative_count FROM daily_negative_balance n WHERE n.day < r.day
                                        ORDER BY n.day DESC LIMIT 1), 0) + r.delta, now()
                FROM moved m, LATERAL (VALUES (m.day, m.delta), (m.next, 0)) AS r(day, delta)
                WHERE m.delta <> 0 AND r.day IS NOT NULL
                ON CONFLICT (day) DO NOTHING
            )
            UPDATE daily_negative_balance n SET negative_count = n.negative_count + m.delta, recorded_at = now()
            FROM moved m
            WHERE m.delta <> 0 AND n.day >= m.day AND (m.next IS NULL OR n.day < m.next)""";

    /**
     * Replicas apply balance changes of different accounts at once: one poll at a time from here, so each count (a
     * fresh snapshot under READ COMMITTED) includes every change committed before it.
     */
    private static void lockNegativeCounts(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, NEGATIVE_COUNT_LOCK);
            lock.executeQuery().close();
        }
    }

    public void billingDayClosed(BillingDayClosedV1 closed) {
        sql("""
                        INSERT INTO billing_day (date, payouts, total, closed_at) VALUES (:date, :payouts, :total, :at)
                        ON CONFLICT (date) DO NOTHING""")
                .setParameter("date", closed.date())
                .setParameter("payouts", closed.payouts())
                .setParameter("total", closed.total())
                .setParameter("at", utc(closed.closedAt()))
                .executeUpdate();
    }

    public void payoutMade(PayoutMadeV1 payout) {
        sql("""
                        INSERT INTO payout (id, account_id, amount, date, made_at) VALUES (:id, :account, :amount, :date, :at)
                        ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", payout.payoutId())
                .setParameter("account", payout.accountId())
                .setParameter("amount", payout.amount())
                .setParameter("date", payout.date())
                .setParameter("at", utc(payout.madeAt()))
                .executeUpdate();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private Sql sql(String sql) {
        return Sql.on(em, sql);
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}

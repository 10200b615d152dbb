package com.uberpopug.ates.analytics.ledger;

import com.uberpopug.ates.events.billing.AccountBalanceChangedV1;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV2;
import com.uberpopug.ates.events.billing.BillingDayClosedV1;
import com.uberpopug.ates.events.billing.PayoutMadeV1;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Applies billing's events to the money read models: the ledger, the per-day earnings and most expensive task,
 * the latest balance of each account, its balance at the end of each day it changed on, and the daily count of
 * negative balances. Runs inside the Inbox's
 * transaction; each statement is safe to meet the events in any order.
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

    public void transactionApplied(TransactionAppliedV1 tx) {
        int recorded = sql("""
                        INSERT INTO ledger_transaction (id, account_id, type, amount, task_id, billing_date, applied_at)
                        VALUES (:id, :account, :type, :amount, :task, :date, :at)
                        ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", tx.transactionId())
                .setParameter("account", tx.accountId())
                .setParameter("type", tx.type().name())
                .setParameter("amount", tx.amount())
                .setParameter("task", tx.taskId(), UUID.class)
                .setParameter("date", tx.billingDate())
                .setParameter("at", utc(tx.appliedAt()))
                .executeUpdate();
        if (recorded == 0) {
            return; // the same transaction under another event id: counted once already
        }
        String column = switch (tx.type()) {
            case FEE -> "fees";
            case REWARD -> "rewards";
            case PAYOUT -> "payouts";
        };
        // FEE and PAYOUT arrive negative, REWARD positive; the day's columns hold positive sums
        sql("INSERT INTO daily_earnings (billing_date, " + column + ") VALUES (:date, :amount) "
                        + "ON CONFLICT (billing_date) DO UPDATE SET " + column + " = daily_earnings." + column
                        + " + EXCLUDED." + column)
                .setParameter("date", tx.billingDate())
                .setParameter("amount", tx.amount().abs())
                .executeUpdate();
        if (tx.type() == TransactionType.REWARD && tx.taskId() != null) {
            // replaces the day's top only for a higher reward, or an equal one applied earlier (then lower id)
            sql("""
                            INSERT INTO daily_top_reward (billing_date, transaction_id, task_id, reward, applied_at)
                            VALUES (:date, :tx, :task, :reward, :at)
                            ON CONFLICT (billing_date) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
                                task_id = EXCLUDED.task_id, reward = EXCLUDED.reward, applied_at = EXCLUDED.applied_at
                            WHERE ROW(EXCLUDED.reward, daily_top_reward.applied_at, daily_top_reward.transaction_id)
                                > ROW(daily_top_reward.reward, EXCLUDED.applied_at, EXCLUDED.transaction_id)""")
                    .setParameter("date", tx.billingDate())
                    .setParameter("tx", tx.transactionId())
                    .setParameter("task", tx.taskId(), UUID.class)
                    .setParameter("reward", tx.amount())
                    .setParameter("at", utc(tx.appliedAt()))
                    .executeUpdate();
        }
    }

    /**
     * A v1 balance change, which has only its {@code changedAt} to be ordered by: it replaces a balance from v1 that
     * is not newer, and never one from v2 (whose sequence orders the changes as billing committed them).
     */
    public void balanceChanged(AccountBalanceChangedV1 change) {
        sql("""
                        INSERT INTO account_balance (account_id, balance, changed_at) VALUES (:account, :balance, :at)
                        ON CONFLICT (account_id) DO UPDATE SET balance = EXCLUDED.balance, changed_at = EXCLUDED.changed_at
                        WHERE account_balance.sequence IS NULL AND account_balance.changed_at <= EXCLUDED.changed_at""")
                .setParameter("account", change.accountId())
                .setParameter("balance", change.balance())
                .setParameter("at", utc(change.changedAt()))
                .executeUpdate();
        LocalDate day = calendar.dateOf(change.changedAt());
        lockNegativeCounts();
        BigDecimal before = balanceAtEndOf(change.accountId(), day);
        int applied = sql("""
                        INSERT INTO account_balance_day (account_id, day, balance, changed_at)
                        VALUES (:account, :day, :balance, :at)
                        ON CONFLICT (account_id, day) DO UPDATE SET balance = EXCLUDED.balance,
                            changed_at = EXCLUDED.changed_at
                        WHERE account_balance_day.sequence IS NULL
                            AND account_balance_day.changed_at <= EXCLUDED.changed_at""")
                .setParameter("account", change.accountId())
                .setParameter("day", day)
                .setParameter("balance", change.balance())
                .setParameter("at", utc(change.changedAt()))
                .executeUpdate();
        if (applied > 0) {
            countNegativeBalances(change.accountId(), day, before, change.balance());
        }
    }

    /**
     * A v2 balance change: the balance with the highest sequence of its account wins, whatever the times say (billing
     * takes changedAt before it locks the account, so two changes can commit in the other order of their times).
     */
    public void balanceChanged(AccountBalanceChangedV2 change) {
        sql("""
                        INSERT INTO account_balance (account_id, balance, changed_at, sequence)
                        VALUES (:account, :balance, :at, :sequence)
                        ON CONFLICT (account_id) DO UPDATE SET balance = EXCLUDED.balance,
                            changed_at = EXCLUDED.changed_at, sequence = EXCLUDED.sequence
                        WHERE account_balance.sequence IS NULL OR account_balance.sequence < EXCLUDED.sequence""")
                .setParameter("account", change.accountId())
                .setParameter("balance", change.balance())
                .setParameter("at", utc(change.changedAt()))
                .setParameter("sequence", change.sequence())
                .executeUpdate();
        LocalDate day = calendar.dateOf(change.changedAt());
        lockNegativeCounts();
        BigDecimal before = balanceAtEndOf(change.accountId(), day);
        int applied = sql("""
                        INSERT INTO account_balance_day (account_id, day, balance, changed_at, sequence)
                        VALUES (:account, :day, :balance, :at, :sequence)
                        ON CONFLICT (account_id, day) DO UPDATE SET balance = EXCLUDED.balance,
                            changed_at = EXCLUDED.changed_at, sequence = EXCLUDED.sequence
                        WHERE account_balance_day.sequence IS NULL
                            OR account_balance_day.sequence < EXCLUDED.sequence""")
                .setParameter("account", change.accountId())
                .setParameter("day", day)
                .setParameter("balance", change.balance())
                .setParameter("at", utc(change.changedAt()))
                .setParameter("sequence", change.sequence())
                .executeUpdate();
        if (applied > 0) {
            countNegativeBalances(change.accountId(), day, before, change.balance());
        }
    }

    /**
     * Replicas apply balance changes of different accounts at once: one at a time from here, so each count (a fresh
     * snapshot under READ COMMITTED) includes every change committed before it.
     */
    private void lockNegativeCounts() {
        sql("SELECT 1 FROM pg_advisory_xact_lock(:key)")
                .setParameter("key", NEGATIVE_COUNT_LOCK)
                .getSingleResult();
    }

    /** The account's balance at the end of {@code day}: its last change on or before it; null before the first. */
    private BigDecimal balanceAtEndOf(String account, LocalDate day) {
        List<?> rows = sql("""
                        SELECT balance FROM account_balance_day WHERE account_id = :account AND day <= :day
                        ORDER BY day DESC LIMIT 1""")
                .setParameter("account", account)
                .setParameter("day", day)
                .getResultList();
        return rows.isEmpty() ? null : (BigDecimal) rows.getFirst();
    }

    /**
     * The account's balance at the end of {@code day} went from {@code before} to {@code after}: the negative count of
     * that day and of each day after it, up to the account's next change, moves by one if the sign did. Each count is
     * thus the number of accounts whose last change on or before the day left them below zero, whatever order the
     * changes arrived in. A day without a row carries the count of the last day before it that has one.
     */
    private void countNegativeBalances(String account, LocalDate day, BigDecimal before, BigDecimal after) {
        int delta = negative(after) - negative(before);
        if (delta == 0) {
            return;
        }
        Object nextChange = sql("SELECT min(day) FROM account_balance_day WHERE account_id = :account AND day > :day")
                .setParameter("account", account)
                .setParameter("day", day)
                .getSingleResult();
        LocalDate next = switch (nextChange) {
            case null -> null;
            case LocalDate date -> date;
            case java.sql.Date date -> date.toLocalDate();
            default -> throw new IllegalStateException("not a date: " + nextChange.getClass());
        };
        carryCountTo(day);
        if (next != null) {
            carryCountTo(next);
        }
        sql("""
                        UPDATE daily_negative_balance SET negative_count = negative_count + :delta, recorded_at = now()
                        WHERE day >= :day AND (CAST(:next AS date) IS NULL OR day < CAST(:next AS date))""")
                .setParameter("delta", delta)
                .setParameter("day", day)
                .setParameter("next", next, LocalDate.class)
                .executeUpdate();
    }

    /** Gives {@code day} its own row, with the count it carried until now. */
    private void carryCountTo(LocalDate day) {
        sql("""
                        INSERT INTO daily_negative_balance (day, negative_count, recorded_at)
                        SELECT :day, coalesce((SELECT negative_count FROM daily_negative_balance WHERE day < :day
                                               ORDER BY day DESC LIMIT 1), 0), now()
                        ON CONFLICT (day) DO NOTHING""").setParameter("day", day).executeUpdate();
    }

    private static int negative(BigDecimal balance) {
        return balance != null && balance.signum() < 0 ? 1 : 0;
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
}

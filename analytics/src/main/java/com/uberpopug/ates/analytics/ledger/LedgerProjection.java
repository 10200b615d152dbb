package com.uberpopug.ates.analytics.ledger;

import com.uberpopug.ates.events.billing.AccountBalanceChangedV1;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV2;
import com.uberpopug.ates.events.billing.BillingDayClosedV1;
import com.uberpopug.ates.events.billing.PayoutMadeV1;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/**
 * Applies billing's events to the money read models: the ledger, the per-day earnings and most expensive task,
 * the latest balance of each account and the daily count of negative balances. Runs inside the Inbox's
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
        int applied = sql("""
                        INSERT INTO account_balance (account_id, balance, changed_at) VALUES (:account, :balance, :at)
                        ON CONFLICT (account_id) DO UPDATE SET balance = EXCLUDED.balance, changed_at = EXCLUDED.changed_at
                        WHERE account_balance.sequence IS NULL AND account_balance.changed_at <= EXCLUDED.changed_at""")
                .setParameter("account", change.accountId())
                .setParameter("balance", change.balance())
                .setParameter("at", utc(change.changedAt()))
                .executeUpdate();
        if (applied == 0) {
            return; // older than the balance already known: nothing changed
        }
        countNegativeBalances(change.changedAt());
    }

    /**
     * A v2 balance change: the balance with the highest sequence of its account wins, whatever the times say (billing
     * takes changedAt before it locks the account, so two changes can commit in the other order of their times).
     */
    public void balanceChanged(AccountBalanceChangedV2 change) {
        int applied = sql("""
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
        if (applied == 0) {
            return; // an earlier change than the balance already known: nothing changed
        }
        countNegativeBalances(change.changedAt());
    }

    private void countNegativeBalances(Instant changedAt) {
        // Replicas apply balance changes of different accounts at once: one at a time from here, so each count
        // (a fresh snapshot under READ COMMITTED) includes every change committed before it.
        sql("SELECT 1 FROM pg_advisory_xact_lock(:key)")
                .setParameter("key", NEGATIVE_COUNT_LOCK)
                .getSingleResult();
        // The count now is the count at the end of the newest day seen: a late event from an earlier day must not
        // write today's count into that day's history.
        sql("""
                        INSERT INTO daily_negative_balance (day, negative_count, recorded_at)
                        SELECT greatest(CAST(:day AS date), coalesce(max(day), CAST(:day AS date))),
                               (SELECT count(*) FROM account_balance WHERE balance < 0), now()
                        FROM daily_negative_balance
                        ON CONFLICT (day) DO UPDATE SET negative_count = EXCLUDED.negative_count,
                            recorded_at = EXCLUDED.recorded_at""").setParameter("day", calendar.dateOf(changedAt)).executeUpdate();
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

    private NativeQuery<?> sql(String sql) {
        return em.createNativeQuery(sql).unwrap(NativeQuery.class);
    }
}

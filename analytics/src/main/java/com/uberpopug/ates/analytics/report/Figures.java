package com.uberpopug.ates.analytics.report;

import static com.uberpopug.ates.analytics.report.Columns.count;
import static com.uberpopug.ates.analytics.report.Columns.date;
import static com.uberpopug.ates.analytics.report.Columns.instant;
import static com.uberpopug.ates.analytics.report.Columns.money;
import static com.uberpopug.ates.analytics.report.Columns.string;
import static com.uberpopug.ates.analytics.report.Columns.uuid;

import com.uberpopug.ates.analytics.calendar.DateRange;
import com.uberpopug.ates.analytics.calendar.ReportingPeriod;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of the admin dashboard, read from the per-day aggregates the projections keep, so that no query
 * reads more than one row per day of its range.
 */
@ApplicationScoped
@Transactional
public class Figures {

    private static final String EXPENSIVE_TASK = """
            SELECT d.billing_date, d.task_id, t.title, t.jira_id, d.reward, coalesce(t.completed_at, d.applied_at)
            FROM daily_top_reward d LEFT JOIN task t ON t.id = d.task_id
            WHERE d.billing_date BETWEEN :from AND :to
            """;

    private final EntityManager em;
    private final BillingCalendar calendar;

    Figures(EntityManager em, BillingCalendar calendar) {
        this.em = em;
        this.calendar = calendar;
    }

    /** A1 for today's billing date. */
    public TodayFigures today() {
        LocalDate today = calendar.today();
        Object[] row = (Object[])
                em.createNativeQuery("""
                        SELECT (SELECT fees - rewards FROM daily_earnings WHERE billing_date = :today),
                               (SELECT count(*) FROM account_balance WHERE balance < 0)""").setParameter("today", today).getSingleResult();
        return new TodayFigures(today, money(row[0]), count(row[1]));
    }

    /** Earnings and the negative-balance count of each day of {@code range}, oldest first. */
    public List<DayFigures> days(DateRange range) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT CAST(g.day AS date), e.fees, e.rewards,
                               (SELECT n.negative_count FROM daily_negative_balance n
                                WHERE n.day <= CAST(g.day AS date) ORDER BY n.day DESC LIMIT 1)
                        FROM generate_series(CAST(:from AS date), CAST(:to AS date), interval '1 day') AS g(day)
                        LEFT JOIN daily_earnings e ON e.billing_date = CAST(g.day AS date)
                        ORDER BY g.day""")
                .setParameter("from", range.from())
                .setParameter("to", range.to())
                .getResultList();
        return rows.stream()
                .map(row -> {
                    BigDecimal fees = money(row[1]);
                    BigDecimal rewards = money(row[2]);
                    return new DayFigures(date(row[0]), fees, rewards, fees.subtract(rewards), count(row[3]));
                })
                .toList();
    }

    /** A2 for the period of the given kind that contains {@code date}. */
    public MostExpensiveTask mostExpensiveTask(ReportingPeriod period, LocalDate date) {
        return mostExpensiveTask(period.value(), period.containing(date));
    }

    /**
     * A2 for any range: the highest reward among the tasks whose reward was booked on a billing date in it; on a
     * tie the one rewarded first.
     */
    public MostExpensiveTask mostExpensiveTask(String period, DateRange range) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        EXPENSIVE_TASK + "ORDER BY d.reward DESC, d.applied_at, d.transaction_id LIMIT 1")
                .setParameter("from", range.from())
                .setParameter("to", range.to())
                .getResultList();
        return new MostExpensiveTask(
                period, range.from(), range.to(), rows.isEmpty() ? null : expensiveTask(rows.getFirst()));
    }

    /** A2 listed per day: each date of {@code range}, oldest first, with its most expensive task or null. */
    public List<DailyMostExpensiveTask> mostExpensiveTaskPerDay(DateRange range) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(EXPENSIVE_TASK)
                .setParameter("from", range.from())
                .setParameter("to", range.to())
                .getResultList();
        Map<LocalDate, ExpensiveTask> byDate = new HashMap<>();
        rows.forEach(row -> byDate.put(date(row[0]), expensiveTask(row)));
        return range.dates().stream()
                .map(date -> new DailyMostExpensiveTask(date, byDate.get(date)))
                .toList();
    }

    private static ExpensiveTask expensiveTask(Object[] row) {
        return new ExpensiveTask(uuid(row[1]), string(row[2]), string(row[3]), money(row[4]), instant(row[5]));
    }
}

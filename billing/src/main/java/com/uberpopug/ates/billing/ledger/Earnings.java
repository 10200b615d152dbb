package com.uberpopug.ates.billing.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What management earned per billing day: the fees charged less the rewards paid that day. */
@ApplicationScoped
public class Earnings {

    private final EntityManager entityManager;

    public Earnings(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Every day from {@code from} to {@code to}, both included, oldest first; a day without entries earned 0. */
    public List<DayEarnings> between(LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("""
                        SELECT billing_date,
                               coalesce(-sum(amount) FILTER (WHERE type = 'FEE'), 0),
                               coalesce(sum(amount) FILTER (WHERE type = 'REWARD'), 0)
                        FROM ledger_entry
                        WHERE billing_date BETWEEN :from AND :to AND type IN ('FEE', 'REWARD')
                        GROUP BY billing_date""")
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        Map<LocalDate, DayEarnings> byDay = new HashMap<>();
        for (Object[] row : rows) {
            LocalDate day = LocalDate.parse(row[0].toString());
            byDay.put(day, DayEarnings.of(day, Money.of((BigDecimal) row[1]), Money.of((BigDecimal) row[2])));
        }
        List<DayEarnings> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(byDay.getOrDefault(day, DayEarnings.of(day, Money.ZERO, Money.ZERO)));
        }
        return days;
    }

    /** One day: fees charged and rewards paid, both as positive sums, and what management kept. */
    public record DayEarnings(LocalDate date, BigDecimal fees, BigDecimal rewards, BigDecimal managementEarnings) {
        static DayEarnings of(LocalDate date, BigDecimal fees, BigDecimal rewards) {
            return new DayEarnings(date, fees, rewards, fees.subtract(rewards));
        }
    }
}

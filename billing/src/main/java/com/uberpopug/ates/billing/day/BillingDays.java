package com.uberpopug.ates.billing.day;

import com.uberpopug.ates.billing.ledger.Ledger;
import com.uberpopug.ates.billing.ledger.Money;
import com.uberpopug.ates.billing.mail.PayoutMails;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.billing.BillingDayClosedV1;
import com.uberpopug.ates.events.billing.PayoutMadeV1;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.outbox.NewEvent;
import com.uberpopug.ates.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Closing billing days: every account whose balance at the end of the day is positive is paid out (through the
 * {@link Ledger}: a PAYOUT entry, the balance back to zero by that amount) and an e-mail is queued for each payout
 * ({@link PayoutMails}); negative balances carry over. A day closes once:
 * the close holds the ledger's day lock exclusively and claims the day's {@code billing_day} row (its primary key)
 * first, so a second close, a retry or another replica's, waits and then answers the summary of the first.
 */
@ApplicationScoped
public class BillingDays {

    private static final Logger LOG = Logger.getLogger(BillingDays.class);

    private final EntityManager entityManager;
    private final Ledger ledger;
    private final Outbox outbox;
    private final BillingCalendar calendar;
    private final DaySettlement settlement;
    private final PayoutMails mails;

    public BillingDays(
            EntityManager entityManager,
            Ledger ledger,
            Outbox outbox,
            BillingCalendar calendar,
            DaySettlement settlement,
            PayoutMails mails) {
        this.entityManager = entityManager;
        this.ledger = ledger;
        this.mails = mails;
        this.outbox = outbox;
        this.calendar = calendar;
        this.settlement = settlement;
    }

    /**
     * Closes {@code day} and, first, every earlier day not closed yet, in order; closing a closed day changes
     * nothing and answers its summary.
     *
     * @throws DayNotOverException when the day has not ended yet in the billing zone
     * @throws DayNotSettledException when events of the day may still be on their way ({@link DaySettlement})
     */
    @Transactional
    public DaySummary close(LocalDate day) {
        LocalDate today = calendar.today();
        if (!day.isBefore(today)) {
            throw new DayNotOverException(day, today, calendar.zone());
        }
        var offsets = settlement.offsets();
        ledger.lockDaysExclusively();
        Optional<DaySummary> closed = find(day);
        if (closed.isPresent()) {
            return closed.get();
        }
        // a day is settled only if every day before it is: the watermarks and the grace period only move forward
        Optional<String> pending = settlement.pending(day, offsets);
        if (pending.isPresent()) {
            throw new DayNotSettledException(day, pending.get());
        }
        LocalDate lastClosed = ledger.lastClosedDay();
        LocalDate from;
        if (lastClosed == null) {
            LocalDate firstEntry = firstEntryDay();
            from = firstEntry != null && firstEntry.isBefore(day) ? firstEntry : day;
        } else {
            // a day before the last closed one that was never closed had no entries: it closes with no payouts
            from = day.isBefore(lastClosed) ? day : lastClosed.plusDays(1);
        }
        DaySummary summary = null;
        for (LocalDate d = from; !d.isAfter(day); d = d.plusDays(1)) {
            summary = closeOne(d);
        }
        return summary;
    }

    public Optional<DaySummary> find(LocalDate day) {
        List<?> rows = entityManager
                .createNativeQuery("SELECT payouts, total FROM billing_day WHERE date = :day")
                .setParameter("day", day)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new DaySummary(day, ((Number) row[0]).intValue(), Money.of((BigDecimal) row[1])));
    }

    private DaySummary closeOne(LocalDate day) {
        Instant now = calendar.now();
        int claimed = entityManager
                .createNativeQuery("""
                        INSERT INTO billing_day (date, payouts, total, closed_at) VALUES (:day, 0, 0, :now)
                        ON CONFLICT (date) DO NOTHING""")
                .setParameter("day", day)
                .setParameter("now", now)
                .executeUpdate();
        if (claimed == 0) {
            return find(day).orElseThrow();
        }
        List<Ledger.Applied> payouts = ledger.payOut(day, "Payout for " + day);
        mails.queue(day);
        BigDecimal total = Money.ZERO;
        List<NewEvent<?>> made = new ArrayList<>(payouts.size() + 1);
        for (Ledger.Applied payout : payouts) {
            BigDecimal paid = payout.amount().negate();
            total = total.add(paid);
            made.add(NewEvent.of(
                    EventType.PAYOUT_MADE_V1,
                    new PayoutMadeV1(payout.id(), payout.accountId(), paid, day, payout.at())));
        }
        entityManager
                .createNativeQuery("UPDATE billing_day SET payouts = :payouts, total = :total WHERE date = :day")
                .setParameter("payouts", payouts.size())
                .setParameter("total", total)
                .setParameter("day", day)
                .executeUpdate();
        made.add(NewEvent.of(EventType.BILLING_DAY_CLOSED_V1, new BillingDayClosedV1(day, payouts.size(), total, now)));
        outbox.publishAll(made);
        LOG.infof("billing day %s closed: %d payouts, %s in total", day, payouts.size(), total);
        return new DaySummary(day, payouts.size(), total);
    }

    private LocalDate firstEntryDay() {
        Object first = entityManager
                .createNativeQuery("SELECT min(billing_date) FROM ledger_entry")
                .getSingleResult();
        return first == null ? null : LocalDate.parse(first.toString());
    }
}

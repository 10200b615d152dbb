package com.uberpopug.ates.billing.day;

import com.uberpopug.ates.billing.ledger.Ledger;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Closes each billing day soon after the midnight that ends it, in the billing zone, once its events have all
 * arrived ({@link DaySettlement}): every minute it looks whether yesterday is closed and closes it (and any day
 * before it missed while the service was down) if not. Every replica runs it; {@link BillingDays#close} makes the
 * second one a no-op.
 */
@ApplicationScoped
public class DayCloser {

    private static final Logger LOG = Logger.getLogger(DayCloser.class);

    private final BillingDays days;
    private final Ledger ledger;
    private final BillingCalendar calendar;

    public DayCloser(BillingDays days, Ledger ledger, BillingCalendar calendar) {
        this.days = days;
        this.ledger = ledger;
        this.calendar = calendar;
    }

    @Scheduled(
            identity = "billing-day-close",
            every = "${ates.billing.close.every}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        closeFinishedDays();
    }

    /**
     * Closes yesterday unless it is closed already; while yesterday's events may still be on their way, closes the
     * day before it instead should that have been missed too. Answers the summary of a day it closed.
     */
    public Optional<DaySummary> closeFinishedDays() {
        LocalDate yesterday = calendar.yesterday();
        LocalDate lastClosed = QuarkusTransaction.requiringNew().call(ledger::lastClosedDay);
        if (lastClosed != null && !lastClosed.isBefore(yesterday)) {
            return Optional.empty();
        }
        try {
            return Optional.of(days.close(yesterday));
        } catch (DayNotSettledException waiting) {
            LOG.debugf("not closing yet: %s", waiting.getMessage());
        }
        // the days before it, missed while down, need not wait for yesterday's events
        LocalDate before = yesterday.minusDays(1);
        if (lastClosed == null || !before.isAfter(lastClosed)) {
            return Optional.empty();
        }
        try {
            return Optional.of(days.close(before));
        } catch (DayNotSettledException waiting) {
            LOG.debugf("not closing yet: %s", waiting.getMessage());
            return Optional.empty();
        }
    }
}

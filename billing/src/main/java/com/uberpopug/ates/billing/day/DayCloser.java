package com.uberpopug.ates.billing.day;

import com.uberpopug.ates.billing.ledger.BillingCalendar;
import com.uberpopug.ates.billing.ledger.Ledger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Closes each billing day soon after the midnight that ends it, in the billing zone: every minute it looks whether
 * yesterday is closed and closes it (and any day before it missed while the service was down) if not. Every
 * replica runs it; {@link BillingDays#close} makes the second one a no-op.
 */
@ApplicationScoped
public class DayCloser {

    private final BillingDays days;
    private final Ledger ledger;
    private final BillingCalendar calendar;

    public DayCloser(BillingDays days, Ledger ledger, BillingCalendar calendar) {
        this.days = days;
        this.ledger = ledger;
        this.calendar = calendar;
    }

    @Scheduled(identity = "billing-day-close", every = "${ates.billing.close.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        closeFinishedDays();
    }

    /** Closes yesterday unless it is closed already; answers the summary of a day it closed. */
    public Optional<DaySummary> closeFinishedDays() {
        LocalDate yesterday = calendar.yesterday();
        LocalDate lastClosed = QuarkusTransaction.requiringNew().call(ledger::lastClosedDay);
        if (lastClosed != null && !lastClosed.isBefore(yesterday)) {
            return Optional.empty();
        }
        return Optional.of(days.close(yesterday));
    }
}

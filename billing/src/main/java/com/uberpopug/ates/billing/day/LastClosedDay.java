package com.uberpopug.ates.billing.day;

import com.uberpopug.ates.billing.ledger.Ledger;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The gauge {@code ates.billing.last.closed.day.seconds}: the epoch second of the end (the midnight in the billing
 * zone) of the latest closed billing day, so that {@code time() - ates_billing_last_closed_day_seconds > 90000}
 * says yesterday is still not closed an hour after midnight. Before the first close there is no sample at all.
 * Read from the database on a schedule ({@code ates.billing.last-closed-day.every}), never by a request.
 */
@ApplicationScoped
public class LastClosedDay {

    static final String METRIC = "ates.billing.last.closed.day.seconds";
    private static final Logger LOG = Logger.getLogger(LastClosedDay.class);

    private final Ledger ledger;
    private final ZoneId zone;
    private final MeterRegistry registry;
    private final AtomicLong endOfDay = new AtomicLong();
    private volatile boolean registered;

    @Inject
    public LastClosedDay(Ledger ledger, BillingCalendar calendar, MeterRegistry registry) {
        this(ledger, calendar.zone(), registry);
    }

    LastClosedDay(Ledger ledger, ZoneId zone, MeterRegistry registry) {
        this.ledger = ledger;
        this.zone = zone;
        this.registry = registry;
    }

    @Scheduled(
            identity = "last-closed-day-metric",
            every = "${ates.billing.last-closed-day.every:30s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("could not read the last closed billing day for %s: %s", METRIC, e.getMessage());
        }
    }

    /** Reads the latest closed day and sets the gauge to its end. */
    public void refresh() {
        set(QuarkusTransaction.requiringNew().call(ledger::lastClosedDay));
    }

    /** Sets the gauge to the end of {@code lastClosed}; null (no day closed yet) leaves it without a sample. */
    synchronized void set(LocalDate lastClosed) {
        if (lastClosed == null) {
            return;
        }
        endOfDay.set(lastClosed.plusDays(1).atStartOfDay(zone).toEpochSecond());
        if (!registered) {
            Gauge.builder(METRIC, endOfDay, AtomicLong::get)
                    .description("epoch second of the end (midnight, billing zone) of the latest closed billing day")
                    .baseUnit("seconds")
                    .register(registry);
            registered = true;
        }
    }
}

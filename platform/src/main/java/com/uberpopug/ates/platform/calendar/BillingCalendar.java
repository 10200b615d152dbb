package com.uberpopug.ates.platform.calendar;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Billing days, as billing closes them and analytics reports them: dates in the configured zone
 * ({@code ates.billing.zone}, environment {@code ATES_BILLING_ZONE}, UTC by default), by the injected clock. Both
 * services must be given the same zone, so that "today" is one day for both.
 */
@ApplicationScoped
public class BillingCalendar {

    private final Clock clock;
    private final ZoneId zone;

    public BillingCalendar(Clock clock, @ConfigProperty(name = "ates.billing.zone", defaultValue = "UTC") ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Now, to the microsecond PostgreSQL keeps. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The billing day that is running now. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The last day that is over, the one the closer closes next. */
    public LocalDate yesterday() {
        return today().minusDays(1);
    }

    public LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }
}

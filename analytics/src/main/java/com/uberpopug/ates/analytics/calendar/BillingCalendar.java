package com.uberpopug.ates.analytics.calendar;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Billing days as billing counts them: dates in billing's time zone ({@code ates.billing.zone}, environment
 * {@code ATES_BILLING_ZONE}, UTC by default), so that "today" here is billing's today.
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

    /** Today's billing date. */
    public LocalDate today() {
        return dateOf(clock.instant());
    }

    /** The billing date an instant falls on. */
    public LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }
}

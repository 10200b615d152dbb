package com.uberpopug.ates.billing.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's clock in the tests: real time shifted by an offset the tests set, so that time still passes
 * (retries come due) while each test lives on billing days of its own. Days only ever move forward, as they do.
 */
@Singleton
public class TestClock extends Clock {

    /** The billing zone of the test profile (application.properties). */
    public static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    private static final LocalDate FIRST_DAY = LocalDate.of(2100, 1, 1);
    private static final AtomicInteger DAYS_USED = new AtomicInteger();

    /** The offset of the clock last set, for the events the tests write (their eventTime is the test's now). */
    private static volatile Duration current = Duration.ZERO;

    private volatile Duration offset = Duration.ZERO;

    /** Now as the application's clock says it, for code that has no injected clock (the events tests send). */
    public static Instant current() {
        return Instant.now().plus(current);
    }

    /** Moves to noon of a day no test has used yet, with two more unused days after it; answers that day. */
    public LocalDate freshDay() {
        LocalDate day = FIRST_DAY.plusDays(DAYS_USED.getAndAdd(3));
        setNow(day.atTime(LocalTime.NOON).atZone(ZONE).toInstant());
        return day;
    }

    /** Moves to the given time of {@code day} in the billing zone (never back to a day before the current one). */
    public void moveTo(LocalDate day, LocalTime time) {
        setNow(day.atTime(time).atZone(ZONE).toInstant());
    }

    public LocalDate today() {
        return LocalDate.ofInstant(instant(), ZONE);
    }

    public synchronized void setNow(Instant now) {
        LocalDate target = LocalDate.ofInstant(now, ZONE);
        int index = (int) java.time.temporal.ChronoUnit.DAYS.between(FIRST_DAY, target);
        DAYS_USED.accumulateAndGet(index + 1, Math::max);
        offset = Duration.between(Instant.now(), now);
        current = offset;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }
}

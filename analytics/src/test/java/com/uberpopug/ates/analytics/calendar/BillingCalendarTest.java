package com.uberpopug.ates.analytics.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.platform.calendar.BillingCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillingCalendarTest {

    @Test
    void todayIsTheDateInBillingsZoneNotUtc() {
        Instant instant = Instant.parse("2026-03-02T07:59:00Z");
        assertThat(calendar(instant, "UTC").today()).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(calendar(instant, "America/Los_Angeles").today()).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(calendar(instant, "Pacific/Kiritimati").today()).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(calendar(Instant.parse("2026-03-02T10:00:00Z"), "Pacific/Kiritimati")
                        .today())
                .isEqualTo(LocalDate.parse("2026-03-03"));
    }

    @Test
    void midnightBelongsToTheDayItStarts() {
        BillingCalendar berlin = calendar(Instant.EPOCH, "Europe/Berlin");
        // Sunday 23:59 and Monday 00:00 in Berlin (UTC+1 in March before the switch)
        assertThat(berlin.dateOf(Instant.parse("2026-03-01T22:59:59Z"))).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(berlin.dateOf(Instant.parse("2026-03-01T23:00:00Z"))).isEqualTo(LocalDate.parse("2026-03-02"));
    }

    @Test
    void theDayOfADaylightSavingSwitchIsOneDate() {
        BillingCalendar berlin = calendar(Instant.EPOCH, "Europe/Berlin");
        // 2026-03-29: clocks go from 02:00 to 03:00, the day has 23 hours
        assertThat(berlin.dateOf(Instant.parse("2026-03-28T23:00:00Z"))).isEqualTo(LocalDate.parse("2026-03-29"));
        assertThat(berlin.dateOf(Instant.parse("2026-03-29T21:59:59Z"))).isEqualTo(LocalDate.parse("2026-03-29"));
        assertThat(berlin.dateOf(Instant.parse("2026-03-29T22:00:00Z"))).isEqualTo(LocalDate.parse("2026-03-30"));
    }

    private static BillingCalendar calendar(Instant now, String zone) {
        return new BillingCalendar(Clock.fixed(now, ZoneOffset.UTC), ZoneId.of(zone));
    }
}

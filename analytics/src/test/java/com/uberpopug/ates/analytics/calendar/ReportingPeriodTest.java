package com.uberpopug.ates.analytics.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReportingPeriodTest {

    @Test
    void aWeekRunsFromMondayToSunday() {
        // 2026-03-01 is a Sunday, 2026-03-02 a Monday
        assertThat(ReportingPeriod.WEEK.containing(d("2026-03-01"))).isEqualTo(range("2026-02-23", "2026-03-01"));
        assertThat(ReportingPeriod.WEEK.containing(d("2026-03-02"))).isEqualTo(range("2026-03-02", "2026-03-08"));
        assertThat(ReportingPeriod.WEEK.containing(d("2026-03-08"))).isEqualTo(range("2026-03-02", "2026-03-08"));
    }

    @Test
    void aWeekMayStraddleAYearAndAMonth() {
        assertThat(ReportingPeriod.WEEK.containing(d("2026-01-01"))).isEqualTo(range("2025-12-29", "2026-01-04"));
        assertThat(ReportingPeriod.WEEK.containing(d("2028-02-29"))).isEqualTo(range("2028-02-28", "2028-03-05"));
    }

    @Test
    void aMonthEndsOnItsLastDay() {
        assertThat(ReportingPeriod.MONTH.containing(d("2026-02-14"))).isEqualTo(range("2026-02-01", "2026-02-28"));
        assertThat(ReportingPeriod.MONTH.containing(d("2028-02-01"))).isEqualTo(range("2028-02-01", "2028-02-29"));
        assertThat(ReportingPeriod.MONTH.containing(d("2026-12-31"))).isEqualTo(range("2026-12-01", "2026-12-31"));
        assertThat(ReportingPeriod.MONTH.containing(d("2026-04-30")).days()).isEqualTo(30);
    }

    @Test
    void aDayIsItself() {
        assertThat(ReportingPeriod.DAY.containing(d("2026-03-03"))).isEqualTo(range("2026-03-03", "2026-03-03"));
    }

    @Test
    void periodsAreNamedAsTheApiSpellsThem() {
        assertThat(ReportingPeriod.of("week")).contains(ReportingPeriod.WEEK);
        assertThat(ReportingPeriod.of("WEEK")).isEmpty();
        assertThat(ReportingPeriod.of("year")).isEmpty();
    }

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    private static DateRange range(String from, String to) {
        return new DateRange(d(from), d(to));
    }
}

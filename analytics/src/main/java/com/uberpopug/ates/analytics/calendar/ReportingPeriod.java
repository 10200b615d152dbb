package com.uberpopug.ates.analytics.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The periods the most expensive task is asked for: a day, an ISO week (Monday to Sunday), a calendar month. */
public enum ReportingPeriod {
    DAY,
    WEEK,
    MONTH;

    /** The period of this kind that contains {@code date}. */
    public DateRange containing(LocalDate date) {
        return switch (this) {
            case DAY -> new DateRange(date, date);
            case WEEK ->
                new DateRange(
                        date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                        date.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)));
            case MONTH -> new DateRange(date.withDayOfMonth(1), date.with(TemporalAdjusters.lastDayOfMonth()));
        };
    }

    /** As the API spells it: day, week, month. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportingPeriod> of(String value) {
        return Arrays.stream(values())
                .filter(period -> period.value().equals(value))
                .findFirst();
    }
}

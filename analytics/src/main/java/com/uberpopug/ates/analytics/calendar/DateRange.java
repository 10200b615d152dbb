package com.uberpopug.ates.analytics.calendar;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

/** Billing dates from {@code from} to {@code to}, both included. */
public record DateRange(LocalDate from, LocalDate to) {

    public DateRange {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** Every date of the range, oldest first. */
    public List<LocalDate> dates() {
        return Stream.iterate(from, date -> !date.isAfter(to), date -> date.plusDays(1))
                .toList();
    }

    /** The {@code days} days that end with {@code last}. */
    public static DateRange endingWith(LocalDate last, int days) {
        return new DateRange(last.minusDays(days - 1L), last);
    }
}

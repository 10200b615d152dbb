package com.uberpopug.ates.platform.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Dates in the APIs: {@code YYYY-MM-DD}, days of the billing zone. */
public final class QueryDates {

    /** The dates a query may name: years written with four digits. */
    public static final LocalDate FIRST = LocalDate.of(1, 1, 1);

    public static final LocalDate LAST = LocalDate.of(9999, 12, 31);

    private QueryDates() {}

    /** {@code value} as a date, {@code absent} when it is left out; a 400 naming the parameter when malformed. */
    public static LocalDate parse(String name, String value, LocalDate absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " '" + value + "' is not a date: " + name
                    + " must be a date written YYYY-MM-DD, e.g. 2026-03-03");
        }
        if (date.isBefore(FIRST) || date.isAfter(LAST)) {
            // ISO dates reach a billion years either way; PostgreSQL and every day aTES reports on do not
            throw new InvalidRequestException(name + " '" + value + "' is out of range: " + name
                    + " must be a date from " + FIRST + " to " + LAST);
        }
        return date;
    }
}

package com.uberpopug.ates.platform.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Dates in the APIs: {@code YYYY-MM-DD}, days of the billing zone. */
public final class QueryDates {

    private QueryDates() {
    }

    /** {@code value} as a date, {@code absent} when it is left out; a 400 naming the parameter when malformed. */
    public static LocalDate parse(String name, String value, LocalDate absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " '" + value + "' is not a date: " + name
                    + " must be a date written YYYY-MM-DD, e.g. 2026-03-03");
        }
    }
}

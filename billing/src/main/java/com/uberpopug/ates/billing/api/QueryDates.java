package com.uberpopug.ates.billing.api;

import jakarta.ws.rs.BadRequestException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Dates in the API: {@code YYYY-MM-DD}, days of the billing zone. */
public final class QueryDates {

    private QueryDates() {
    }

    /** {@code value} as a date, {@code fallback} when it is absent; a 400 naming the parameter when malformed. */
    public static LocalDate parse(String name, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be a date written YYYY-MM-DD, not '" + value + "'");
        }
    }
}

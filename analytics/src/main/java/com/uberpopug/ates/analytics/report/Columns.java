package com.uberpopug.ates.analytics.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Values of native query rows, whichever JDBC type the driver hands back. */
final class Columns {

    private Columns() {}

    static LocalDate date(Object value) {
        return switch (value) {
            case null -> null;
            case LocalDate date -> date;
            case java.sql.Date date -> date.toLocalDate();
            default -> LocalDate.parse(value.toString());
        };
    }

    static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime time -> time.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> OffsetDateTime.parse(value.toString()).toInstant();
        };
    }

    static UUID uuid(Object value) {
        return value == null ? null : value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
    }

    /** Money with two decimals. */
    static BigDecimal money(Object value) {
        BigDecimal amount = value == null
                ? BigDecimal.ZERO
                : value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static String string(Object value) {
        return value == null ? null : value.toString();
    }
}

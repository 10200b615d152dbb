package com.uberpopug.ates.billing.web;

import com.uberpopug.ates.billing.ledger.Earnings;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Everything the billing dashboard shows to one person. */
public record Dashboard(
        String username,
        String role,
        boolean seesAll,
        BigDecimal myBalance,
        Shown shown,
        LocalDate date,
        LocalDate today,
        LocalDate previous,
        LocalDate next,
        List<Line> entries,
        List<Row> accounts,
        List<Earnings.DayEarnings> earnings,
        EarningsChart chart) {

    /**
     * An entry as the page lists it, its time in the billing zone; {@code lateFrom} is the day a late entry happened
     * on, null for the others.
     */
    public record Line(String time, String type, String description, BigDecimal amount, String lateFrom) {}

    /** A line of the company's accounts. */
    public record Row(String id, String name, String role, BigDecimal balance, boolean deleted) {}

    /** The account whose entries the page shows: the caller's own, or the one an admin or accountant picked. */
    public record Shown(String id, String name, BigDecimal balance, boolean mine) {}
}

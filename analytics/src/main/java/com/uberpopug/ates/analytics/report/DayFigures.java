package com.uberpopug.ates.analytics.report;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One billing day: fees charged, rewards paid, management earnings (fees − rewards), and the number of negative
 * balances at the end of the day (the last one known before it when no balance changed that day).
 */
public record DayFigures(
        LocalDate date,
        BigDecimal fees,
        BigDecimal rewards,
        BigDecimal managementEarnings,
        long negativeBalanceCount) {}

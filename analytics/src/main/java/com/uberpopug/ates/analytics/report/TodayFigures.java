package com.uberpopug.ates.analytics.report;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A1: what management earned on today's billing date (fees − rewards) and how many balances are negative now. */
public record TodayFigures(LocalDate date, BigDecimal managementEarnings, long negativeBalanceCount) {}

package com.uberpopug.ates.billing.day;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A closed billing day: how many payouts it made and their total. */
public record DaySummary(LocalDate date, int payouts, BigDecimal total) {}

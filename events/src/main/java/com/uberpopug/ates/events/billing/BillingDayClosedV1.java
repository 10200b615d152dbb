package com.uberpopug.ates.events.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** {@code BillingDay.Closed} v1: a billing day was closed; {@code payouts} were made, {@code total} paid. */
public record BillingDayClosedV1(LocalDate date, int payouts, BigDecimal total, Instant closedAt) {}

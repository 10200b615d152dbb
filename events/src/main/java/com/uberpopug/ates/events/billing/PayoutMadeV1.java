package com.uberpopug.ates.events.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** {@code Payout.Made} v1: a positive balance was paid out for a billing day; {@code amount} is positive. */
public record PayoutMadeV1(UUID payoutId, String accountId, BigDecimal amount, LocalDate date, Instant madeAt) {}

package com.uberpopug.ates.events.billing;

import java.math.BigDecimal;
import java.time.Instant;

/** {@code Account.BalanceChanged} v1: an account's balance after a change. */
public record AccountBalanceChangedV1(String accountId, BigDecimal balance, Instant changedAt) {}

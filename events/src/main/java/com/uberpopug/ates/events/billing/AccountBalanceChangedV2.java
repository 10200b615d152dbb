package com.uberpopug.ates.events.billing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code Account.BalanceChanged} v2: an account's balance after a change, with the account's change number. The
 * number is taken under the account's row lock in the transaction that moves the balance, so of two changes of one
 * account the higher number is the one committed later, whatever their {@code changedAt}.
 */
public record AccountBalanceChangedV2(String accountId, BigDecimal balance, long sequence, Instant changedAt) {}

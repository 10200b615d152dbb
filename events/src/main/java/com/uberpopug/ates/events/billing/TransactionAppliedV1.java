package com.uberpopug.ates.events.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * {@code Transaction.Applied} v1: an entry was written to an account's ledger. FEE and PAYOUT
 * amounts are negative, REWARD amounts positive; {@code taskId} is null for a PAYOUT.
 */
public record TransactionAppliedV1(
        UUID transactionId,
        String accountId,
        TransactionType type,
        BigDecimal amount,
        UUID taskId,
        String description,
        LocalDate billingDate,
        Instant appliedAt) {}

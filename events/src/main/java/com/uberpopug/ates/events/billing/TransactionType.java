package com.uberpopug.ates.events.billing;

/** What a ledger entry is for. */
public enum TransactionType {
    /** Charged when a task is assigned; negative. */
    FEE,
    /** Paid when a task is completed; positive. */
    REWARD,
    /** A positive balance paid out at day close; negative. */
    PAYOUT
}

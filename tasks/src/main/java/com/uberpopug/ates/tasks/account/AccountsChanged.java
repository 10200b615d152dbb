package com.uberpopug.ates.tasks.account;

/**
 * Fired, synchronously and inside the transaction, once a poll of {@code Account.*} events has been applied to the
 * replica: whoever keeps work that depends on who may have it (the open tasks of disabled or deleted accounts)
 * observes it and acts in the same transaction.
 */
public record AccountsChanged() {}

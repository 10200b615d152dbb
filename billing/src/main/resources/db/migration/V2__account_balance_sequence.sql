-- Each account's change number: incremented in the same UPDATE that moves the balance, so it is taken under the
-- account's row lock and a higher number is always the balance committed later (Account.BalanceChanged v2).
ALTER TABLE account ADD COLUMN balance_seq bigint NOT NULL DEFAULT 0;

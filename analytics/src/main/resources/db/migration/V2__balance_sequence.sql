-- Account.BalanceChanged v2 numbers each account's changes in the order billing committed them: the balance with
-- the highest number is the current one. NULL for a balance from v1, which only had its changedAt to go by.
ALTER TABLE account_balance ADD COLUMN sequence bigint;

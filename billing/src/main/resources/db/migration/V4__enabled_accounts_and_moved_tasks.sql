-- Whether the account is enabled in Keycloak (Account.Created/Updated v2; v1 leaves it as it is). Billing charges
-- and pays a disabled account as any other: a positive balance is owed and is still paid out at the day's close.
ALTER TABLE account ADD COLUMN enabled boolean NOT NULL DEFAULT true;
-- A FEE charged because the task was moved from someone else (Task.Assigned v2): from whom, and why
-- ('reshuffle', 'assignee-disabled', 'assignee-deleted'). NULL for a new task's first assignment and for v1
-- assignments, which do not say. Adding nullable columns rewrites no entry, so the ledger stays as it was.
ALTER TABLE ledger_entry ADD COLUMN moved_from varchar(255);
ALTER TABLE ledger_entry ADD COLUMN move_reason varchar(32);
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_moves_are_fees
    CHECK ((moved_from IS NULL) = (move_reason IS NULL) AND (move_reason IS NULL OR type = 'FEE'));

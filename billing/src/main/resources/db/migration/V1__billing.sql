-- Billing's own tables. Money is numeric(14,2); the billing date of every entry is a day of the configured zone.

-- Accounts, replicated from Keycloak's Account.* events and the callers' tokens. An account an event names before
-- billing has heard of it exists as a placeholder (known = false) and is filled in later. The balance moves only
-- together with a ledger entry, in the same transaction.
CREATE TABLE account (
    id                 varchar(255)  PRIMARY KEY,
    username           text,
    email              text,
    full_name          text,
    role               varchar(32),
    known              boolean       NOT NULL DEFAULT false,
    deleted            boolean       NOT NULL DEFAULT false,
    -- eventTime of the last Account.* event applied, so an older one never overwrites a newer one
    profile_updated_at timestamptz,
    balance            numeric(14,2) NOT NULL DEFAULT 0,
    created_at         timestamptz   NOT NULL DEFAULT now()
);

-- A task's price, set once, the first time billing hears of the task (from whichever event comes first); the
-- title and jira id are filled in by Task.Created/Updated whenever they arrive and never touch the price.
CREATE TABLE task (
    id                 uuid          PRIMARY KEY,
    title              text,
    jira_id            text,
    details_updated_at timestamptz,
    fee                numeric(14,2) NOT NULL CHECK (fee BETWEEN 10 AND 20 AND fee = trunc(fee)),
    reward             numeric(14,2) NOT NULL CHECK (reward BETWEEN 20 AND 40 AND reward = trunc(reward)),
    priced_at          timestamptz   NOT NULL
);

-- The ledger: every balance change, never changed and never deleted (the trigger below refuses both).
CREATE TABLE ledger_entry (
    id           uuid          PRIMARY KEY,
    account_id   varchar(255)  NOT NULL REFERENCES account (id),
    type         varchar(16)   NOT NULL CHECK (type IN ('FEE', 'REWARD', 'PAYOUT')),
    amount       numeric(14,2) NOT NULL,
    task_id      uuid          REFERENCES task (id),
    description  text          NOT NULL,
    billing_date date          NOT NULL,
    at           timestamptz   NOT NULL,
    CHECK ((type = 'REWARD' AND amount > 0) OR (type IN ('FEE', 'PAYOUT') AND amount < 0)),
    CHECK ((type = 'PAYOUT') = (task_id IS NULL))
);
CREATE INDEX ledger_entry_account_date ON ledger_entry (account_id, billing_date);
CREATE INDEX ledger_entry_date ON ledger_entry (billing_date, type);
-- a task is completed once, so it is rewarded once, whatever reaches billing
CREATE UNIQUE INDEX ledger_entry_one_reward_per_task ON ledger_entry (task_id) WHERE type = 'REWARD';

CREATE FUNCTION ledger_entry_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are immutable: % refused on ledger_entry', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER ledger_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_immutable();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_is_immutable();

-- A closed billing day. The primary key is what makes a close happen once: a second close, on this replica or
-- another, finds the row and answers its summary.
CREATE TABLE billing_day (
    date      date          PRIMARY KEY,
    payouts   int           NOT NULL,
    total     numeric(14,2) NOT NULL,
    closed_at timestamptz   NOT NULL
);

-- The payout e-mails, written in the transaction that closes the day and sent after it commits, with retries:
-- a failing SMTP server neither stops a close nor loses a mail.
CREATE TABLE payout_mail (
    id              uuid          PRIMARY KEY,
    account_id      varchar(255)  NOT NULL REFERENCES account (id),
    billing_date    date          NOT NULL,
    amount          numeric(14,2) NOT NULL CHECK (amount > 0),
    created_at      timestamptz   NOT NULL,
    attempts        int           NOT NULL DEFAULT 0,
    next_attempt_at timestamptz   NOT NULL,
    last_error      text,
    sent_at         timestamptz,
    UNIQUE (account_id, billing_date)
);
CREATE INDEX payout_mail_pending ON payout_mail (next_attempt_at) WHERE sent_at IS NULL;

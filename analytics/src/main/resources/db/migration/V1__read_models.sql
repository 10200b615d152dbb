-- The read models of analytics, fed only by events (see README). Every write is an idempotent upsert: the
-- platform Inbox applies each event once, and these statements stay right when events arrive out of order.

-- Accounts from Keycloak (accounts-stream). updated_at is the eventTime of the last Account.* applied.
CREATE TABLE account (
    id         varchar(64)  PRIMARY KEY,
    username   varchar(255),
    email      varchar(255),
    full_name  varchar(255),
    role       varchar(16),
    deleted    boolean      NOT NULL DEFAULT false,
    updated_at timestamptz  NOT NULL
);

-- The latest balance of each account (Account.BalanceChanged); an older change never overwrites a newer one.
CREATE TABLE account_balance (
    account_id varchar(64)   PRIMARY KEY,
    balance    numeric(14,2) NOT NULL,
    changed_at timestamptz   NOT NULL
);
-- "how many are negative now" reads only this small index
CREATE INDEX account_balance_negative ON account_balance (account_id) WHERE balance < 0;

-- Tasks (tasks-stream, tasks-lifecycle). Any event may create the row; the others fill it in.
CREATE TABLE task (
    id           uuid         PRIMARY KEY,
    title        varchar(512),
    jira_id      varchar(64),
    -- eventTime of the Task.Created/Updated that gave title and jira id: an older one never overwrites them
    details_at   timestamptz,
    status       varchar(8)   NOT NULL DEFAULT 'OPEN',
    assignee_id  varchar(64),
    assigned_at  timestamptz,
    completed_by varchar(64),
    completed_at timestamptz
);

-- Every ledger entry billing reported (Transaction.Applied): FEE and PAYOUT negative, REWARD positive.
CREATE TABLE ledger_transaction (
    id           uuid          PRIMARY KEY,
    account_id   varchar(64)   NOT NULL,
    type         varchar(8)    NOT NULL CHECK (type IN ('FEE', 'REWARD', 'PAYOUT')),
    amount       numeric(14,2) NOT NULL,
    task_id      uuid,
    billing_date date          NOT NULL,
    applied_at   timestamptz   NOT NULL
);
CREATE INDEX ledger_transaction_billing_date ON ledger_transaction (billing_date);

-- Per billing day, kept up to date as each transaction is applied, so no query scans the ledger:
-- fees = sum(-amount) of FEE, rewards = sum(amount) of REWARD, payouts = sum(-amount) of PAYOUT.
-- Management earnings of the day = fees - rewards.
CREATE TABLE daily_earnings (
    billing_date date          PRIMARY KEY,
    fees         numeric(16,2) NOT NULL DEFAULT 0,
    rewards      numeric(16,2) NOT NULL DEFAULT 0,
    payouts      numeric(16,2) NOT NULL DEFAULT 0
);

-- The most expensive task of each billing day: the highest REWARD; on a tie the earlier applied one, then the
-- lower transaction id. A week or a month is at most 31 of these rows.
CREATE TABLE daily_top_reward (
    billing_date   date          PRIMARY KEY,
    transaction_id uuid          NOT NULL,
    task_id        uuid          NOT NULL,
    reward         numeric(14,2) NOT NULL,
    applied_at     timestamptz   NOT NULL
);

-- How many balances were negative at the end of each day, for the chart: rewritten whenever a balance changes.
CREATE TABLE daily_negative_balance (
    day            date        PRIMARY KEY,
    negative_count int         NOT NULL,
    recorded_at    timestamptz NOT NULL
);

-- Recorded from billing-lifecycle.
CREATE TABLE billing_day (
    date      date          PRIMARY KEY,
    payouts   int           NOT NULL,
    total     numeric(16,2) NOT NULL,
    closed_at timestamptz   NOT NULL
);

CREATE TABLE payout (
    id         uuid          PRIMARY KEY,
    account_id varchar(64)   NOT NULL,
    amount     numeric(14,2) NOT NULL,
    date       date          NOT NULL,
    made_at    timestamptz   NOT NULL
);

-- The last rebuild of the read model from Kafka (POST /api/admin/rebuild): one row, kept when the read model is
-- emptied, so that a rebuild cut short by a restart is still known and the queries keep refusing to answer.
-- REQUIRED: the read model must be rebuilt before it answers (set below for a read model older than this version).
CREATE TABLE read_model_rebuild (
    id              int         PRIMARY KEY CHECK (id = 1),
    state           varchar(16) NOT NULL CHECK (state IN ('REQUIRED', 'RUNNING', 'DONE')),
    started_at      timestamptz,
    finished_at     timestamptz,
    events_target   bigint      NOT NULL,
    events_replayed bigint      NOT NULL
);

-- Each account's balance at the end of each billing day it changed on (the change with the highest sequence of
-- that day; for v1, the newest changedAt), so the daily negative count no longer depends on the order the events
-- arrive in: a late change from an earlier day corrects that day and the days after it until the account's next
-- change, and a replay from Kafka gives the same history as the live feed.
CREATE TABLE account_balance_day (
    account_id varchar(64)   NOT NULL,
    day        date          NOT NULL,
    balance    numeric(14,2) NOT NULL,
    sequence   bigint,
    changed_at timestamptz   NOT NULL,
    PRIMARY KEY (account_id, day)
);

-- A read model built before this table existed has a history this table cannot be derived from: it answers again
-- once rebuilt from Kafka.
INSERT INTO read_model_rebuild (id, state, events_target, events_replayed)
SELECT 1, 'REQUIRED', 0, 0 WHERE EXISTS (SELECT 1 FROM account_balance);

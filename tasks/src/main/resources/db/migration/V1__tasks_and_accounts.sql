-- The replica of Keycloak's accounts: who may be given a task. Filled from Account.* events and from the
-- claims of every caller's token; whichever piece of information is newest (changed_at) wins.
CREATE TABLE account (
    id         varchar(255) PRIMARY KEY,   -- the Keycloak user id, the key of Account.* events
    username   varchar(255),               -- null only for the tombstone of an account deleted before it was seen
    role       varchar(16) CHECK (role IN ('ADMIN', 'MANAGER', 'ACCOUNTANT', 'WORKER')),
    -- a tombstone: Keycloak ids are never reused, so a deleted account stays deleted whatever arrives late
    deleted    boolean     NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL        -- the event time or token issue time of what the row holds
);

CREATE TABLE task (
    id           uuid         PRIMARY KEY,
    title        varchar(255) NOT NULL CHECK (btrim(title) <> '' AND title !~ '[][]'),
    jira_id      varchar(64),
    description  text,
    status       varchar(8)   NOT NULL CHECK (status IN ('OPEN', 'DONE')),
    -- a task is never without an assignee
    assignee_id  varchar(255) NOT NULL REFERENCES account (id),
    created_at   timestamptz  NOT NULL,
    completed_at timestamptz,
    CHECK ((status = 'DONE') = (completed_at IS NOT NULL))
);
-- the dashboard's and the API's list, newest first
CREATE INDEX task_newest ON task (created_at DESC, id);
-- "my tasks"
CREATE INDEX task_assignee ON task (assignee_id, created_at DESC);

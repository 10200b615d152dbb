-- The producing side's domain table: a task row commits with its outbox row or not at all.
CREATE TABLE test_task (id uuid PRIMARY KEY, title varchar(255) NOT NULL);

-- The consuming side's effect: one row per applied Task.Created; a second application would break the key.
CREATE TABLE applied_task (task_id uuid PRIMARY KEY, title varchar(255) NOT NULL, jira_id varchar(64),
                           event_version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp());

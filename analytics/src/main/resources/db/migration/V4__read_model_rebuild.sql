-- The last rebuild of the read model from Kafka (POST /api/admin/rebuild): one row, kept when the read model is
-- emptied, so that a rebuild cut short by a restart is still known and the queries keep refusing to answer.
CREATE TABLE read_model_rebuild (
    id              int         PRIMARY KEY CHECK (id = 1),
    state           varchar(16) NOT NULL CHECK (state IN ('RUNNING', 'DONE')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    events_target   bigint      NOT NULL,
    events_replayed bigint      NOT NULL
);

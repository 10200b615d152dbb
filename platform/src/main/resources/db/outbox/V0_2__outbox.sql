-- Debezium's outbox layout (platform Outbox): the Outbox Event Router routes by aggregatetype, keys by
-- aggregateid and sends id, type and eventversion as the headers eventId, eventName and eventVersion.
CREATE TABLE outbox_event (
    id            uuid PRIMARY KEY,
    aggregatetype varchar(255) NOT NULL,
    aggregateid   varchar(255) NOT NULL,
    type          varchar(255) NOT NULL,
    timestamp     timestamptz  NOT NULL DEFAULT now(),
    payload       jsonb        NOT NULL,
    eventversion  int          NOT NULL
);
CREATE INDEX outbox_event_timestamp ON outbox_event (timestamp);

-- Debezium Server (pgoutput) reads this publication and creates none itself. Inserts only: deleting old rows
-- (OutboxRetention) must never reach Kafka.
CREATE PUBLICATION ates_outbox FOR TABLE outbox_event WITH (publish = 'insert');

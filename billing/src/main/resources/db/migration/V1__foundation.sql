-- Debezium's outbox layout: the Outbox Event Router reads these columns and routes by aggregatetype.
CREATE TABLE outbox_event (id uuid PRIMARY KEY, aggregatetype varchar(255) NOT NULL, aggregateid varchar(255) NOT NULL, type varchar(255) NOT NULL, timestamp timestamptz NOT NULL DEFAULT now(), payload jsonb NOT NULL, eventversion int NOT NULL);

-- Debezium Server (pgoutput) reads this publication and does not create one itself.
CREATE PUBLICATION ates_outbox FOR TABLE outbox_event;

-- The consumers' idempotency record: an event's effect and its id commit in one transaction.
CREATE TABLE processed_event (event_id uuid PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now());

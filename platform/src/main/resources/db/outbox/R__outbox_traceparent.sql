-- The trace the event belongs to (W3C traceparent of the span that wrote the row), which Debezium's Outbox Event
-- Router sends as the Kafka header traceparent, so that consumers continue the trace (platform EventTracing).
-- Repeatable and idempotent rather than versioned: the services' own migrations are numbered from 1 up, and a
-- versioned platform migration numbered below them would be refused on a database that already has them.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent varchar(55);

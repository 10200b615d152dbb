-- The consumers' idempotency record (platform Inbox): an event's effect and its id commit in one transaction,
-- so an event delivered twice is applied once.
CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- The consumers' idempotency record: an event's effect and its id commit in one transaction.
CREATE TABLE processed_event (event_id uuid PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now());

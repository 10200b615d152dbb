-- FEE and REWARD entries are dated by the day their task event happened (its eventTime in the billing zone).
-- event_date is that day; an event of a day already closed is booked on the first open day and marked late.
-- Payouts have no event: event_date stays NULL for them.
ALTER TABLE ledger_entry ADD COLUMN event_date date;
ALTER TABLE ledger_entry ADD COLUMN late boolean NOT NULL DEFAULT false;
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_late_is_after_its_event
    CHECK (NOT late OR (event_date IS NOT NULL AND event_date < billing_date));

-- How far each partition of the topics that carry money has been applied: the latest eventTime and offset of the
-- events applied from it, written in the transaction that applies them. A day closes once every partition has
-- moved past its end (or, silent, has nothing unread and the grace period is over).
CREATE TABLE input_watermark (
    topic      varchar(255) NOT NULL,
    partition  int          NOT NULL,
    event_time timestamptz  NOT NULL,
    last_offset bigint      NOT NULL,
    PRIMARY KEY (topic, partition)
);

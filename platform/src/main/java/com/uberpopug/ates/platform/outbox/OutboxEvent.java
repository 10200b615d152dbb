package com.uberpopug.ates.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A row of the outbox in Debezium's layout. Debezium's Outbox Event Router routes it to the topic named by
 * {@code aggregatetype}, keys it by {@code aggregateid}, and publishes {@code payload} (the whole event envelope)
 * with {@code id}, {@code type} and {@code eventversion} as the headers eventId, eventName and eventVersion.
 * Rows are only ever inserted by {@link Outbox}; Debezium reads them from the WAL.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    public UUID id;

    @Column(name = "aggregatetype", nullable = false)
    public String aggregateType;

    @Column(name = "aggregateid", nullable = false)
    public String aggregateId;

    @Column(name = "type", nullable = false)
    public String type;

    @Column(name = "eventversion", nullable = false)
    public int eventVersion;

    @Column(name = "timestamp", nullable = false)
    public Instant timestamp;

    /** The envelope as JSON text, stored as jsonb. */
    @Column(name = "payload", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String payload;
}

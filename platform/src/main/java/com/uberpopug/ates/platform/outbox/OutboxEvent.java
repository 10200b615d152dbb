package com.uberpopug.ates.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A service's outbox row as an entity: the columns of the event's {@link com.uberpopug.ates.events.OutboxRow}, which says how Debezium's
 * Outbox Event Router reads them. Rows are only ever inserted by {@link Outbox} (with plain SQL, a change's rows in one statement); Debezium reads
 * them from the WAL. The entity serves reading and pruning.
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

    /**
     * The W3C traceparent of the span that wrote the row, which Debezium sends as the Kafka header of the same name;
     * null outside a trace.
     */
    @Column(name = "traceparent")
    public String traceparent;
}

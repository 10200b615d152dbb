package com.uberpopug.ates.platform.outbox;

import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.OutboxRow;
import com.uberpopug.ates.events.ValidationResult;
import com.uberpopug.ates.platform.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The only way a service publishes an event: as an outbox row written in the transaction of the change it
 * describes, so that the change and the event commit together or not at all. Nothing here talks to Kafka;
 * Debezium carries committed rows from the WAL to the topic.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final EventValidator validator;
    private final MeterRegistry registry;
    private final String producer;
    private final Clock clock;
    private final Tracer tracer;

    public Outbox(
            EntityManager entityManager,
            EventValidator validator,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String producer,
            Clock clock,
            Tracer tracer) {
        this.entityManager = entityManager;
        this.validator = validator;
        this.registry = registry;
        this.producer = producer;
        this.clock = clock;
        this.tracer = tracer;
    }

    /**
     * Validates {@code data} as an event of {@code type} and writes it to the outbox. Must run inside the
     * caller's transaction: an event without the change it describes, or the reverse, is what the outbox exists
     * to prevent. The row carries the caller's trace ({@link EventTracing}): a consumer continues it.
     *
     * @return the envelope written, with its event id
     * @throws InvalidEventException when the event does not match its schema; the transaction then rolls back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> EventEnvelope<T> publish(EventType type, T data) {
        if (!type.producer().equals(producer)) {
            throw new IllegalStateException(
                    producer + " may not publish " + type.eventName() + ", which " + type.producer() + " owns");
        }
        // microseconds: what PostgreSQL keeps, so the event's time and the row's agree
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope<T> envelope = EventEnvelope.of(type, UUID.randomUUID(), data, now);
        ValidationResult result = validator.validate(envelope);
        if (!result.valid()) {
            throw new InvalidEventException(type.eventName(), type.eventVersion(), result);
        }
        OutboxRow outboxRow = OutboxRow.of(envelope);
        // the publish span, a child of the caller's; its traceparent goes with the row to the Kafka header
        String traceparent = EventTracing.published(tracer, type, envelope.eventId(), outboxRow.aggregateId());
        OutboxEvent row = OutboxEvent.of(outboxRow, traceparent);
        entityManager.persist(row);
        registry.counter(
                        "ates.outbox.events",
                        "event",
                        type.eventName(),
                        "version",
                        Integer.toString(type.eventVersion()))
                .increment();
        return envelope;
    }
}

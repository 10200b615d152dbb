package com.uberpopug.ates.platform.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.OutboxRow;
import com.uberpopug.ates.events.ValidationResult;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import com.uberpopug.ates.platform.tracing.EventTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * The only way a service publishes an event: as an outbox row written in the transaction of the change it
 * describes, so that the change and the event commit together or not at all. Nothing here talks to Kafka;
 * Debezium carries committed rows from the WAL to the topic.
 */
@ApplicationScoped
public class Outbox {

    /** A change's rows, one array per column: one statement and one round trip however many events it publishes. */
    private static final String INSERT = """
            INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, eventversion, timestamp, payload, traceparent)
            SELECT e.id, e.aggregatetype, e.aggregateid, e.type, e.eventversion, ?, e.payload::jsonb, e.traceparent
            FROM unnest(?, ?, ?, ?, ?, ?, ?) AS e(id, aggregatetype, aggregateid, type, eventversion, payload, traceparent)
            """;

    private final EntityManager entityManager;
    private final EventValidator validator;
    private final MeterRegistry registry;
    private final String producer;
    private final Clock clock;
    private final Tracer tracer;
    private final Map<EventType, Counter> counters = new ConcurrentHashMap<>();

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
    @SuppressWarnings("unchecked")
    public <T> EventEnvelope<T> publish(EventType type, T data) {
        return (EventEnvelope<T>) publishAll(List.of(NewEvent.of(type, data))).get(0);
    }

    /**
     * {@link #publish} for every event of a change at once, in their order: each validated against its schema and
     * turned into JSON once, and all their rows written with one statement. A change that publishes several events
     * (a task and its assignment, a poll's ledger entries, a reshuffle's moves) costs one round trip for them.
     *
     * @return the envelopes written, in the order given
     * @throws InvalidEventException when an event does not match its schema; nothing is written and the transaction
     *     rolls back
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EventEnvelope<?>> publishAll(List<? extends NewEvent<?>> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        // microseconds: what PostgreSQL keeps, so the event's time and the row's agree
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int n = events.size();
        List<EventEnvelope<?>> envelopes = new ArrayList<>(n);
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] names = new String[n];
        Integer[] versions = new Integer[n];
        String[] payloads = new String[n];
        String[] traceparents = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent<?> event = events.get(i);
            EventType type = event.type();
            if (!type.producer().equals(producer)) {
                throw new IllegalStateException(
                        producer + " may not publish " + type.eventName() + ", which " + type.producer() + " owns");
            }
            EventEnvelope<?> envelope = EventEnvelope.of(type, UUID.randomUUID(), event.data(), now);
            JsonNode json = EventJson.mapper().valueToTree(envelope);
            ValidationResult result = validator.validate(json);
            if (!result.valid()) {
                throw new InvalidEventException(type.eventName(), type.eventVersion(), result);
            }
            OutboxRow row = OutboxRow.of(envelope, json);
            // the publish span, a child of the event's trace; its traceparent goes with the row to the Kafka header
            try (Scope scope =
                    event.trace() == null ? Scope.noop() : event.trace().makeCurrent()) {
                traceparents[i] = EventTracing.published(tracer, type, envelope.eventId(), row.aggregateId());
            }
            ids[i] = row.id();
            topics[i] = row.aggregateType();
            keys[i] = row.aggregateId();
            names[i] = row.type();
            versions[i] = row.eventVersion();
            payloads[i] = row.payload();
            envelopes.add(envelope);
        }
        OffsetDateTime timestamp = now.atOffset(ZoneOffset.UTC);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, timestamp);
                SqlArrays.bind(insert, 2, "uuid", ids);
                SqlArrays.bind(insert, 3, "varchar", topics);
                SqlArrays.bind(insert, 4, "varchar", keys);
                SqlArrays.bind(insert, 5, "varchar", names);
                SqlArrays.bind(insert, 6, "int4", versions);
                SqlArrays.bind(insert, 7, "text", payloads);
                SqlArrays.bind(insert, 8, "text", traceparents);
                insert.executeUpdate();
            }
        });
        for (NewEvent<?> event : events) {
            counter(event.type()).increment();
        }
        return envelopes;
    }

    private Counter counter(EventType type) {
        return counters.computeIfAbsent(
                type,
                t -> registry.counter(
                        "ates.outbox.events", "event", t.eventName(), "version", Integer.toString(t.eventVersion())));
    }
}

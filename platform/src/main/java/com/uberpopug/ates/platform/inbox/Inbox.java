package com.uberpopug.ates.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.ValidationResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one way a service consumes events. Each record is parsed and checked against its schema; then, in one
 * transaction, the event id is recorded in {@code processed_event} and the handler applies the effect, so an
 * event delivered twice is applied once. A record that can never be applied is rejected at once; a handler
 * that keeps failing is retried with back-off and then given up. Either way the exception this method throws
 * makes SmallRye Reactive Messaging send the record to the channel's dead-letter topic with the exception's
 * message as the reason, and the consumer goes on with the next record.
 *
 * <p>Use it from a blocking, ordered {@code @Incoming} method whose channel has
 * {@code failure-strategy=dead-letter-queue}:
 *
 * <pre>{@code
 * @Incoming("tasks-stream")
 * @Blocking
 * void onTasksStream(ConsumerRecord<String, String> record) {
 *     inbox.process(record, this::apply);
 * }
 * }</pre>
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final EntityManager entityManager;
    private final EventValidator validator;
    private final MeterRegistry registry;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    public Inbox(EntityManager entityManager, EventValidator validator, MeterRegistry registry,
            @ConfigProperty(name = "ates.inbox.max-attempts", defaultValue = "5") int maxAttempts,
            @ConfigProperty(name = "ates.inbox.first-backoff", defaultValue = "PT0.1S") Duration firstBackoff,
            @ConfigProperty(name = "ates.inbox.max-backoff", defaultValue = "PT2S") Duration maxBackoff) {
        this.entityManager = entityManager;
        this.validator = validator;
        this.registry = registry;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Applies one record through {@code handler}, exactly once however often it is delivered.
     *
     * @throws RejectedEventException when the record can never be applied
     * @throws EventProcessingException when the handler still fails after every attempt
     */
    public void process(ConsumerRecord<String, String> record, EventHandler handler) {
        Timer.Sample sample = Timer.start(registry);
        InboundEvent event;
        try {
            event = parse(record);
        } catch (RejectedEventException e) {
            outcome(record.topic(), "unknown", "rejected", sample);
            LOG.warnf("rejected %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            throw e;
        }
        RuntimeException last = null;
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                boolean applied = QuarkusTransaction.requiringNew().call(() -> apply(event, handler));
                outcome(record.topic(), event.type().eventName(), applied ? "applied" : "duplicate", sample);
                if (!applied) {
                    LOG.debugf("%s was processed before; skipped", event);
                }
                return;
            } catch (RejectedEventException e) {
                outcome(record.topic(), event.type().eventName(), "rejected", sample);
                LOG.warnf("rejected %s: %s", event, e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                last = e;
                if (attempt < maxAttempts) {
                    LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms: %s", event, attempt, maxAttempts,
                            backoff.toMillis(), rootMessage(e));
                    sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), maxBackoff);
                }
            }
        }
        outcome(record.topic(), event.type().eventName(), "failed", sample);
        String reason = event + " still failing after " + maxAttempts + " attempts: " + rootMessage(last);
        LOG.error(reason, last);
        throw new EventProcessingException(reason, last);
    }

    private boolean apply(InboundEvent event, EventHandler handler) {
        int recorded = entityManager
                .createNativeQuery("INSERT INTO processed_event (event_id) VALUES (:id) ON CONFLICT DO NOTHING")
                .setParameter("id", event.eventId())
                .executeUpdate();
        if (recorded == 0) {
            return false;
        }
        handler.handle(event);
        return true;
    }

    private InboundEvent parse(ConsumerRecord<String, String> record) {
        if (record.value() == null || record.value().isBlank()) {
            throw new RejectedEventException("empty record: no event");
        }
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new RejectedEventException("not JSON: " + e.getOriginalMessage());
        }
        ValidationResult result = validator.validate(json);
        if (!result.valid()) {
            throw new RejectedEventException("invalid event: " + String.join("; ", result.reasons()));
        }
        EventType type = EventType.of(json.get("eventName").asText(), json.get("eventVersion").asInt())
                .orElseThrow(); // the validator refuses unknown (name, version) pairs
        Object data;
        try {
            data = EventJson.mapper().treeToValue(json.get("data"), type.dataType());
        } catch (JsonProcessingException e) {
            throw new RejectedEventException("data of " + type.eventName() + " v" + type.eventVersion()
                    + " does not map to " + type.dataType().getSimpleName() + ": " + e.getOriginalMessage());
        }
        return new InboundEvent(UUID.fromString(json.get("eventId").asText()), type,
                Instant.parse(json.get("eventTime").asText()), json.get("producer").asText(), data, record.key(),
                record.topic(), record.partition(), record.offset());
    }

    private void outcome(String topic, String eventName, String outcome, Timer.Sample sample) {
        sample.stop(registry.timer("ates.inbox.events", "topic", topic, "event", eventName, "outcome", outcome));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventProcessingException("interrupted while waiting to retry", e);
        }
    }
}

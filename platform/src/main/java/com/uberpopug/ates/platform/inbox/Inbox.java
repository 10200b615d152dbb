package com.uberpopug.ates.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.ValidationResult;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import com.uberpopug.ates.platform.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The one way a service consumes events: a poll of records, each parsed and checked against its schema, the new
 * events applied in ONE transaction together with their ids in {@code processed_event}, so an event delivered
 * twice is applied once and a poll costs one commit. Every failure is classified ({@link Failure}):
 * <ul>
 * <li>poison (not JSON, schema-invalid, an unknown name or version, an event on a topic it does not belong on,
 * refused by the consumer's rules): to the
 * channel's dead-letter topic at once, with the reason in the {@code dead-letter-reason} header and the original
 * headers; the rest of the poll goes on;</li>
 * <li>transient (database unreachable, pool exhausted, lock or statement timeout, serialization failure, deadlock):
 * never dead-lettered. The consumer waits and retries with capped back-off for as long as the fault lasts, its
 * readiness says so ({@link InboxReadiness}), and it resumes by itself;</li>
 * <li>anything else: the poll is applied one event at a time to find the event that fails; that one is retried a
 * few times with back-off and then dead-lettered with the reason, and the others are applied.</li>
 * </ul>
 *
 * <p>Use it from a blocking, ordered {@code @Incoming} method of a {@code batch=true} channel with
 * {@code failure-strategy=dead-letter-queue}:
 *
 * <pre>{@code
 * @Incoming("tasks-stream")
 * @Blocking
 * CompletionStage<Void> onTasksStream(KafkaRecordBatch<String, String> poll) {
 *     return inbox.process(poll, this::apply);
 * }
 * }</pre>
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    /**
     * The header the inbox adds to every record it dead-letters: the consumer group that could not apply it, so each
     * service finds its own dead letters on a dead-letter topic shared by all the services reading the topic.
     */
    public static final String DEAD_LETTER_GROUP = "dead-letter-group";

    private final EntityManager entityManager;
    private final EventValidator validator;
    private final MeterRegistry registry;
    private final InboxReadiness readiness;
    private final ConsumerChannels channels;
    private final Tracer tracer;
    private final Map<String, BatchHandler> handlers = new ConcurrentHashMap<>();
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration maxWaitBackoff;
    private volatile boolean stopping;

    public Inbox(
            EntityManager entityManager,
            EventValidator validator,
            MeterRegistry registry,
            @Readiness InboxReadiness readiness,
            ConsumerChannels channels,
            Tracer tracer,
            @ConfigProperty(name = "ates.inbox.max-attempts", defaultValue = "5") int maxAttempts,
            @ConfigProperty(name = "ates.inbox.first-backoff", defaultValue = "PT0.1S") Duration firstBackoff,
            @ConfigProperty(name = "ates.inbox.max-backoff", defaultValue = "PT2S") Duration maxBackoff,
            @ConfigProperty(name = "ates.inbox.max-wait-backoff", defaultValue = "PT5S") Duration maxWaitBackoff) {
        this.entityManager = entityManager;
        this.validator = validator;
        this.registry = registry;
        this.readiness = readiness;
        this.channels = channels;
        this.tracer = tracer;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.maxWaitBackoff = maxWaitBackoff;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Applies a poll event by event in order, each through {@code handler}, in one transaction where it can. */
    public CompletionStage<Void> process(KafkaRecordBatch<String, String> poll, EventHandler handler) {
        return processAll(poll, eachInItsTrace(handler));
    }

    /**
     * A batch handler that applies one event at a time, each with its own span current, so that what the handler
     * publishes for an event belongs to that event's trace.
     */
    private static BatchHandler eachInItsTrace(EventHandler handler) {
        return events -> {
            for (InboundEvent event : events) {
                try (Scope scope = event.trace().makeCurrent()) {
                    handler.handle(event);
                }
            }
        };
    }

    /**
     * Applies a poll through {@code handler}, which gets the new events of the poll in order (it may apply them as
     * one set), in one transaction where it can; dead-letters what can never be applied; acknowledges the poll.
     * While the service stops during a wait for a transient fault, the poll is left unacknowledged: it is
     * delivered again after the restart.
     */
    public CompletionStage<Void> processAll(KafkaRecordBatch<String, String> poll, BatchHandler handler) {
        List<KafkaRecord<String, String>> records = poll.getRecords();
        List<ConsumerRecord<String, String>> consumerRecords = new ArrayList<>(records.size());
        String channel = null;
        for (KafkaRecord<String, String> record : records) {
            IncomingKafkaRecordMetadata metadata =
                    record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            channel = metadata.getChannel();
            consumerRecords.add(metadata.getRecord());
        }
        Map<Integer, RuntimeException> deadLetters;
        try {
            deadLetters = apply(consumerRecords, handler);
        } catch (StoppingException e) {
            return new CompletableFuture<>(); // never acknowledged: redelivered after the restart
        }
        // to the channel's dead-letter topic with the reason and this consumer's group; the rest of the poll goes on
        Metadata group = deadLetterMetadata(
                channel,
                consumerRecords.isEmpty() ? null : consumerRecords.get(0).topic());
        deadLetters.forEach((index, reason) -> {
            // counted here, where a record really goes to the dead-letter topic (a replay that fails again does not)
            registry.counter(
                            "ates.inbox.dead.lettered",
                            "topic",
                            consumerRecords.get(index).topic(),
                            "reason",
                            reason instanceof RejectedEventException ? "rejected" : "failed")
                    .increment();
            records.get(index).nack(reason, group).toCompletableFuture().join();
        });
        return poll.ack();
    }

    /**
     * Names the handler the consumer of {@code topic} applies its polls with, so that a replay of the topic's dead
     * letters ({@link DeadLetters}) can go through it from the start, before the first poll has arrived. Every
     * consumer calls it at startup for each topic it reads; a topic with no handler named cannot be replayed.
     */
    public void handles(String topic, BatchHandler handler) {
        handlers.put(topic, handler);
    }

    /** {@link #handles(String, BatchHandler)} for a consumer that applies one event at a time. */
    public void handlesEach(String topic, EventHandler handler) {
        handles(topic, eachInItsTrace(handler));
    }

    /** The handler the consumer of {@code topic} named at startup, if it named one. */
    Optional<BatchHandler> handlerOf(String topic) {
        return Optional.ofNullable(handlers.get(topic));
    }

    private Metadata deadLetterMetadata(String channel, String topic) {
        String group = channels.ofIncoming(channel, topic)
                .map(ConsumerChannels.Channel::group)
                .orElse(null);
        if (group == null) {
            return Metadata.empty();
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(DEAD_LETTER_GROUP, group.getBytes(StandardCharsets.UTF_8));
        return Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withHeaders(headers)
                .build());
    }

    /**
     * Applies {@code records} through {@code handler}: in one transaction if all goes well, else one event at a
     * time. Waits out transient faults for as long as they last.
     *
     * @return the records (by index) that can never be applied, each with the exception that gives the reason
     */
    public Map<Integer, RuntimeException> apply(List<ConsumerRecord<String, String>> records, BatchHandler handler) {
        Map<Integer, RuntimeException> deadLetters = new TreeMap<>();
        Map<Integer, InboundEvent> events = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            try {
                events.put(i, parse(record));
            } catch (RejectedEventException e) {
                LOG.warnf("rejected %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                deadLetter(record.topic(), "unknown", "rejected", e, deadLetters, i);
            }
        }
        if (events.isEmpty()) {
            return deadLetters;
        }
        String topic = records.get(0).topic();
        if (events.size() > 1) {
            Timer.Sample sample = Timer.start(registry);
            Failure failure = untilNotTransient(topic, List.copyOf(events.values()), handler);
            if (failure == null) {
                events.values().forEach(e -> sample.stop(timer(e, "applied")));
                return deadLetters;
            }
            LOG.infof("a poll of %d events failed (%s); applying them one by one", events.size(), failure.reason());
            // the poll's try counts as the first attempt of the event that failed it
            events.forEach((index, event) -> applyOne(event, handler, deadLetters, index, 2));
            return deadLetters;
        }
        events.forEach((index, event) -> applyOne(event, handler, deadLetters, index, 1));
        return deadLetters;
    }

    /** One record, through the same pipeline; throws the exception that gives the reason when it can never apply. */
    public void apply(ConsumerRecord<String, String> record, EventHandler handler) {
        Map<Integer, RuntimeException> deadLetters = apply(List.of(record), eachInItsTrace(handler));
        if (!deadLetters.isEmpty()) {
            throw deadLetters.get(0);
        }
    }

    private void applyOne(
            InboundEvent event,
            BatchHandler handler,
            Map<Integer, RuntimeException> deadLetters,
            int index,
            int firstAttempt) {
        // in the event's trace: what is logged of its attempts names the trace (the log's traceId)
        try (Scope scope = event.trace().makeCurrent()) {
            applyOneInItsTrace(event, handler, deadLetters, index, firstAttempt);
        }
    }

    private void applyOneInItsTrace(
            InboundEvent event,
            BatchHandler handler,
            Map<Integer, RuntimeException> deadLetters,
            int index,
            int firstAttempt) {
        Timer.Sample sample = Timer.start(registry);
        Duration backoff = firstBackoff;
        for (int attempt = firstAttempt; ; attempt++) {
            Failure failure = untilNotTransient(event.topic(), List.of(event), handler);
            if (failure == null) {
                sample.stop(timer(event, "applied"));
                return;
            }
            if (failure.kind() == Failure.Kind.POISON) {
                LOG.warnf("rejected %s: %s", event, failure.reason());
                deadLetter(
                        event.topic(),
                        event.type().eventName(),
                        "rejected",
                        new RejectedEventException(failure.reason()),
                        deadLetters,
                        index);
                return;
            }
            if (attempt >= maxAttempts) {
                String reason = event + " still failing after " + maxAttempts + " attempts: " + failure.reason();
                LOG.error(reason, failure.cause());
                deadLetter(
                        event.topic(),
                        event.type().eventName(),
                        "failed",
                        new EventProcessingException(reason, failure.cause()),
                        deadLetters,
                        index);
                return;
            }
            LOG.warnf(
                    "%s failed (attempt %d of %d), retrying in %d ms: %s",
                    event, attempt, maxAttempts, backoff.toMillis(), failure.reason());
            sleep(backoff);
            backoff = min(backoff.multipliedBy(2), maxBackoff);
        }
    }

    /**
     * Applies {@code events} in one transaction, retrying for as long as the failure is transient.
     *
     * @return null once applied, else the (not transient) failure
     */
    private Failure untilNotTransient(String topic, List<InboundEvent> events, BatchHandler handler) {
        String consumer = Thread.currentThread().getName();
        Duration backoff = firstBackoff;
        Instant since = null;
        try {
            while (true) {
                Failure failure;
                try {
                    int fresh = QuarkusTransaction.requiringNew().call(() -> applyNew(events, handler));
                    if (fresh < events.size()) {
                        LOG.debugf(
                                "%d of %d events were processed before; skipped", events.size() - fresh, events.size());
                    }
                    registry.counter("ates.inbox.duplicates", "topic", topic).increment(events.size() - fresh);
                    if (since != null) {
                        LOG.infof(
                                "%s: applied again after waiting %d s for a transient fault",
                                topic, Duration.between(since, Instant.now()).toSeconds());
                    }
                    return null;
                } catch (RuntimeException e) {
                    failure = Failure.of(e);
                }
                if (failure.kind() != Failure.Kind.TRANSIENT) {
                    return failure;
                }
                if (since == null) {
                    since = Instant.now();
                }
                readiness.waiting(consumer, topic, failure.reason());
                registry.counter("ates.inbox.transient.failures", "topic", topic)
                        .increment();
                LOG.warnf(
                        "%s: %d event(s) wait for a transient fault to pass, retrying in %d ms: %s",
                        topic, events.size(), backoff.toMillis(), failure.reason());
                sleep(backoff);
                backoff = min(backoff.multipliedBy(2), maxWaitBackoff);
            }
        } finally {
            readiness.resumed(consumer);
        }
    }

    /** In the caller's transaction: records the ids, applies the events not processed before; answers how many. */
    private int applyNew(List<InboundEvent> events, BatchHandler handler) {
        Map<UUID, InboundEvent> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.eventId(), event));
        Set<UUID> recorded = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Set<UUID> ids = new HashSet<>();
            try (var insert = connection.prepareStatement("INSERT INTO processed_event (event_id) "
                    + "SELECT unnest(?) ON CONFLICT DO NOTHING RETURNING event_id")) {
                SqlArrays.bind(insert, 1, "uuid", byId.keySet().toArray());
                try (var rows = insert.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
        List<InboundEvent> fresh = byId.values().stream()
                .filter(event -> recorded.contains(event.eventId()))
                .toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        // each event's span, a child of its producer's, open while the poll is applied; a batch handler runs with
        // the first one current and hands each event's own on to what it publishes for it (InboundEvent.trace)
        List<Span> spans = new ArrayList<>(fresh.size());
        List<InboundEvent> traced = new ArrayList<>(fresh.size());
        for (InboundEvent event : fresh) {
            Span span = EventTracing.consuming(
                    tracer,
                    event.trace(),
                    event.type(),
                    event.eventId(),
                    event.topic(),
                    event.partition(),
                    event.offset());
            spans.add(span);
            traced.add(event.inTrace(event.trace().with(span)));
        }
        RuntimeException failure = null;
        try (Scope scope = traced.get(0).trace().makeCurrent()) {
            handler.handle(traced);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            EventTracing.end(spans, failure);
        }
        return fresh.size();
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
        EventType type = EventType.of(
                        json.get("eventName").asText(), json.get("eventVersion").asInt())
                .orElseThrow(); // the validator refuses unknown (name, version) pairs
        if (!type.topic().topicName().equals(record.topic())) {
            throw new RejectedEventException(type.eventName() + " v" + type.eventVersion() + " belongs on "
                    + type.topic().topicName() + ", not on " + record.topic());
        }
        Object data;
        try {
            data = EventJson.mapper().treeToValue(json.get("data"), type.dataType());
        } catch (JsonProcessingException e) {
            throw new RejectedEventException("data of " + type.eventName() + " v" + type.eventVersion()
                    + " does not map to " + type.dataType().getSimpleName() + ": " + e.getOriginalMessage());
        }
        return new InboundEvent(
                UUID.fromString(json.get("eventId").asText()),
                type,
                Instant.parse(json.get("eventTime").asText()),
                json.get("producer").asText(),
                data,
                record.key(),
                record.topic(),
                record.partition(),
                record.offset(),
                EventTracing.of(record));
    }

    private void deadLetter(
            String topic,
            String eventName,
            String outcome,
            RuntimeException reason,
            Map<Integer, RuntimeException> deadLetters,
            int index) {
        registry.timer("ates.inbox.events", "topic", topic, "event", eventName, "outcome", outcome)
                .record(Duration.ZERO);
        deadLetters.put(index, reason);
    }

    private Timer timer(InboundEvent event, String outcome) {
        return registry.timer(
                "ates.inbox.events",
                "topic",
                event.topic(),
                "event",
                event.type().eventName(),
                "outcome",
                outcome);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sleep(Duration duration) {
        if (stopping) {
            throw new StoppingException();
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppingException();
        }
    }

    /** What a consumer gets in its own hands; {@link EventHandler} is the one-event form. */
    @FunctionalInterface
    public interface BatchHandler {

        /** Applies events in their order, inside the transaction that records them as processed. */
        void handle(List<InboundEvent> events);
    }

    /** The service stops while a poll waits: the poll is left for the next start. */
    private static final class StoppingException extends RuntimeException {
        StoppingException() {
            super("the service is stopping", null, false, false);
        }
    }
}

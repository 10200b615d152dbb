package com.uberpopug.ates.platform.tracing;

import com.uberpopug.ates.events.EventType;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One trace from a request to every consumer, across the outbox. The producing transaction stores the W3C
 * {@code traceparent} of its publish span with the outbox row; Debezium's Outbox Event Router carries the column into
 * the Kafka header {@value #HEADER}; the consumer's span continues that trace, and what the consumer publishes in
 * turn (billing's Transaction.Applied) carries it on to the next consumer.
 *
 * <p>The W3C format is read and written here directly, whatever propagators the service is configured with: the
 * header is part of the events' contract between the services, not of one service's tracing setup.
 */
public final class EventTracing {

    /** The Kafka header, and the outbox column, that carry the trace of an event. */
    public static final String HEADER = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private EventTracing() {}

    /**
     * Opens and ends the span of writing {@code type} to the outbox, a child of the caller's span (the HTTP request,
     * the consumed event, the scheduled job), and answers its traceparent for the row; null when there is no trace.
     */
    public static String published(Tracer tracer, EventType type, UUID eventId, String key) {
        Span span = tracer.spanBuilder("publish " + type.eventName())
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "publish")
                .setAttribute("messaging.destination.name", type.topic().topicName())
                .setAttribute("messaging.message.id", eventId.toString())
                .setAttribute("messaging.kafka.message.key", key)
                .setAttribute("ates.event.version", type.eventVersion())
                .startSpan();
        try {
            return traceparent(Context.current().with(span));
        } finally {
            span.end();
        }
    }

    /** The traceparent of {@code context}'s span; null when it has no valid span. */
    public static String traceparent(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        return carrier.get(HEADER);
    }

    /**
     * The trace a record belongs to, from its {@value #HEADER} header: the root context when it has none or one that
     * is not a valid traceparent. Debezium Server writes header values as JSON, so the value may come quoted.
     */
    public static Context of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return Context.root();
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return W3C.extract(Context.root(), Map.of(HEADER, value), MAP);
    }

    /**
     * Opens the span of applying one event in a consumer: a child of the producer's span, so that the consumer's
     * work and what it publishes belong to the producer's trace. The caller ends it.
     */
    public static Span consuming(
            Tracer tracer, Context producer, EventType type, UUID eventId, String topic, int partition, long offset) {
        return tracer.spanBuilder("consume " + type.eventName())
                .setParent(producer)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.destination.partition.id", Integer.toString(partition))
                .setAttribute("messaging.kafka.offset", offset)
                .setAttribute("messaging.message.id", eventId.toString())
                .setAttribute("ates.event.version", type.eventVersion())
                .startSpan();
    }

    /** Ends {@code spans}, marked failed with {@code failure} when there is one. */
    public static void end(List<Span> spans, RuntimeException failure) {
        for (Span span : spans) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, failure.getMessage());
            }
            span.end();
        }
    }
}

package com.uberpopug.ates.platform.inbox;

import com.uberpopug.ates.events.EventType;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.UUID;

/**
 * An event that arrived, passed its schema and is being applied: the envelope's fields, {@code data} as the
 * record of its {@link EventType}, where it came from, and the trace it belongs to ({@code trace}: while it is applied,
 * the consumer's span of it; what the consumer publishes for it belongs there, see {@code EventTracing}).
 */
public record InboundEvent(
        UUID eventId,
        EventType type,
        Instant eventTime,
        String producer,
        Object data,
        String key,
        String topic,
        int partition,
        long offset,
        Context trace) {

    /** The same event in {@code trace}: the consumer's span of it, once the Inbox has opened one. */
    public InboundEvent inTrace(Context trace) {
        return new InboundEvent(eventId, type, eventTime, producer, data, key, topic, partition, offset, trace);
    }

    /** {@code data} as the record its type says it is. */
    public <T> T data(Class<T> dataType) {
        if (!dataType.isInstance(data)) {
            throw new IllegalArgumentException(type.eventName() + " v" + type.eventVersion() + " carries "
                    + data.getClass().getSimpleName() + ", not " + dataType.getSimpleName());
        }
        return dataType.cast(data);
    }

    @Override
    public String toString() {
        return type.eventName() + " v" + type.eventVersion() + " " + eventId + " (" + topic + "-" + partition + "@"
                + offset + ", key " + key + ")";
    }
}

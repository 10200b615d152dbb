package com.uberpopug.ates.platform.inbox;

import com.uberpopug.ates.events.EventType;
import java.time.Instant;
import java.util.UUID;

/**
 * An event that arrived, passed its schema and is being applied: the envelope's fields, {@code data} as the
 * record of its {@link EventType}, and where it came from.
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
        long offset) {

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

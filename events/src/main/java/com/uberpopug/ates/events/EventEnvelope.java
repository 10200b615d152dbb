package com.uberpopug.ates.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every Kafka record carries: who wrote which event, when, and the event itself in {@code data}.
 * {@code eventId} is what consumers deduplicate on, since delivery is at least once.
 */
public record EventEnvelope<T>(
        UUID eventId, String eventName, int eventVersion, Instant eventTime, String producer, T data) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(data, "data");
    }

    /** An envelope for {@code data} of the given type, written by the type's producer at {@code now}. */
    public static <T> EventEnvelope<T> of(EventType type, UUID eventId, T data, Instant now) {
        if (!type.dataType().isInstance(data)) {
            throw new IllegalArgumentException(type.eventName() + " v" + type.eventVersion() + " carries "
                    + type.dataType().getSimpleName() + ", not "
                    + data.getClass().getSimpleName());
        }
        return new EventEnvelope<>(eventId, type.eventName(), type.eventVersion(), now, type.producer(), data);
    }

    /** As {@link #of(EventType, UUID, Object, Instant)} with a random event id. */
    public static <T> EventEnvelope<T> of(EventType type, T data, Instant now) {
        return of(type, UUID.randomUUID(), data, now);
    }

    /** The (name, version) of this envelope, or empty when the system does not know it. */
    public java.util.Optional<EventType> type() {
        return EventType.of(eventName, eventVersion);
    }
}

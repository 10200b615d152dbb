package com.uberpopug.ates.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as a row of an {@code outbox_event} table in Debezium's outbox layout, the one mapping every producer
 * (the services and Keycloak) writes through. Debezium's Outbox Event Router sends {@code payload}, the whole
 * envelope, to the topic named by {@code aggregateType}, keyed by {@code aggregateId}, with {@code id}, {@code type}
 * and {@code eventVersion} as the headers eventId, eventName and eventVersion.
 */
public record OutboxRow(
        UUID id,
        String aggregateType,
        String aggregateId,
        String type,
        int eventVersion,
        Instant timestamp,
        String payload) {

    /**
     * The row that carries {@code envelope}: its topic and key come from the envelope's {@link EventType}, the key
     * being the value of the type's {@link EventType#keyField()} in {@code data} as the JSON has it.
     *
     * @throws IllegalArgumentException when the system does not know the event or its data lacks the key
     */
    public static OutboxRow of(EventEnvelope<?> envelope) {
        return of(envelope, EventJson.mapper().valueToTree(envelope));
    }

    /**
     * The row that carries {@code envelope}, given as {@code json} too (its {@link EventJson} tree), for a producer
     * that has the tree already (it validated it): the event is turned into JSON once.
     */
    public static OutboxRow of(EventEnvelope<?> envelope, JsonNode json) {
        EventType type = envelope.type()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown event " + envelope.eventName() + " v" + envelope.eventVersion()));
        JsonNode key = json.path("data").path(type.keyField());
        if (!key.isValueNode() || key.isNull()) {
            throw new IllegalArgumentException(
                    type.eventName() + " v" + type.eventVersion() + " has no data." + type.keyField() + " to key it");
        }
        try {
            return new OutboxRow(
                    envelope.eventId(),
                    type.topic().topicName(),
                    key.asText(),
                    type.eventName(),
                    type.eventVersion(),
                    envelope.eventTime(),
                    EventJson.mapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + type.eventName() + " as JSON", e);
        }
    }
}

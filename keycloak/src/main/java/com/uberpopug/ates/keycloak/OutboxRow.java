package com.uberpopug.ates.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import java.util.UUID;

/**
 * One row of Keycloak's {@code outbox_event} table in Debezium's outbox layout: the Outbox Event Router sends
 * {@code payload} to the topic named by {@code aggregatetype}, keyed by {@code aggregateid}, with {@code id},
 * {@code type} and {@code eventversion} as the headers eventId, eventName and eventVersion.
 */
public record OutboxRow(
        UUID id, String aggregateType, String aggregateId, String type, int eventVersion, String payload) {

    /** The row that carries an envelope; its key is the aggregate id (for accounts, the Keycloak user id). */
    public static OutboxRow of(EventEnvelope<?> envelope, String aggregateId) {
        EventType type = envelope.type()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown event " + envelope.eventName() + " v" + envelope.eventVersion()));
        try {
            return new OutboxRow(
                    envelope.eventId(),
                    type.topic().topicName(),
                    aggregateId,
                    type.eventName(),
                    type.eventVersion(),
                    EventJson.mapper().writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + type.eventName() + " as JSON", e);
        }
    }
}

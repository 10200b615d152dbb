package com.uberpopug.ates.keycloak;

import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.OutboxRow;
import com.uberpopug.ates.events.ValidationResult;
import jakarta.persistence.EntityManager;

/**
 * Appends events to Keycloak's {@code outbox_event} table through the session's entity manager, so the row
 * commits or rolls back with the change that caused it. Every event is checked against its schema first.
 */
public final class AccountOutbox {

    // no timestamp: the column's default, now() of the writing transaction, orders and ages the rows (pruning)
    private static final String INSERT = "INSERT INTO outbox_event "
            + "(id, aggregatetype, aggregateid, type, eventversion, payload) "
            + "VALUES (:id, :aggregateType, :aggregateId, :type, :eventVersion, CAST(:payload AS jsonb))";

    private final EntityManager entityManager;
    private final EventValidator validator;

    public AccountOutbox(EntityManager entityManager, EventValidator validator) {
        this.entityManager = entityManager;
        this.validator = validator;
    }

    /** Validates the envelope and writes its row, keyed by the account id its data carries. */
    public OutboxRow append(EventEnvelope<?> envelope) {
        ValidationResult result = validator.validate(envelope);
        if (!result.valid()) {
            throw new IllegalStateException(envelope.eventName() + " v" + envelope.eventVersion() + " "
                    + envelope.eventId() + " breaks its schema: " + String.join("; ", result.reasons()));
        }
        OutboxRow row = OutboxRow.of(envelope);
        entityManager
                .createNativeQuery(INSERT)
                .setParameter("id", row.id())
                .setParameter("aggregateType", row.aggregateType())
                .setParameter("aggregateId", row.aggregateId())
                .setParameter("type", row.type())
                .setParameter("eventVersion", row.eventVersion())
                .setParameter("payload", row.payload())
                .executeUpdate();
        return row;
    }
}

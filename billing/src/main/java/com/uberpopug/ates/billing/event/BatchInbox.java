package com.uberpopug.ates.billing.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import com.uberpopug.ates.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The platform {@link Inbox}'s guarantees for a whole poll of records at once: every record checked against its
 * schema, the ids of the new events recorded in {@code processed_event} and their effects applied in ONE
 * transaction, so each event is applied exactly once and a poll costs one commit. It only ever takes the happy
 * path: should any record fail to parse or the effect fail, it rolls back and says so, and the caller hands the
 * records to the platform Inbox one by one, which retries and dead-letters each as it always does.
 */
@ApplicationScoped
public class BatchInbox {

    private static final Logger LOG = Logger.getLogger(BatchInbox.class);

    private final EntityManager entityManager;
    private final EventValidator validator;
    private final MeterRegistry registry;

    public BatchInbox(EntityManager entityManager, EventValidator validator, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.validator = validator;
        this.registry = registry;
    }

    /**
     * Applies the new events among {@code records} through {@code handler}, in their order, in one transaction.
     *
     * @return false, with nothing applied, when a record is not a valid event or the handler failed
     */
    public boolean process(List<ConsumerRecord<String, String>> records, Consumer<List<InboundEvent>> handler) {
        List<InboundEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            InboundEvent event = parse(record);
            if (event == null) {
                return false;
            }
            events.add(event);
        }
        try {
            int applied = QuarkusTransaction.requiringNew().call(() -> {
                List<InboundEvent> fresh = recordNew(events);
                handler.accept(fresh);
                return fresh.size();
            });
            registry.counter("ates.billing.batch.events", "outcome", "applied").increment(applied);
            registry.counter("ates.billing.batch.events", "outcome", "duplicate").increment(events.size() - applied);
            return true;
        } catch (RuntimeException e) {
            LOG.infof("a batch of %d events failed (%s); applying them one by one", events.size(), e.getMessage());
            return false;
        }
    }

    /** Records the events' ids as processed; answers those not processed before, first copies only, in order. */
    private List<InboundEvent> recordNew(List<InboundEvent> events) {
        Map<UUID, InboundEvent> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.eventId(), event));
        Set<UUID> recorded = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Set<UUID> ids = new HashSet<>();
            try (var insert = connection.prepareStatement("INSERT INTO processed_event (event_id) "
                    + "SELECT unnest(?) ON CONFLICT DO NOTHING RETURNING event_id")) {
                insert.setArray(1, connection.createArrayOf("uuid", byId.keySet().toArray()));
                try (var rows = insert.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
        return byId.values().stream().filter(event -> recorded.contains(event.eventId())).toList();
    }

    /** The record as an event, or null when it is not one the Inbox would apply. */
    private InboundEvent parse(ConsumerRecord<String, String> record) {
        try {
            JsonNode json = EventJson.mapper().readTree(record.value());
            if (!validator.validate(json).valid()) {
                return null;
            }
            EventType type = EventType.of(json.get("eventName").asText(), json.get("eventVersion").asInt())
                    .orElse(null);
            if (type == null) {
                return null;
            }
            return new InboundEvent(UUID.fromString(json.get("eventId").asText()), type,
                    Instant.parse(json.get("eventTime").asText()), json.get("producer").asText(),
                    EventJson.mapper().treeToValue(json.get("data"), type.dataType()), record.key(), record.topic(),
                    record.partition(), record.offset());
        } catch (Exception notAnEvent) {
            return null;
        }
    }
}

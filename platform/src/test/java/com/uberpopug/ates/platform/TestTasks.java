package com.uberpopug.ates.platform;

import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.platform.outbox.NewEvent;
import com.uberpopug.ates.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The producing side of the test application: a domain write and its event in one transaction. */
@ApplicationScoped
public class TestTasks {

    private final EntityManager entityManager;
    private final Outbox outbox;

    TestTasks(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /** Inserts a task and publishes Task.Created v2; {@code failAfterWriting} rolls both back at the end. */
    @Transactional
    public EventEnvelope<TaskCreatedV2> create(UUID id, String title, String jiraId, boolean failAfterWriting) {
        entityManager
                .createNativeQuery("INSERT INTO test_task (id, title) VALUES (:id, :title)")
                .setParameter("id", id)
                .setParameter("title", title)
                .executeUpdate();
        EventEnvelope<TaskCreatedV2> event = outbox.publish(
                EventType.TASK_CREATED_V2, new TaskCreatedV2(id, title, jiraId, "described", Instant.now()));
        if (failAfterWriting) {
            throw new IllegalStateException("the domain rule failed after the event was written");
        }
        return event;
    }

    /**
     * Inserts the tasks and publishes a Task.Created v2 for each, all in one transaction with one
     * {@code publishAll}; a blank title is refused by the event's schema and rolls all of them back.
     */
    @Transactional
    public List<EventEnvelope<?>> createAll(List<UUID> ids, List<String> titles) {
        entityManager
                .createNativeQuery("INSERT INTO test_task (id, title) SELECT * FROM unnest(:ids, :titles)")
                .setParameter("ids", ids.toArray(UUID[]::new))
                .setParameter("titles", titles.toArray(String[]::new))
                .executeUpdate();
        Instant now = Instant.now();
        List<NewEvent<?>> events = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            events.add(NewEvent.of(
                    EventType.TASK_CREATED_V2, new TaskCreatedV2(ids.get(i), titles.get(i), null, "described", now)));
        }
        return outbox.publishAll(events);
    }

    @Transactional
    public long outboxRows(UUID taskId) {
        return ((Number) entityManager
                        .createNativeQuery("SELECT count(*) FROM outbox_event WHERE aggregateid = :id")
                        .setParameter("id", taskId.toString())
                        .getSingleResult())
                .longValue();
    }
}

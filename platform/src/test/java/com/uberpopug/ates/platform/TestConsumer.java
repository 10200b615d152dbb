package com.uberpopug.ates.platform;

import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import com.uberpopug.ates.platform.inbox.Inbox;
import com.uberpopug.ates.platform.inbox.RejectedEventException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The consuming side of the test application, written as every service writes its consumers. Titles steer the
 * failures: {@code reject} is refused by the consumer's rules, {@code always-fails} fails every attempt,
 * {@code fails-twice} fails twice and then succeeds.
 */
@ApplicationScoped
public class TestConsumer {

    private final Inbox inbox;
    private final EntityManager entityManager;
    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();

    TestConsumer(Inbox inbox, EntityManager entityManager) {
        this.inbox = inbox;
        this.entityManager = entityManager;
    }

    /** Names the handler for replays of its dead letters, as every consumer does at startup. */
    void declareHandler(@Observes StartupEvent start) {
        inbox.handles("tasks-stream", this::applyAll);
    }

    @Incoming("tasks-stream")
    @Blocking
    CompletionStage<Void> onTasksStream(KafkaRecordBatch<String, String> poll) {
        return inbox.processAll(poll, this::applyAll);
    }

    /** The consumer's rules refuse this task until {@link #accept}: a cause that is later fixed. */
    void refuse(UUID taskId) {
        refused.add(taskId);
    }

    void accept(UUID taskId) {
        refused.remove(taskId);
    }

    int attempts(UUID taskId) {
        AtomicInteger count = attempts.get(taskId);
        return count == null ? 0 : count.get();
    }

    /** A poll's new events: each checked against the rules in order, then all their rows with one statement. */
    private void applyAll(List<InboundEvent> events) {
        List<UUID> ids = new ArrayList<>(events.size());
        List<String> titles = new ArrayList<>(events.size());
        List<String> jiraIds = new ArrayList<>(events.size());
        List<Integer> versions = new ArrayList<>(events.size());
        for (InboundEvent event : events) {
            TaskCreatedV2 task = check(event);
            if (task != null) {
                ids.add(task.taskId());
                titles.add(task.title());
                jiraIds.add(task.jiraId());
                versions.add(event.type().eventVersion());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        entityManager
                .createNativeQuery("INSERT INTO applied_task (task_id, title, jira_id, event_version) "
                        + "SELECT * FROM unnest(:ids, :titles, :jiraIds, :versions)")
                .setParameter("ids", ids.toArray(UUID[]::new))
                .setParameter("titles", titles.toArray(String[]::new))
                .setParameter("jiraIds", jiraIds.toArray(String[]::new))
                .setParameter("versions", versions.toArray(Integer[]::new))
                .executeUpdate();
    }

    /** The task an event creates, if the rules let it be applied; null for an event this consumer ignores. */
    private TaskCreatedV2 check(InboundEvent event) {
        TaskCreatedV2 task = switch (event.type()) {
            case TASK_CREATED_V1 -> event.data(TaskCreatedV1.class).toV2();
            case TASK_CREATED_V2 -> event.data(TaskCreatedV2.class);
            default -> null;
        };
        if (task == null) {
            return null;
        }
        int attempt = attempts.computeIfAbsent(task.taskId(), id -> new AtomicInteger())
                .incrementAndGet();
        if (refused.contains(task.taskId())) {
            throw new RejectedEventException("task " + task.taskId() + " is refused until its cause is fixed");
        }
        switch (task.title()) {
            case "reject" -> throw new RejectedEventException("a task titled 'reject' is refused by the rules");
            case "always-fails" -> throw new IllegalStateException("the effect cannot be written");
            case "fails-twice" -> {
                if (attempt <= 2) {
                    throw new IllegalStateException("a transient failure");
                }
            }
            default -> {}
        }
        return task;
    }
}

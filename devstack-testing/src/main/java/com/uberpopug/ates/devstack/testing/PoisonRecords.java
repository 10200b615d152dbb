package com.uberpopug.ates.devstack.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records no consumer can ever apply, one of each kind: not JSON, invalid against its schema, of an unknown
 * version, a valid event on a topic it does not belong on. Every service dead-letters them the same way, with the reason; {@link #sendAndAwaitDeadLetters} checks
 * it for a topic the service reads.
 */
public final class PoisonRecords {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private PoisonRecords() {}

    /** A poison record as sent, and the beginning of the reason its dead letter must carry. */
    public record Poison(String value, String reason) {}

    /** Sends one poison record of each kind to {@code topic}; answers them with the reason each must be given. */
    public static List<Poison> send(String topic) {
        String id = UUID.randomUUID().toString();
        List<Poison> poisons = List.of(
                new Poison("{not json " + id, "not JSON"),
                new Poison("""
                        {"eventId":"%s","eventName":"Task.Completed","eventVersion":1,
                         "eventTime":"2026-03-03T10:00:00Z","producer":"tasks","data":{"taskId":"%s"}}""".formatted(UUID.randomUUID(), id), "invalid event: "),
                new Poison("""
                        {"eventId":"%s","eventName":"Task.Created","eventVersion":99,
                         "eventTime":"2026-03-03T10:00:00Z","producer":"tasks","data":{"taskId":"%s"}}""".formatted(UUID.randomUUID(), id), "invalid event: unknown version 99 of Task.Created"),
                misplaced(topic, id));
        poisons.forEach(poison -> KafkaTopics.send(topic, id, poison.value()));
        return poisons;
    }

    /** A valid event of another topic than {@code topic}. */
    private static Poison misplaced(String topic, String id) {
        if (topic.equals("accounts-stream")) {
            return new Poison(
                    """
                    {"eventId":"%s","eventName":"Task.Completed","eventVersion":1,
                     "eventTime":"2026-03-03T10:00:00Z","producer":"tasks",
                     "data":{"taskId":"%s","assigneeId":"nobody","completedAt":"2026-03-03T10:00:00Z"}}""".formatted(UUID.randomUUID(), id),
                    "Task.Completed v1 belongs on tasks-lifecycle, not on " + topic);
        }
        return new Poison(
                """
                {"eventId":"%s","eventName":"Account.Deleted","eventVersion":1,
                 "eventTime":"2026-03-03T10:00:00Z","producer":"keycloak","data":{"accountId":"%s"}}""".formatted(UUID.randomUUID(), id), "Account.Deleted v1 belongs on accounts-stream, not on " + topic);
    }

    /**
     * Sends the poison records to {@code topic} and waits until each is on {@code topic.dlq}; answers the dead
     * letters found, in the order the poisons were sent, for the caller to check their reasons.
     */
    public static List<ConsumerRecord<String, String>> sendAndAwaitDeadLetters(String topic) {
        List<Poison> poisons = send(topic);
        List<ConsumerRecord<String, String>> read = KafkaTopics.readUntil(
                topic + ".dlq",
                WAIT,
                records -> poisons.stream()
                        .allMatch(p -> records.stream().anyMatch(r -> p.value().equals(r.value()))));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        for (Poison poison : poisons) {
            ConsumerRecord<String, String> dead = read.stream()
                    .filter(r -> poison.value().equals(r.value()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("not dead-lettered to " + topic + ".dlq: " + poison.value()));
            String reason = KafkaTopics.header(dead, "dead-letter-reason");
            if (reason == null || !reason.startsWith(poison.reason())) {
                throw new AssertionError("dead letter of " + poison.value() + " on " + topic
                        + ".dlq should give a reason starting '" + poison.reason() + "' but gives: " + reason);
            }
            found.add(dead);
        }
        return found;
    }
}

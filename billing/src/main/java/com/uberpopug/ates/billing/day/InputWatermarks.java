package com.uberpopug.ates.billing.day;

import com.uberpopug.ates.platform.inbox.InboundEvent;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * How far billing has applied each partition of the topics that carry money: the latest eventTime and the latest
 * offset of the events applied from it, in {@code input_watermark}, written in the transaction that applies them.
 * A partition is applied in its order, so once its watermark is past a midnight, every event before it in the
 * partition has been applied (or dead-lettered).
 */
@ApplicationScoped
public class InputWatermarks {

    private final EntityManager entityManager;
    private final Set<String> topics;

    public InputWatermarks(
            EntityManager entityManager, @ConfigProperty(name = "ates.billing.close.topics") Set<String> topics) {
        this.entityManager = entityManager;
        this.topics = topics;
    }

    /** The topics whose events carry money: a day waits for every partition of them. */
    public Set<String> topics() {
        return topics;
    }

    /** Moves the watermarks of the partitions {@code events} come from; inside the transaction that applies them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void advance(List<InboundEvent> events) {
        Map<TopicPartition, Mark> marks = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
        for (InboundEvent event : events) {
            if (topics.contains(event.topic())) {
                marks.merge(
                        new TopicPartition(event.topic(), event.partition()),
                        new Mark(event.eventTime(), event.offset()),
                        Mark::max);
            }
        }
        if (marks.isEmpty()) {
            return;
        }
        int n = marks.size();
        String[] topicNames = new String[n];
        Integer[] partitions = new Integer[n];
        String[] times = new String[n];
        Long[] offsets = new Long[n];
        int i = 0;
        for (Map.Entry<TopicPartition, Mark> mark : marks.entrySet()) {
            topicNames[i] = mark.getKey().topic();
            partitions[i] = mark.getKey().partition();
            times[i] = mark.getValue().eventTime().toString(); // ISO 8601 in UTC, as timestamptz reads it
            offsets[i] = mark.getValue().offset();
            i++;
        }
        // partitions in a fixed order, so that two transactions never wait for each other in a circle
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (var upsert = connection.prepareStatement("""
                    INSERT INTO input_watermark (topic, partition, event_time, last_offset)
                    SELECT * FROM unnest(?, ?, ?, ?) ORDER BY 1, 2
                    ON CONFLICT (topic, partition) DO UPDATE
                    SET event_time = greatest(input_watermark.event_time, EXCLUDED.event_time),
                        last_offset = greatest(input_watermark.last_offset, EXCLUDED.last_offset)""")) {
                SqlArrays.bind(upsert, 1, "varchar", topicNames);
                SqlArrays.bind(upsert, 2, "int4", partitions);
                SqlArrays.bind(upsert, 3, "timestamptz", times);
                SqlArrays.bind(upsert, 4, "int8", offsets);
                upsert.executeUpdate();
            }
        });
    }

    /** Every partition's watermark, as committed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<TopicPartition, Mark> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT topic, partition, event_time, last_offset FROM input_watermark")
                .getResultList();
        Map<TopicPartition, Mark> marks = new HashMap<>();
        for (Object[] row : rows) {
            marks.put(
                    new TopicPartition((String) row[0], ((Number) row[1]).intValue()),
                    new Mark(toInstant(row[2]), ((Number) row[3]).longValue()));
        }
        return marks;
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case java.time.OffsetDateTime time -> time.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }

    /** The latest event time and offset applied from a partition. */
    public record Mark(Instant eventTime, long offset) {
        static Mark max(Mark a, Mark b) {
            return new Mark(a.eventTime.isAfter(b.eventTime) ? a.eventTime : b.eventTime, Math.max(a.offset, b.offset));
        }
    }
}

package com.uberpopug.ates.billing.day;

import com.uberpopug.ates.platform.calendar.BillingCalendar;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether billing can be sure that no event of a day is still on its way, so that the day can be closed. Day D is
 * settled when every partition of the topics that carry money ({@code ates.billing.close.topics}) either
 *
 * <ul>
 *   <li>has applied an event whose time is at least {@code margin} past the midnight that ends D (its watermark,
 *       {@link InputWatermarks}): a partition is read in its order and Debezium writes it in commit order, so every
 *       event of D committed before that one has been applied; the margin covers a producer's transaction that
 *       took its time before midnight and committed after it, and clocks a little apart; or</li>
 *   <li>is silent, and the grace period after midnight is over, and nothing in it is unread: billing's offset (the
 *       group's committed one, or the last one applied, whichever is further) has reached the partition's end.</li>
 * </ul>
 *
 * <p>Should billing not be able to tell (Kafka unreachable), the day waits, but never longer than
 * {@code max-wait} after its end. An event of D that still arrives after D was closed is booked on the first
 * open day and marked late ({@link com.uberpopug.ates.billing.ledger.Ledger}).
 */
@ApplicationScoped
public class DaySettlement {

    private static final Logger LOG = Logger.getLogger(DaySettlement.class);
    private static final long KAFKA_TIMEOUT_SECONDS = 5;

    private final BillingCalendar calendar;
    private final InputWatermarks watermarks;
    private final String bootstrapServers;
    private final String groupId;
    private final Duration margin;
    private final Duration grace;
    private final Duration maxWait;
    private volatile Admin admin;

    public DaySettlement(
            BillingCalendar calendar,
            InputWatermarks watermarks,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "ates.billing.close.group") String groupId,
            @ConfigProperty(name = "ates.billing.close.margin") Duration margin,
            @ConfigProperty(name = "ates.billing.close.grace") Duration grace,
            @ConfigProperty(name = "ates.billing.close.max-wait") Duration maxWait) {
        this.calendar = calendar;
        this.watermarks = watermarks;
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.margin = margin;
        this.grace = grace;
        this.maxWait = maxWait;
    }

    /** The instant day {@code day} ends: the midnight after it in the billing zone. */
    public Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(calendar.zone()).toInstant();
    }

    /**
     * What Kafka says about the topics that carry money now: their partitions, each one's end and billing's
     * committed offset; empty when Kafka cannot be asked. Asked before the day lock is taken, so that a close
     * never keeps entry writers waiting on Kafka.
     */
    public Optional<Map<TopicPartition, Offsets>> offsets() {
        try {
            Admin kafka = admin();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
                    kafka.describeTopics(watermarks.topics()).topicNameValues().entrySet()) {
                try {
                    topic.getValue()
                            .get(KAFKA_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .partitions()
                            .forEach(partition -> latest.put(
                                    new TopicPartition(topic.getKey(), partition.partition()), OffsetSpec.latest()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // a topic nobody has written to yet has nothing on its way
                }
            }
            if (latest.isEmpty()) {
                return Optional.of(Map.of());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    kafka.listOffsets(latest).all().get(KAFKA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(KAFKA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Offsets> offsets = new HashMap<>();
            ends.forEach((partition, end) -> {
                OffsetAndMetadata done = committed.get(partition);
                offsets.put(partition, new Offsets(end.offset(), done == null ? 0 : done.offset()));
            });
            return Optional.of(offsets);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf(
                    "cannot read the offsets of %s from Kafka (%s); days wait to close",
                    watermarks.topics(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Why {@code day} cannot be closed yet, or empty when it can; inside the close's transaction, after the day
     * lock, so that the watermarks read include every event applied before the close.
     *
     * @param offsets from {@link #offsets()}, read before the lock
     */
    public Optional<String> pending(LocalDate day, Optional<Map<TopicPartition, Offsets>> offsets) {
        Instant end = endOf(day);
        Instant now = calendar.now();
        if (!now.isBefore(end.plus(maxWait))) {
            return Optional.empty();
        }
        if (offsets.isEmpty()) {
            return Optional.of(
                    "billing cannot read its topics' offsets from Kafka; it waits at most until " + end.plus(maxWait));
        }
        Map<TopicPartition, InputWatermarks.Mark> marks = watermarks.all();
        Instant passed = end.plus(margin);
        boolean graceOver = !now.isBefore(end.plus(grace));
        List<String> waiting = new ArrayList<>();
        for (Map.Entry<TopicPartition, Offsets> partition : offsets.get().entrySet()) {
            InputWatermarks.Mark mark = marks.get(partition.getKey());
            if (mark != null && !mark.eventTime().isBefore(passed)) {
                continue; // it has moved past the day
            }
            long read = Math.max(partition.getValue().committed(), mark == null ? 0 : mark.offset() + 1);
            long unread = partition.getValue().end() - read;
            if (graceOver && unread <= 0) {
                continue; // silent since, and nothing of it unread
            }
            waiting.add(partition.getKey() + (unread > 0 ? " (" + unread + " unread)" : ""));
        }
        if (waiting.isEmpty()) {
            LOG.infof(
                    "billing day %s may close: the %d partitions of %s are past %s or silent with nothing unread",
                    day, offsets.get().size(), watermarks.topics(), passed);
            return Optional.empty();
        }
        waiting.sort(null);
        return Optional.of("no event after " + passed + " has been applied yet from " + String.join(", ", waiting)
                + (graceOver ? "" : "; if they stay silent, it closes from " + end.plus(grace)));
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG,
                            "billing-day-settlement"));
                    admin = current;
                }
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** A partition's end offset and billing's committed offset in it. */
    public record Offsets(long end, long committed) {}
}

package com.uberpopug.ates.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.platform.inbox.ConsumerChannels.Channel;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the dead letters of this service's consumer group and replays them through the {@link Inbox} and the
 * handler of their channel, as if they had just arrived on their topic: applied once, recorded as processed in the
 * same transaction, so a replay asked twice applies nothing the second time.
 *
 * <p>A dead-letter topic is read whole with a plain consumer (every partition, from the beginning to its end at
 * the call, no consumer group, nothing committed). Only the records whose {@value Inbox#DEAD_LETTER_GROUP} header
 * names this service's group for that channel are this service's.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Inbox inbox;
    private final ConsumerChannels channels;
    private final Map<String, Object> kafka;
    private final Duration readTimeout;
    private final Config config;

    DeadLetters(
            Inbox inbox,
            ConsumerChannels channels,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "ates.dead-letters.read-timeout", defaultValue = "PT30S") Duration readTimeout,
            Config config) {
        this.inbox = inbox;
        this.channels = channels;
        this.kafka = kafka;
        this.readTimeout = readTimeout;
        this.config = config;
    }

    /** The channel of this service that consumes {@code topic}, if any. */
    public Optional<Channel> channelOf(String topic) {
        return channels.byTopic(topic);
    }

    /** This service's dead letters of the channel, oldest first per partition. */
    public List<DeadLetter> list(Channel channel) {
        return read(channel).stream().map(r -> describe(channel, r)).toList();
    }

    /**
     * Replays this service's dead letters of the channel, those with the given event ids or all when none is given,
     * one by one in their dead-letter order, synchronously.
     *
     * @throws NoHandlerYetException when the channel's consumer has neither named its handler
     *     ({@link Inbox#handles}) nor processed a poll since the service started
     */
    public List<ReplayResult> replay(Channel channel, Collection<UUID> eventIds) {
        Inbox.BatchHandler handler = inbox.handlerOf(channel.topic())
                .orElseThrow(() -> new NoHandlerYetException("the consumer of " + channel.topic()
                        + " has processed no poll since this service started, so its"
                        + " handler is not known yet; replay once it has consumed an event of " + channel.topic()));
        List<ReplayResult> results = new ArrayList<>();
        for (ConsumerRecord<String, String> dead : read(channel)) {
            DeadLetter letter = describe(channel, dead);
            if (!eventIds.isEmpty() && (letter.eventId() == null || !eventIds.contains(letter.eventId()))) {
                continue;
            }
            results.add(replayOne(letter, dead, handler));
        }
        return results;
    }

    private ReplayResult replayOne(DeadLetter letter, ConsumerRecord<String, String> dead, Inbox.BatchHandler handler) {
        ConsumerRecord<String, String> original = new ConsumerRecord<>(
                letter.topic(),
                letter.partition() == null ? dead.partition() : letter.partition(),
                letter.offset() == null ? dead.offset() : letter.offset(),
                dead.timestamp(),
                TimestampType.CREATE_TIME,
                ConsumerRecord.NULL_SIZE,
                ConsumerRecord.NULL_SIZE,
                dead.key(),
                dead.value(),
                dead.headers(),
                Optional.empty());
        // the handler only ever gets events not processed before: called and committed means applied
        AtomicBoolean handled = new AtomicBoolean();
        Map<Integer, RuntimeException> failed = inbox.apply(List.of(original), events -> {
            handler.handle(events);
            handled.set(true);
        });
        ReplayResult.Outcome outcome;
        String reason = null;
        if (!failed.isEmpty()) {
            outcome = ReplayResult.Outcome.failed;
            reason = failed.values().iterator().next().getMessage();
        } else {
            outcome = handled.get() ? ReplayResult.Outcome.applied : ReplayResult.Outcome.duplicate;
        }
        LOG.infof(
                "replayed dead letter %s-%d@%d (event %s): %s%s",
                letter.deadLetterTopic(),
                letter.deadLetterPartition(),
                letter.deadLetterOffset(),
                letter.eventId(),
                outcome,
                reason == null ? "" : ": " + reason);
        return new ReplayResult(
                letter.eventId(),
                letter.eventName(),
                letter.partition(),
                letter.offset(),
                letter.deadLetterOffset(),
                letter.deadLetterPartition(),
                outcome,
                reason);
    }

    private List<ConsumerRecord<String, String>> read(Channel channel) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((name, value) -> {
            if (ConsumerConfig.configNames().contains(name)) {
                config.put(name, value);
            }
        });
        // the channel's own brokers, as its consumer reads them
        this.config
                .getOptionalValue("mp.messaging.incoming." + channel.name() + ".bootstrap.servers", String.class)
                .or(() -> this.config.getOptionalValue("kafka.bootstrap.servers", String.class))
                .ifPresent(servers -> config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letters-" + channel.name());
        List<ConsumerRecord<String, String>> ours = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(channel.deadLetterTopic(), readTimeout);
            if (partitions == null || partitions.isEmpty()) {
                return ours; // nothing was ever dead-lettered there
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, readTimeout);
            Instant deadline = Instant.now().plus(readTimeout);
            while (assigned.stream().anyMatch(tp -> consumer.position(tp, readTimeout) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "could not read " + channel.deadLetterTopic() + " to its end in " + readTimeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && channel.group().equals(header(record, Inbox.DEAD_LETTER_GROUP))) {
                        ours.add(record);
                    }
                }
            }
        }
        return ours;
    }

    private static DeadLetter describe(Channel channel, ConsumerRecord<String, String> record) {
        UUID eventId = null;
        String eventName = null;
        Integer eventVersion = null;
        try {
            JsonNode json = record.value() == null ? null : EventJson.mapper().readTree(record.value());
            if (json != null && json.isObject()) {
                eventId = json.hasNonNull("eventId")
                        ? UUID.fromString(json.get("eventId").asText())
                        : null;
                eventName = json.hasNonNull("eventName") ? json.get("eventName").asText() : null;
                eventVersion = json.hasNonNull("eventVersion")
                        ? json.get("eventVersion").asInt()
                        : null;
            }
        } catch (Exception e) {
            // not an event at all (its reason says so): listed without id or name
        }
        String topic = header(record, "dead-letter-topic");
        return new DeadLetter(
                eventId,
                eventName,
                eventVersion,
                record.key(),
                topic == null ? channel.topic() : topic,
                number(header(record, "dead-letter-partition"), Integer::valueOf),
                number(header(record, "dead-letter-offset"), Long::valueOf),
                header(record, "dead-letter-reason"),
                Instant.ofEpochMilli(record.timestamp()),
                record.topic(),
                record.partition(),
                record.offset());
    }

    private static <T> T number(String text, java.util.function.Function<String, T> parse) {
        try {
            return text == null ? null : parse.apply(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The channel's handler is not known yet: its consumer has processed no poll since the service started. */
    public static class NoHandlerYetException extends RuntimeException {
        NoHandlerYetException(String message) {
            super(message);
        }
    }
}

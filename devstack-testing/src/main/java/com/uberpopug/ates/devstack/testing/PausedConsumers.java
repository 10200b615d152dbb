package com.uberpopug.ates.devstack.testing;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Every Kafka consumer of the application under test paused, each once it has its partitions, so that a benchmark
 * can fill the topics first and then time and meter the consumers alone from {@link #resume()}: a producer in the
 * same JVM sending while they consume takes CPU from them and makes them look slower than they are.
 */
public final class PausedConsumers {

    private static final Duration ANSWER = Duration.ofSeconds(10);

    private final List<KafkaConsumer<Object, Object>> consumers;

    private PausedConsumers(List<KafkaConsumer<Object, Object>> consumers) {
        this.consumers = consumers;
    }

    /**
     * Pauses every consumer channel of {@code kafka}, waiting up to {@code assigned} for each to be given its
     * partitions (right after the application starts, its consumers are still joining their groups).
     */
    public static PausedConsumers all(KafkaClientService kafka, Duration assigned) throws InterruptedException {
        List<KafkaConsumer<Object, Object>> paused = new ArrayList<>();
        long deadline = System.nanoTime() + assigned.toNanos();
        for (String channel : new TreeSet<>(kafka.getConsumerChannels())) {
            KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
            Set<TopicPartition> partitions;
            while ((partitions = consumer.getAssignments().await().atMost(ANSWER)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the consumer of " + channel + " was given no partitions within " + assigned);
                }
                Thread.sleep(100);
            }
            consumer.pause().await().atMost(ANSWER);
            if (!consumer.paused().await().atMost(ANSWER).containsAll(partitions)) {
                throw new IllegalStateException("the consumer of " + channel + " did not pause " + partitions);
            }
            paused.add(consumer);
        }
        return new PausedConsumers(paused);
    }

    /** Lets every consumer read again. */
    public void resume() {
        for (KafkaConsumer<Object, Object> consumer : consumers) {
            consumer.resume().await().atMost(ANSWER);
        }
    }
}

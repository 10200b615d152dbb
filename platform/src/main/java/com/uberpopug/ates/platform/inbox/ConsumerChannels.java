package com.uberpopug.ates.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * The Kafka channels this service consumes, from its configuration: per channel the topic it reads, its consumer
 * group and its dead-letter topic. The group is what tells the dead letters of this service from those of the
 * other services reading the same topic: they all share {@code <topic>.dlq}.
 */
@ApplicationScoped
public class ConsumerChannels {

    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String CONNECTOR = ".connector";

    private final Map<String, Channel> byName = new LinkedHashMap<>();

    ConsumerChannels(Config config) {
        String application = config.getOptionalValue("quarkus.application.name", String.class)
                .orElse("application");
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(PREFIX) && name.endsWith(CONNECTOR))
                .filter(name -> "smallrye-kafka"
                        .equals(config.getOptionalValue(name, String.class).orElse(null)))
                .map(name -> name.substring(PREFIX.length(), name.length() - CONNECTOR.length()))
                .sorted()
                .forEach(channel -> {
                    String at = PREFIX + channel + ".";
                    String topic =
                            config.getOptionalValue(at + "topic", String.class).orElse(channel);
                    // SmallRye's own defaults: the group of the Kafka client config, else the application name
                    String group = config.getOptionalValue(at + "group.id", String.class)
                            .or(() -> config.getOptionalValue("kafka.group.id", String.class))
                            .orElse(application);
                    String deadLetterTopic = config.getOptionalValue(at + "dead-letter-queue.topic", String.class)
                            .orElse("dead-letter-topic-" + channel);
                    byName.put(channel, new Channel(channel, topic, group, deadLetterTopic));
                });
    }

    /** The channel that reads {@code topic}, if this service consumes it. */
    public Optional<Channel> byTopic(String topic) {
        return byName.values().stream().filter(c -> c.topic().equals(topic)).findFirst();
    }

    public Optional<Channel> byName(String channel) {
        return Optional.ofNullable(byName.get(channel));
    }

    /**
     * The channel a record came in on: by the name its metadata gives, which for a channel with
     * {@code concurrency} carries a {@code $n} suffix per consumer, else by its topic.
     */
    Optional<Channel> ofIncoming(String channelName, String topic) {
        Optional<Channel> named =
                channelName == null ? Optional.empty() : byName(channelName.replaceFirst("\\$\\d+$", ""));
        return named.or(() -> topic == null ? Optional.empty() : byTopic(topic));
    }

    /** One consumed channel: its name, the topic it reads, its consumer group, its dead-letter topic. */
    public record Channel(String name, String topic, String group, String deadLetterTopic) {}
}

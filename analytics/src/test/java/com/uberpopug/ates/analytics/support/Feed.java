package com.uberpopug.ates.analytics.support;

import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.analytics.support.Events.Event;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Sends events to the real topics, as Debezium would, and waits until analytics has applied all of them. A record
 * sent again (a duplicate delivery) must be followed by a fresh event on the same topic and key: that one being
 * applied proves the duplicate, ahead of it in the same partition, was handled too.
 */
public final class Feed {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ReadModel readModel;
    private final Set<UUID> sent = new LinkedHashSet<>();
    private final Map<String, Boolean> endsWithDuplicate = new HashMap<>();

    public Feed(ReadModel readModel) {
        this.readModel = readModel;
    }

    public Feed send(Event... events) {
        for (Event event : events) {
            KafkaTopics.send(event.topic(), event.key(), event.json());
            endsWithDuplicate.put(event.topic() + "|" + event.key(), !sent.add(event.eventId()));
        }
        return this;
    }

    /** Delivers the same record once more. */
    public Feed duplicate(Event event) {
        if (!sent.contains(event.eventId())) {
            throw new IllegalStateException("send it first: " + event.json());
        }
        return send(event);
    }

    /** Sends the events and waits until they are applied. */
    public Feed sendAndAwait(Event... events) {
        return send(events).awaitApplied();
    }

    public Feed awaitApplied() {
        endsWithDuplicate.forEach((topicAndKey, duplicate) -> {
            if (duplicate) {
                throw new IllegalStateException("the last record on " + topicAndKey + " is a duplicate: follow it "
                        + "with a fresh event on the same key, or its handling cannot be awaited");
            }
        });
        await().atMost(WAIT).until(() -> readModel.processed(sent) == sent.size());
        return this;
    }
}

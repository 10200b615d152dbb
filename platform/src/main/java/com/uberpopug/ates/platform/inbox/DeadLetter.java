package com.uberpopug.ates.platform.inbox;

import java.time.Instant;
import java.util.UUID;

/**
 * One record of a dead-letter topic that this service's consumer group put there: the event (its id and name when
 * the record is an event at all), where it was on its source topic, why it could not be applied and when it was
 * dead-lettered.
 */
public record DeadLetter(
        UUID eventId,
        String eventName,
        Integer eventVersion,
        String key,
        String topic,
        Integer partition,
        Long offset,
        String reason,
        Instant deadLetteredAt,
        String deadLetterTopic,
        int deadLetterPartition,
        long deadLetterOffset) {}

package com.uberpopug.ates.platform.inbox;

import java.util.UUID;

/**
 * What replaying one dead letter did: {@code applied} (its effect is now written), {@code duplicate} (the event
 * had been processed already; nothing changed) or {@code failed} (it still cannot be applied; {@code reason} says
 * why, and it stays on the dead-letter topic).
 */
public record ReplayResult(
        UUID eventId,
        String eventName,
        Integer partition,
        Long offset,
        long deadLetterOffset,
        int deadLetterPartition,
        Outcome outcome,
        String reason) {

    public enum Outcome {
        applied,
        duplicate,
        failed
    }
}

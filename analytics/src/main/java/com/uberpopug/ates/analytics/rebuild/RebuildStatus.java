package com.uberpopug.ates.analytics.rebuild;

import java.time.Instant;

/**
 * The state of the read model's rebuild from Kafka: NONE (never rebuilt), REQUIRED (the read model answers nothing
 * until rebuilt), RUNNING or DONE; the events replayed of those the topics held when it started.
 */
public record RebuildStatus(
        State state, Instant startedAt, Instant finishedAt, long eventsReplayed, long eventsTarget) {

    public enum State {
        NONE,
        REQUIRED,
        RUNNING,
        DONE
    }

    static RebuildStatus none() {
        return new RebuildStatus(State.NONE, null, null, 0, 0);
    }
}

package com.uberpopug.ates.platform.outbox;

import com.uberpopug.ates.events.EventType;
import io.opentelemetry.context.Context;

/**
 * An event a change is about to publish through {@link Outbox#publishAll}: its type, its data, and the trace it
 * belongs to when that is not the caller's (a consumer applying a poll publishes each effect in the trace of the
 * event it follows from).
 *
 * @param trace the trace to publish in; null for the caller's current one
 */
public record NewEvent<T>(EventType type, T data, Context trace) {

    /** An event published in the caller's trace. */
    public static <T> NewEvent<T> of(EventType type, T data) {
        return new NewEvent<>(type, data, null);
    }

    /** The same event, published in {@code trace} (null: the caller's). */
    public NewEvent<T> inTrace(Context trace) {
        return new NewEvent<>(type, data, trace);
    }
}

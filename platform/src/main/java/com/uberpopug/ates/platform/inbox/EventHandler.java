package com.uberpopug.ates.platform.inbox;

/**
 * What a consumer does with one event. It runs inside the transaction that also records the event as processed,
 * so its effect and that record commit together. Throw {@link RejectedEventException} for an event that can
 * never be applied (it goes to the dead-letter topic at once); anything else thrown is retried.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(InboundEvent event);
}

package com.uberpopug.ates.platform.inbox;

/**
 * An event that no retry can make applicable: not JSON, not valid against its schema, of an unknown name or
 * version, or refused by the consumer's rules. Its message is the reason the dead-letter record carries.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }
}

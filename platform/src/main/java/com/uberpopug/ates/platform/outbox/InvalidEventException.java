package com.uberpopug.ates.platform.outbox;

import com.uberpopug.ates.events.ValidationResult;

/** A producer tried to publish an event its schema refuses: a programming error, and the transaction rolls back. */
public class InvalidEventException extends IllegalStateException {

    public InvalidEventException(String eventName, int eventVersion, ValidationResult result) {
        super(eventName + " v" + eventVersion + " does not match its schema: " + String.join("; ", result.reasons()));
    }
}

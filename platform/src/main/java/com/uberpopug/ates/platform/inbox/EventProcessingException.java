package com.uberpopug.ates.platform.inbox;

/** An event still failing after every attempt; its message, the reason, travels to the dead-letter topic. */
public class EventProcessingException extends RuntimeException {

    public EventProcessingException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.uberpopug.ates.tasks.api;

/** A request parameter the API cannot use (400); the message says which and why. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}

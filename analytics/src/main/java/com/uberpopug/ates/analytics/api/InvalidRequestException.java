package com.uberpopug.ates.analytics.api;

/** A request whose parameters cannot be answered; the message says which and why. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String detail) {
        super(detail);
    }
}

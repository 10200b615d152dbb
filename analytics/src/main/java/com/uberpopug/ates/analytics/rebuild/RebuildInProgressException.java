package com.uberpopug.ates.analytics.rebuild;

/** A query refused because the read model is being rebuilt: its figures would be half-built. */
public class RebuildInProgressException extends RuntimeException {

    public RebuildInProgressException(String message) {
        super(message);
    }
}

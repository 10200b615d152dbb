package com.uberpopug.ates.analytics.rebuild;

/** A rebuild that cannot start now, with the HTTP status that says why (409 running or not alone, 503 busy). */
public class RebuildRefusedException extends RuntimeException {

    private final int status;

    public RebuildRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

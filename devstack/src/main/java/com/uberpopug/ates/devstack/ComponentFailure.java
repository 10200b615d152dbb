package com.uberpopug.ates.devstack;

import java.nio.file.Path;

/** A component that did not start, with where to read why. */
public final class ComponentFailure extends RuntimeException {

    private final String component;
    private final Path log;

    public ComponentFailure(String component, Path log, String reason) {
        super(component + " " + reason + (log != null ? " (log: " + log + ")" : ""));
        this.component = component;
        this.log = log;
    }

    public String component() {
        return component;
    }

    public Path log() {
        return log;
    }
}

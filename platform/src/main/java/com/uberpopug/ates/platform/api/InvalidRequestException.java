package com.uberpopug.ates.platform.api;

import java.util.List;

/**
 * A request the API cannot use (400): a parameter or a body that breaks a rule. The message says which and why;
 * {@link #problems()} lists every problem when there are several.
 */
public class InvalidRequestException extends RuntimeException {

    private final List<String> problems;

    public InvalidRequestException(String detail) {
        this(detail, List.of());
    }

    public InvalidRequestException(String detail, List<String> problems) {
        super(detail);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

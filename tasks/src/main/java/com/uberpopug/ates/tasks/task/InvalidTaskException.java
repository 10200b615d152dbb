package com.uberpopug.ates.tasks.task;

import java.util.List;

/** A task the rules refuse to create (400); each problem names the field and what to do. */
public class InvalidTaskException extends RuntimeException {

    private final List<String> problems;

    public InvalidTaskException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

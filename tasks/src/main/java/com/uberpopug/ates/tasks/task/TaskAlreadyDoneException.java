package com.uberpopug.ates.tasks.task;

import java.time.Instant;
import java.util.UUID;

/** A done task cannot be completed again (409). */
public class TaskAlreadyDoneException extends RuntimeException {

    public TaskAlreadyDoneException(UUID taskId, Instant completedAt) {
        super("task " + taskId + " was already completed at " + completedAt);
    }
}

package com.uberpopug.ates.tasks.task;

import java.util.UUID;

/** Only a task's assignee may complete it (403). */
public class NotYourTaskException extends RuntimeException {

    public NotYourTaskException(UUID taskId) {
        super("task " + taskId + " is assigned to someone else: only its assignee can complete it");
    }
}

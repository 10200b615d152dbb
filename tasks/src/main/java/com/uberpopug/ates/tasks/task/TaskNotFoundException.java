package com.uberpopug.ates.tasks.task;

/** No task has this id (404). */
public class TaskNotFoundException extends RuntimeException {

    public TaskNotFoundException(String id) {
        super("there is no task with id '" + id + "'");
    }
}

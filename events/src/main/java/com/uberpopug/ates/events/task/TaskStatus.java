package com.uberpopug.ates.events.task;

/** A task is open until its assignee completes it. */
public enum TaskStatus {
    OPEN,
    DONE
}

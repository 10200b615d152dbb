package com.uberpopug.ates.events.task;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a task went to its assignee ({@code Task.Assigned} v2). */
public enum AssignmentReason {
    /** A new task. */
    CREATED("created"),
    /** A manager reshuffled the open tasks. */
    RESHUFFLE("reshuffle"),
    /** The previous assignee was disabled in Keycloak. */
    ASSIGNEE_DISABLED("assignee-disabled"),
    /** The previous assignee was deleted from Keycloak. */
    ASSIGNEE_DELETED("assignee-deleted");

    private final String value;

    AssignmentReason(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}

package com.uberpopug.ates.events.task;

import java.util.UUID;

/** {@code Task.Updated} v1: the whole task after a change of its fields or status. */
public record TaskUpdatedV1(UUID taskId, String title, String jiraId, String description, TaskStatus status) {}

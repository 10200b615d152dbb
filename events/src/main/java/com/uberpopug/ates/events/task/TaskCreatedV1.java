package com.uberpopug.ates.events.task;

import java.time.Instant;
import java.util.UUID;

/** {@code Task.Created} v1: a task was created, before tasks had Jira ids. */
public record TaskCreatedV1(UUID taskId, String title, String description, Instant createdAt) {
}

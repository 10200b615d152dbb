package com.uberpopug.ates.events.task;

import java.time.Instant;
import java.util.UUID;

/** {@code Task.Created} v2: a task was created; the title no longer carries the Jira id, {@code jiraId} does. */
public record TaskCreatedV2(UUID taskId, String title, String jiraId, String description, Instant createdAt) {}

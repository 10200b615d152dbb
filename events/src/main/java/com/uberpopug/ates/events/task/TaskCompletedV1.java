package com.uberpopug.ates.events.task;

import java.time.Instant;
import java.util.UUID;

/** {@code Task.Completed} v1: the assignee completed the task. */
public record TaskCompletedV1(UUID taskId, String assigneeId, Instant completedAt) {}

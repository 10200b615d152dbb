package com.uberpopug.ates.events.task;

import java.time.Instant;
import java.util.UUID;

/** {@code Task.Assigned} v1: a task was given to a worker, on creation or by a reshuffle. */
public record TaskAssignedV1(UUID taskId, String assigneeId, Instant assignedAt) {}

package com.uberpopug.ates.events.task;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code Task.Assigned} v2: a task was given to a worker, with why and from whom ({@code previousAssigneeId} is
 * null for a new task).
 */
public record TaskAssignedV2(
        UUID taskId, String assigneeId, Instant assignedAt, String previousAssigneeId, AssignmentReason reason) {}

package com.uberpopug.ates.analytics.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A completed task and its completion reward. Title and jira id are null while Task.Created has not arrived;
 * {@code completedAt} is Task.Completed's time, or the reward's until that event arrives.
 */
public record ExpensiveTask(UUID id, String title, String jiraId, BigDecimal reward, Instant completedAt) {}

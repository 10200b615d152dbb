package com.uberpopug.ates.analytics.report;

import java.time.LocalDate;

/** A2: the task with the highest completion reward among those completed from {@code from} to {@code to}, or null. */
public record MostExpensiveTask(String period, LocalDate from, LocalDate to, ExpensiveTask task) {}

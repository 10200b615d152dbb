package com.uberpopug.ates.analytics.report;

import java.time.LocalDate;

/** A2, listed per day: the most expensive task completed on {@code date}, or null. */
public record DailyMostExpensiveTask(LocalDate date, ExpensiveTask task) {}

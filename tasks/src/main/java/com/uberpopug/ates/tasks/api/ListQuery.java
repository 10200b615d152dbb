package com.uberpopug.ates.tasks.api;

import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.platform.api.InvalidRequestException;
import java.util.Locale;
import java.util.Optional;

/** The query parameters of a task list, read strictly: a value the API cannot use is a 400 that says why. */
public record ListQuery(Optional<TaskStatus> status, int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 1000;

    public static ListQuery parse(String status, String page, String size) {
        return new ListQuery(
                status(status),
                number("page", page, 0, 0, Integer.MAX_VALUE),
                number("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    private static Optional<TaskStatus> status(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TaskStatus.valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    "status must be OPEN or DONE (or left out for both), not '" + value + "'");
        }
    }

    private static int number(String name, String value, int otherwise, int min, int max) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(
                name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}

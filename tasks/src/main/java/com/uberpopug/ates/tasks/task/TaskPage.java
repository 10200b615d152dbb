package com.uberpopug.ates.tasks.task;

import java.util.List;

/** One page of a list of tasks, and how many there are in all. */
public record TaskPage(List<TaskView> tasks, int page, int size, long total) {

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean empty() {
        return tasks.isEmpty();
    }

    /** The page number as people count, from 1. */
    public int number() {
        return page + 1;
    }

    public int previous() {
        return page - 1;
    }

    public int next() {
        return page + 1;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}

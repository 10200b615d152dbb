package com.uberpopug.ates.tasks.web;

import com.uberpopug.ates.tasks.task.TaskPage;
import java.util.List;

/** Everything the dashboard shows to one person. */
public record Dashboard(
        String username,
        String role,
        boolean canReassign,
        TaskPage mine,
        TaskPage all,
        String status,
        Form form,
        List<String> errors,
        String notice) {

    /** What was typed into the create form, shown again when it is refused. */
    public record Form(String title, String jiraId, String description) {

        static final Form EMPTY = new Form("", "", "");
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public boolean hasNotice() {
        return notice != null && !notice.isEmpty();
    }

    /** Which list the status filter shows: ALL, OPEN or DONE. */
    public String filter() {
        return status == null || status.isEmpty() ? "ALL" : status;
    }

    /** The query string that keeps the status filter when paging. */
    public String statusQuery() {
        return status == null || status.isEmpty() ? "" : "&status=" + status;
    }
}

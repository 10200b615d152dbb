package com.uberpopug.ates.tasks.task;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a person asks for when creating a task. The Jira id is its own field: a title that carries it in brackets
 * ({@code [UBERPOP-42] Fix the login}) is refused, so that no consumer ever has to dig it out of a title again.
 */
public record NewTask(String title, String jiraId, String description) {

    static final int MAX_TITLE = 255;
    static final int MAX_JIRA_ID = 64;
    static final int MAX_DESCRIPTION = 10_000;
    private static final Pattern JIRA_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-[0-9]+");

    /**
     * The task with its fields trimmed (a blank jira id or description becomes none).
     *
     * @throws InvalidTaskException naming every field that is wrong and what to do about it
     */
    public NewTask validated() {
        List<String> problems = new ArrayList<>();
        String cleanTitle = title == null ? "" : title.strip();
        unprintable("title", title, false).ifPresent(problems::add);
        unprintable("jiraId", jiraId, false).ifPresent(problems::add);
        unprintable("description", description, true).ifPresent(problems::add);
        if (cleanTitle.isEmpty()) {
            problems.add("title must not be blank");
        } else if (cleanTitle.indexOf('[') >= 0 || cleanTitle.indexOf(']') >= 0) {
            problems.add("title must not contain '[' or ']': do not put the Jira id in the title (\"[UBERPOP-42] "
                    + "Fix the login\"), put it in the jiraId field (\"UBERPOP-42\") and keep the title plain");
        } else if (cleanTitle.length() > MAX_TITLE) {
            problems.add("title must be at most " + MAX_TITLE + " characters");
        }
        String cleanJiraId = blankToNull(jiraId);
        if (cleanJiraId != null && (cleanJiraId.length() > MAX_JIRA_ID || !JIRA_ID.matcher(cleanJiraId).matches())) {
            problems.add("jiraId must be a Jira issue key such as UBERPOP-42 (without brackets), or left out");
        }
        String cleanDescription = blankToNull(description);
        if (cleanDescription != null && cleanDescription.length() > MAX_DESCRIPTION) {
            problems.add("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidTaskException(problems);
        }
        return new NewTask(cleanTitle, cleanJiraId, cleanDescription);
    }

    /**
     * What no field may hold: a NUL (PostgreSQL cannot store it), another control character (a description may
     * hold line breaks and tabs), or half of a surrogate pair (no character at all; it would be stored as '?').
     */
    private static java.util.Optional<String> unprintable(String field, String value, boolean multiline) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return java.util.Optional.of(field + " must not contain half of a surrogate pair (at position " + i
                        + "): it is no character; send the text as UTF-8");
            } else if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return java.util.Optional.of(field + " must not contain the control character U+"
                        + String.format("%04X", (int) c) + " (at position " + i + ")"
                        + (multiline ? "; line breaks and tabs are fine" : ""));
            }
        }
        return java.util.Optional.empty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.platform.api.PlainText;
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
        PlainText.problem("title", title, false).ifPresent(problems::add);
        PlainText.problem("jiraId", jiraId, false).ifPresent(problems::add);
        PlainText.problem("description", description, true).ifPresent(problems::add);
        if (cleanTitle.isEmpty()) {
            problems.add("title must not be blank");
        } else if (cleanTitle.indexOf('[') >= 0 || cleanTitle.indexOf(']') >= 0) {
            problems.add("title must not contain '[' or ']': do not put the Jira id in the title (\"[UBERPOP-42] "
                    + "Fix the login\"), put it in the jiraId field (\"UBERPOP-42\") and keep the title plain");
        } else if (cleanTitle.length() > MAX_TITLE) {
            problems.add("title must be at most " + MAX_TITLE + " characters");
        }
        String cleanJiraId = blankToNull(jiraId);
        if (cleanJiraId != null
                && (cleanJiraId.length() > MAX_JIRA_ID
                        || !JIRA_ID.matcher(cleanJiraId).matches())) {
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

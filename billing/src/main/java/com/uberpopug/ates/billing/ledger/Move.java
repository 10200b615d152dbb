package com.uberpopug.ates.billing.ledger;

import com.uberpopug.ates.events.task.AssignmentReason;

/**
 * Why a FEE went to a task's new assignee: the task was moved to them from {@code fromAccountId} (Task.Assigned v2).
 * A new task's first assignment, and a v1 assignment, which does not say, are no move.
 */
public record Move(String fromAccountId, AssignmentReason reason) {

    public Move {
        if (fromAccountId == null || reason == null || reason == AssignmentReason.CREATED) {
            throw new IllegalArgumentException("a move is from someone, for a reason other than a new task");
        }
    }

    /** The move a Task.Assigned v2 describes, or null for a new task's first assignment. */
    public static Move of(String previousAssigneeId, AssignmentReason reason) {
        return previousAssigneeId == null || reason == null || reason == AssignmentReason.CREATED
                ? null
                : new Move(previousAssigneeId, reason);
    }

    /** A move as the ledger stores it ({@code moved_from}, {@code move_reason}); null when the entry is no move. */
    public static Move of(String fromAccountId, String reasonValue) {
        if (fromAccountId == null || reasonValue == null) {
            return null;
        }
        for (AssignmentReason reason : AssignmentReason.values()) {
            if (reason.value().equals(reasonValue)) {
                return of(fromAccountId, reason);
            }
        }
        throw new IllegalArgumentException("no assignment reason " + reasonValue);
    }

    /** What an entry's description adds, e.g. " (moved from popug2: account disabled)". */
    public String describe(String fromName) {
        String why = switch (reason) {
            case RESHUFFLE -> "reshuffled";
            case ASSIGNEE_DISABLED -> "account disabled";
            case ASSIGNEE_DELETED -> "account deleted";
            case CREATED -> throw new IllegalStateException("a new task is not moved");
        };
        return " (moved from " + (fromName == null ? fromAccountId : fromName) + ": " + why + ")";
    }
}

package com.uberpopug.ates.tasks.task;

/**
 * A reshuffle that failed part-way (the database went away, the transaction timed out): it was rolled back as a
 * whole, so no task moved and no fee will be charged for it; pressing it again is safe (503).
 */
public class ReassignmentFailedException extends RuntimeException {

    public ReassignmentFailedException(Throwable cause) {
        super(
                "the reshuffle failed part-way and was rolled back: no task moved; press it again ("
                        + rootMessage(cause) + ")",
                cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}

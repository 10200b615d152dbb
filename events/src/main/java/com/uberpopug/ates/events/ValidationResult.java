package com.uberpopug.ates.events;

import java.util.List;

/** The verdict on one event: valid, or the reasons it is not (what a dead letter carries). */
public record ValidationResult(List<String> reasons) {

    public ValidationResult {
        reasons = List.copyOf(reasons);
    }

    public static ValidationResult ok() {
        return new ValidationResult(List.of());
    }

    public static ValidationResult invalid(List<String> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs a reason");
        }
        return new ValidationResult(reasons);
    }

    public boolean valid() {
        return reasons.isEmpty();
    }
}

package com.uberpopug.ates.platform.api;

import java.util.Optional;

/** Text as a person writes it, in a body or a parameter: what it may not hold, said so that they can fix it. */
public final class PlainText {

    private PlainText() {}

    /**
     * What no field may hold: a NUL (PostgreSQL cannot store it), another control character (a description may
     * hold line breaks and tabs), or half of a surrogate pair (no character at all; it would be stored as '?').
     */
    public static Optional<String> problem(String field, String value, boolean multiline) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(field + " must not contain half of a surrogate pair (at position " + i
                        + "): it is no character; send the text as UTF-8");
            } else if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return Optional.of(field + " must not contain the control character U+"
                        + String.format("%04X", (int) c) + " (at position " + i + ")"
                        + (multiline ? "; line breaks and tabs are fine" : ""));
            }
        }
        return Optional.empty();
    }

    /** The parameter itself, or a 400 naming it when it holds what no text may. */
    public static String require(String name, String value) {
        problem(name, value, false).ifPresent(problem -> {
            throw new InvalidRequestException(problem);
        });
        return value;
    }
}

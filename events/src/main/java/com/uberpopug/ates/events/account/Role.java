package com.uberpopug.ates.events.account;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The business role of an account; events carry null for an account without one. Declared from the highest down:
 * an account holding several has the highest of them.
 */
public enum Role {
    ADMIN,
    MANAGER,
    ACCOUNTANT,
    WORKER;

    /**
     * The one rule for "which business role does this account have", used by the Keycloak provider (from the user's
     * effective roles) and by the services (from a token's roles): the highest business role held. Any other role
     * ({@code default-roles-ates}, {@code offline_access}, ...) never counts.
     *
     * @param holds whether the account holds the role of that name
     * @return the highest business role held, or empty for none
     */
    public static java.util.Optional<Role> highestHeld(java.util.function.Predicate<String> holds) {
        for (Role role : values()) {
            if (holds.test(role.value())) {
                return java.util.Optional.of(role);
            }
        }
        return java.util.Optional.empty();
    }

    /** The role as Keycloak and the schemas spell it. */
    @JsonValue
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

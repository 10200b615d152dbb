package com.uberpopug.ates.events.account;

import com.fasterxml.jackson.annotation.JsonValue;

/** The business role of an account; events carry null for an account without one. */
public enum Role {
    ADMIN, MANAGER, ACCOUNTANT, WORKER;

    /** The role as Keycloak and the schemas spell it. */
    @JsonValue
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

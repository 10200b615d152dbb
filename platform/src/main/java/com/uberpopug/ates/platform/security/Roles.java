package com.uberpopug.ates.platform.security;

/** The realm roles of 'ates' that mean something to the services, for {@code @RolesAllowed}. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MANAGER = "manager";
    public static final String ACCOUNTANT = "accountant";
    public static final String WORKER = "worker";

    private Roles() {}
}

package com.uberpopug.ates.events.account;

/** {@code Account.Deleted} v1: an account was removed from Keycloak. */
public record AccountDeletedV1(String accountId) {}

package com.uberpopug.ates.events.account;

/** {@code Account.Created} v1: an account was registered in Keycloak. */
public record AccountCreatedV1(String accountId, String username, String email, String fullName, Role role)
        implements AccountState.Described {

    @Override
    public AccountState state() {
        return new AccountState(accountId, username, email, fullName, role, null);
    }
}

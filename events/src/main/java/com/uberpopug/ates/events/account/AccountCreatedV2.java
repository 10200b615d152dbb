package com.uberpopug.ates.events.account;

/**
 * {@code Account.Created} v2: an account was registered in Keycloak, with its effective business role and whether
 * it is enabled.
 */
public record AccountCreatedV2(
        String accountId, String username, String email, String fullName, Role role, boolean enabled)
        implements AccountState.Described {

    @Override
    public AccountState state() {
        return new AccountState(accountId, username, email, fullName, role, enabled);
    }
}

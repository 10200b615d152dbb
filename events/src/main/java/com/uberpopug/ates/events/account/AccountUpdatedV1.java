package com.uberpopug.ates.events.account;

/** {@code Account.Updated} v1: the whole account after a change of name, e-mail or role. */
public record AccountUpdatedV1(String accountId, String username, String email, String fullName, Role role)
        implements AccountState.Described {

    @Override
    public AccountState state() {
        return new AccountState(accountId, username, email, fullName, role, null);
    }
}

package com.uberpopug.ates.events.account;

/**
 * {@code Account.Updated} v2: the whole account after a change of name, e-mail, effective business role or enabled
 * state.
 */
public record AccountUpdatedV2(
        String accountId, String username, String email, String fullName, Role role, boolean enabled)
        implements AccountState.Described {

    @Override
    public AccountState state() {
        return new AccountState(accountId, username, email, fullName, role, enabled);
    }
}

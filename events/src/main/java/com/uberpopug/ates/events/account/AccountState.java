package com.uberpopug.ates.events.account;

/**
 * An account as an {@code Account.Created} or {@code Account.Updated} event of any version describes it: the one
 * shape consumers apply, whatever version arrived. {@code enabled} is null when the event does not say: v1 knew no
 * disabled accounts, and what that means is the consumer's to decide ({@link #enabledOr(boolean)}).
 */
public record AccountState(
        String accountId, String username, String email, String fullName, Role role, Boolean enabled) {

    /** The enabled state, or {@code unsaid} for an event that does not carry one. */
    public boolean enabledOr(boolean unsaid) {
        return enabled == null ? unsaid : enabled;
    }

    /** An event that describes a whole account: {@code Account.Created} and {@code Account.Updated}, v1 and v2. */
    public sealed interface Described permits AccountCreatedV1, AccountCreatedV2, AccountUpdatedV1, AccountUpdatedV2 {

        /** The account as this event describes it. */
        AccountState state();
    }
}

package com.uberpopug.ates.events.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every version of Account.Created and Account.Updated reads as one {@link AccountState}. */
class AccountStateTest {

    private static final String ID = "6f1d3c2a-9b7e-4a41-8d55-0c2b7f7e1a11";

    @Test
    void aV2EventSaysWhetherTheAccountIsEnabled() {
        AccountState disabled =
                new AccountUpdatedV2(ID, "popug1", "popug1@ates.local", "Popug One", Role.WORKER, false).state();

        assertThat(disabled)
                .isEqualTo(new AccountState(ID, "popug1", "popug1@ates.local", "Popug One", Role.WORKER, false));
        assertThat(disabled.enabledOr(true)).isFalse();
        assertThat(new AccountCreatedV2(ID, "popug1", null, null, Role.MANAGER, true)
                        .state()
                        .enabled())
                .isTrue();
    }

    @Test
    void aV1EventLeavesTheEnabledStateUnsaidForTheConsumerToDecide() {
        AccountState created =
                new AccountCreatedV1(ID, "popug1", "popug1@ates.local", "Popug One", Role.WORKER).state();
        AccountState updated = new AccountUpdatedV1(ID, "popug1", null, null, Role.ACCOUNTANT).state();

        assertThat(created.enabled()).isNull();
        assertThat(created.enabledOr(true)).isTrue();
        assertThat(updated.enabledOr(false)).isFalse();
        assertThat(updated.role()).isEqualTo(Role.ACCOUNTANT);
    }
}

package com.uberpopug.ates.events.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void anAccountHoldingSeveralBusinessRolesHasTheHighest() {
        assertThat(Role.highestHeld(Set.of("worker", "accountant", "manager", "admin")::contains))
                .contains(Role.ADMIN);
        assertThat(Role.highestHeld(Set.of("worker", "manager")::contains)).contains(Role.MANAGER);
        assertThat(Role.highestHeld(Set.of("worker", "accountant")::contains)).contains(Role.ACCOUNTANT);
        assertThat(Role.highestHeld(Set.of("worker")::contains)).contains(Role.WORKER);
    }

    @Test
    void keycloaksOwnRolesAreNoBusinessRole() {
        assertThat(Role.highestHeld(Set.of("default-roles-ates", "offline_access", "uma_authorization")::contains))
                .isEmpty();
        assertThat(Role.highestHeld(Set.of("default-roles-ates", "worker")::contains))
                .contains(Role.WORKER);
    }
}

package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.uberpopug.ates.events.account.Role;

class BusinessRoleTest {

    @Test
    void theHighestBusinessRoleWins() {
        assertThat(BusinessRole.of(Set.of("worker", "accountant", "manager", "admin")::contains)).isEqualTo(Role.ADMIN);
        assertThat(BusinessRole.of(Set.of("worker", "manager")::contains)).isEqualTo(Role.MANAGER);
        assertThat(BusinessRole.of(Set.of("worker", "accountant")::contains)).isEqualTo(Role.ACCOUNTANT);
        assertThat(BusinessRole.of(Set.of("worker")::contains)).isEqualTo(Role.WORKER);
    }

    @Test
    void keycloaksOwnRolesAreNoBusinessRole() {
        assertThat(BusinessRole.of(Set.of("default-roles-ates", "offline_access", "uma_authorization")::contains))
                .isNull();
        assertThat(BusinessRole.of(Set.of("default-roles-ates", "worker")::contains)).isEqualTo(Role.WORKER);
    }
}

package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class AccountChangeTest {

    private static final String USER = "6f1d3c2a-9b7e-4a41-8d55-0c2b7f7e1a11";

    @Test
    void aUserCreatedThroughTheAdminApiIsACreatedAccount() {
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.CREATE, "users/" + USER)))
                .contains(new AccountChange(AccountChange.Kind.CREATED, USER));
    }

    @Test
    void aUserUpdatedOrDeletedThroughTheAdminApiIsAnUpdatedOrDeletedAccount() {
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.UPDATE, "users/" + USER)))
                .contains(new AccountChange(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.DELETE, "users/" + USER)))
                .contains(new AccountChange(AccountChange.Kind.DELETED, USER));
    }

    @Test
    void realmRolesGrantedOrRevokedUpdateTheAccount() {
        String path = "users/" + USER + "/role-mappings/realm";
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE, path)))
                .contains(new AccountChange(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE_MAPPING, OperationType.DELETE, path)))
                .contains(new AccountChange(AccountChange.Kind.UPDATED, USER));
    }

    @Test
    void joiningOrLeavingAGroupUpdatesTheAccountSinceGroupsCarryRoles() {
        String path = "users/" + USER + "/groups/0b6f3e0e-6d0c-4c43-9d2c-6f1a8c1f2b3d";
        assertThat(AccountChange.of(admin(ResourceType.GROUP_MEMBERSHIP, OperationType.CREATE, path)))
                .contains(new AccountChange(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(admin(ResourceType.GROUP_MEMBERSHIP, OperationType.DELETE, path)))
                .contains(new AccountChange(AccountChange.Kind.UPDATED, USER));
    }

    @Test
    void actionsOnAUserAndOtherResourcesChangeNoAccount() {
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.ACTION,
                "users/" + USER + "/reset-password"))).isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.ACTION, "users/" + USER + "/logout")))
                .isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.CREATE,
                "users/" + USER + "/federated-identity/github"))).isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.CLIENT_ROLE_MAPPING, OperationType.CREATE,
                "users/" + USER + "/role-mappings/clients/abc"))).isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE,
                "groups/abc/role-mappings/realm"))).isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.CLIENT, OperationType.CREATE, "clients/abc"))).isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE, OperationType.UPDATE, "roles-by-id/abc")))
                .isEmpty();
    }

    @Test
    void aFailedAdminOperationChangesNoAccount() {
        AdminEvent failed = admin(ResourceType.USER, OperationType.CREATE, "users/" + USER);
        failed.setError("conflict");
        assertThat(AccountChange.of(failed)).isEmpty();
    }

    @Test
    void selfServiceRegistrationProfileAndDeletionAreAccountChanges() {
        assertThat(AccountChange.of(user(EventType.REGISTER)))
                .contains(new AccountChange(AccountChange.Kind.CREATED, USER));
        assertThat(AccountChange.of(user(EventType.UPDATE_PROFILE)))
                .contains(new AccountChange(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(user(EventType.UPDATE_EMAIL)))
                .contains(new AccountChange(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(user(EventType.DELETE_ACCOUNT)))
                .contains(new AccountChange(AccountChange.Kind.DELETED, USER));
    }

    @Test
    void loginsAndErrorsAreNoAccountChanges() {
        assertThat(AccountChange.of(user(EventType.LOGIN))).isEmpty();
        assertThat(AccountChange.of(user(EventType.REGISTER_ERROR))).isEmpty();
        Event failed = user(EventType.REGISTER);
        failed.setError("invalid_registration");
        assertThat(AccountChange.of(failed)).isEmpty();
        Event anonymous = user(EventType.UPDATE_PROFILE);
        anonymous.setUserId(null);
        assertThat(AccountChange.of(anonymous)).isEqualTo(Optional.empty());
    }

    private static AdminEvent admin(ResourceType resource, OperationType operation, String path) {
        AdminEvent event = new AdminEvent();
        event.setResourceType(resource);
        event.setOperationType(operation);
        event.setResourcePath(path);
        event.setRealmId("ates");
        event.setTime(1_700_000_000_000L);
        return event;
    }

    private static Event user(EventType type) {
        Event event = new Event();
        event.setType(type);
        event.setUserId(USER);
        event.setRealmId("ates");
        event.setTime(1_700_000_000_000L);
        return event;
    }
}

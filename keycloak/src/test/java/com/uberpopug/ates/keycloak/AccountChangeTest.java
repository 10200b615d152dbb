package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class AccountChangeTest {

    private static final String USER = "6f1d3c2a-9b7e-4a41-8d55-0c2b7f7e1a11";
    private static final String GROUP = "0b6f3e0e-6d0c-4c43-9d2c-6f1a8c1f2b3d";
    private static final String PARENT = "5c0a1e2b-3d4f-4a5b-8c6d-7e8f9a0b1c2d";
    private static final String CLIENT = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    private static final String ROLE_A = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";
    private static final String ROLE_B = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";
    /** The roles granted or taken, as the admin API's representation lists them. */
    private static final String ROLES = "[{\"id\":\"" + ROLE_A + "\",\"name\":\"manager\"},{\"id\":\"" + ROLE_B
            + "\",\"name\":\"lead\",\"composite\":true}]";

    @Test
    void aUserCreatedThroughTheAdminApiIsACreatedAccount() {
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.CREATE, "users/" + USER)))
                .contains(new AccountChange.Account(AccountChange.Kind.CREATED, USER));
    }

    @Test
    void aUserUpdatedOrDeletedThroughTheAdminApiIsAnUpdatedOrDeletedAccount() {
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.UPDATE, "users/" + USER)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.DELETE, "users/" + USER)))
                .contains(new AccountChange.Account(AccountChange.Kind.DELETED, USER));
    }

    @Test
    void realmRolesGrantedOrRevokedUpdateTheAccount() {
        String path = "users/" + USER + "/role-mappings/realm";
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE, path)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE_MAPPING, OperationType.DELETE, path)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
    }

    @Test
    void joiningOrLeavingAGroupUpdatesTheAccountSinceGroupsCarryRoles() {
        String path = "users/" + USER + "/groups/0b6f3e0e-6d0c-4c43-9d2c-6f1a8c1f2b3d";
        assertThat(AccountChange.of(admin(ResourceType.GROUP_MEMBERSHIP, OperationType.CREATE, path)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(admin(ResourceType.GROUP_MEMBERSHIP, OperationType.DELETE, path)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
    }

    @Test
    void actionsOnAUserAndOtherResourcesChangeNoAccount() {
        assertThat(AccountChange.of(
                        admin(ResourceType.USER, OperationType.ACTION, "users/" + USER + "/reset-password")))
                .isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.USER, OperationType.ACTION, "users/" + USER + "/logout")))
                .isEmpty();
        assertThat(AccountChange.of(
                        admin(ResourceType.USER, OperationType.CREATE, "users/" + USER + "/federated-identity/github")))
                .isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.CLIENT, OperationType.CREATE, "clients/abc")))
                .isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE, OperationType.UPDATE, "roles-by-id/abc")))
                .isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.REALM_ROLE, OperationType.CREATE, "roles/team-lead")))
                .isEmpty();
        assertThat(AccountChange.of(
                        admin(ResourceType.CLIENT_ROLE, OperationType.CREATE, "clients/" + CLIENT + "/roles/lead")))
                .isEmpty();
        assertThat(AccountChange.of(admin(
                        ResourceType.REALM_ROLE_MAPPING,
                        OperationType.ACTION,
                        "users/" + USER + "/role-mappings/realm")))
                .isEmpty();
    }

    @Test
    void aUsersClientRolesGrantedOrRevokedUpdateTheAccountNamingTheRoles() {
        String path = "users/" + USER + "/role-mappings/clients/" + CLIENT;
        assertThat(AccountChange.of(admin(ResourceType.CLIENT_ROLE_MAPPING, OperationType.CREATE, path, ROLES)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER, Set.of(ROLE_A, ROLE_B)));
        assertThat(AccountChange.of(admin(ResourceType.CLIENT_ROLE_MAPPING, OperationType.DELETE, path, ROLES)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER, Set.of(ROLE_A, ROLE_B)));
    }

    @Test
    void realmOrClientRolesOfAGroupChangeItsMembers() {
        assertThat(AccountChange.of(admin(
                        ResourceType.REALM_ROLE_MAPPING,
                        OperationType.CREATE,
                        "groups/" + GROUP + "/role-mappings/realm",
                        ROLES)))
                .contains(new AccountChange.GroupMembers(GROUP, Set.of(ROLE_A, ROLE_B)));
        assertThat(AccountChange.of(admin(
                        ResourceType.CLIENT_ROLE_MAPPING,
                        OperationType.DELETE,
                        "groups/" + GROUP + "/role-mappings/clients/" + CLIENT,
                        ROLES)))
                .contains(new AccountChange.GroupMembers(GROUP, Set.of(ROLE_A, ROLE_B)));
    }

    @Test
    void compositesOfARoleChangeEveryoneWhoHoldsIt() {
        assertThat(AccountChange.of(admin(
                        ResourceType.REALM_ROLE, OperationType.CREATE, "roles-by-id/" + ROLE_A + "/composites", ROLES)))
                .contains(new AccountChange.RoleHolders(ROLE_A, null, null, Set.of(ROLE_A, ROLE_B)));
        assertThat(AccountChange.of(admin(
                        ResourceType.CLIENT_ROLE,
                        OperationType.DELETE,
                        "roles-by-id/" + ROLE_A + "/composites",
                        ROLES)))
                .contains(new AccountChange.RoleHolders(ROLE_A, null, null, Set.of(ROLE_A, ROLE_B)));
        assertThat(AccountChange.of(
                        admin(ResourceType.REALM_ROLE, OperationType.CREATE, "roles/team lead/composites", ROLES)))
                .contains(new AccountChange.RoleHolders(null, null, "team lead", Set.of(ROLE_A, ROLE_B)));
        assertThat(AccountChange.of(admin(
                        ResourceType.CLIENT_ROLE,
                        OperationType.DELETE,
                        "clients/" + CLIENT + "/roles/lead/composites",
                        ROLES)))
                .contains(new AccountChange.RoleHolders(null, CLIENT, "lead", Set.of(ROLE_A, ROLE_B)));
    }

    @Test
    void aGroupMovedUnderAnotherOrToTheTopChangesItsMembers() {
        String moved = "{\"id\":\"" + GROUP + "\",\"name\":\"team\"}";
        assertThat(AccountChange.of(
                        admin(ResourceType.GROUP, OperationType.UPDATE, "groups/" + PARENT + "/children", moved)))
                .contains(new AccountChange.GroupMembers(GROUP, Set.of()));
        assertThat(AccountChange.of(admin(ResourceType.GROUP, OperationType.UPDATE, "groups", moved)))
                .contains(new AccountChange.GroupMembers(GROUP, Set.of()));
    }

    @Test
    void aGroupCreatedRenamedOrDeletedThroughItsAdminEventChangesNoAccount() {
        String group = "{\"id\":\"" + GROUP + "\",\"name\":\"team\"}";
        assertThat(AccountChange.of(
                        admin(ResourceType.GROUP, OperationType.CREATE, "groups/" + PARENT + "/children", group)))
                .isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.GROUP, OperationType.CREATE, "groups/" + GROUP, group)))
                .isEmpty();
        assertThat(AccountChange.of(admin(ResourceType.GROUP, OperationType.UPDATE, "groups/" + GROUP, group)))
                .isEmpty();
        // its members are collected when Keycloak announces the removal, before their memberships go
        assertThat(AccountChange.of(admin(ResourceType.GROUP, OperationType.DELETE, "groups/" + GROUP, group)))
                .isEmpty();
        assertThat(AccountChange.of(
                        admin(ResourceType.GROUP, OperationType.UPDATE, "groups/" + PARENT + "/children", null)))
                .as("a move that does not say which group")
                .isEmpty();
    }

    @Test
    void aRepresentationThatDoesNotNameItsRolesByIdNamesNone() {
        assertThat(AccountChange.roleIds("[{\"id\":\"a\"},{\"name\":\"manager\"}]"))
                .isEmpty();
        assertThat(AccountChange.roleIds("not json")).isEmpty();
        assertThat(AccountChange.roleIds(null)).isEmpty();
        assertThat(AccountChange.of(admin(
                        ResourceType.REALM_ROLE_MAPPING,
                        OperationType.CREATE,
                        "users/" + USER + "/role-mappings/realm",
                        null)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
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
                .contains(new AccountChange.Account(AccountChange.Kind.CREATED, USER));
        assertThat(AccountChange.of(user(EventType.UPDATE_PROFILE)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(user(EventType.UPDATE_EMAIL)))
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(user(EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT)))
                .as("locked out for good: disabled")
                .contains(new AccountChange.Account(AccountChange.Kind.UPDATED, USER));
        assertThat(AccountChange.of(user(EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT)))
                .as("locked out for a while: still enabled")
                .isEmpty();
        assertThat(AccountChange.of(user(EventType.DELETE_ACCOUNT)))
                .contains(new AccountChange.Account(AccountChange.Kind.DELETED, USER));
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
        return admin(resource, operation, path, null);
    }

    private static AdminEvent admin(
            ResourceType resource, OperationType operation, String path, String representation) {
        AdminEvent event = new AdminEvent();
        event.setRepresentation(representation);
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

package com.uberpopug.ates.keycloak;

import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV2;
import com.uberpopug.ates.events.account.Role;
import java.time.Instant;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * The Account.* events of Keycloak users: Created and Updated v2 carry the whole account as Keycloak has it now,
 * its effective business role and whether it is enabled; Deleted v1 carries the id.
 */
final class AccountEvents {

    private AccountEvents() {}

    static EventEnvelope<AccountCreatedV2> created(RealmModel realm, UserModel user, Instant at) {
        return EventEnvelope.of(
                EventType.ACCOUNT_CREATED_V2,
                new AccountCreatedV2(
                        user.getId(),
                        user.getUsername(),
                        user.getEmail(),
                        fullName(user.getFirstName(), user.getLastName()),
                        role(realm, user),
                        user.isEnabled()),
                at);
    }

    static EventEnvelope<AccountUpdatedV2> updated(RealmModel realm, UserModel user, Instant at) {
        return EventEnvelope.of(
                EventType.ACCOUNT_UPDATED_V2,
                new AccountUpdatedV2(
                        user.getId(),
                        user.getUsername(),
                        user.getEmail(),
                        fullName(user.getFirstName(), user.getLastName()),
                        role(realm, user),
                        user.isEnabled()),
                at);
    }

    static EventEnvelope<AccountDeletedV1> deleted(String userId, Instant at) {
        return EventEnvelope.of(EventType.ACCOUNT_DELETED_V1, new AccountDeletedV1(userId), at);
    }

    /**
     * The effective business role: {@link UserModel#hasRole} follows the user's realm and client role mappings,
     * their composites, and the roles of the user's groups and of their parent groups.
     */
    static Role role(RealmModel realm, UserModel user) {
        return Role.highestHeld(name -> {
                    RoleModel realmRole = realm.getRole(name);
                    return realmRole != null && user.hasRole(realmRole);
                })
                .orElse(null);
    }

    /** "First Last", either part alone when the other is missing, null when both are. */
    static String fullName(String first, String last) {
        String name = ((first == null ? "" : first.strip()) + " " + (last == null ? "" : last.strip())).strip();
        return name.isEmpty() ? null : name;
    }
}

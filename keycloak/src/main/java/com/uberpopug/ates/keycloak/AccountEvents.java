package com.uberpopug.ates.keycloak;

import java.time.Instant;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.events.account.Role;

/** The Account.* v1 events of Keycloak users: the whole account as Keycloak has it now. */
final class AccountEvents {

    private AccountEvents() {
    }

    static EventEnvelope<AccountCreatedV1> created(RealmModel realm, UserModel user, Instant at) {
        return EventEnvelope.of(EventType.ACCOUNT_CREATED_V1, new AccountCreatedV1(user.getId(), user.getUsername(),
                user.getEmail(), fullName(user.getFirstName(), user.getLastName()), role(realm, user)), at);
    }

    static EventEnvelope<AccountUpdatedV1> updated(RealmModel realm, UserModel user, Instant at) {
        return EventEnvelope.of(EventType.ACCOUNT_UPDATED_V1, new AccountUpdatedV1(user.getId(), user.getUsername(),
                user.getEmail(), fullName(user.getFirstName(), user.getLastName()), role(realm, user)), at);
    }

    static EventEnvelope<AccountDeletedV1> deleted(String userId, Instant at) {
        return EventEnvelope.of(EventType.ACCOUNT_DELETED_V1, new AccountDeletedV1(userId), at);
    }

    private static Role role(RealmModel realm, UserModel user) {
        return BusinessRole.of(name -> {
            RoleModel realmRole = realm.getRole(name);
            return realmRole != null && user.hasRole(realmRole);
        });
    }

    /** "First Last", either part alone when the other is missing, null when both are. */
    static String fullName(String first, String last) {
        String name = ((first == null ? "" : first.strip()) + " " + (last == null ? "" : last.strip())).strip();
        return name.isEmpty() ? null : name;
    }
}

package com.uberpopug.ates.keycloak;

import com.uberpopug.ates.events.EventValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Turns user, group and role changes into {@code Account.Created/Updated} v2 and {@code Account.Deleted} v1 rows of
 * Keycloak's outbox, in the database transaction of the request that made the change.
 * <p>
 * Keycloak hands events to listeners while the request runs, inside its transaction, but only logs what a listener
 * throws. So the listener collects the changes and writes their rows in the prepare phase of Keycloak's
 * transaction, after the request's own work and before the database commit: a change that rolls back leaves no
 * row, and a row that cannot be written (or breaks its schema) fails the commit, so the change rolls back too and
 * the caller gets an error. The rows carry each account as it is at the end of the request, once per account and
 * request.
 * <p>
 * A change of a group's roles, of a role's composites, or a group moved reaches many accounts: each member or holder
 * gets an Account.Updated, read page by page ({@link RoleReach}). A deleted group's members are collected when
 * Keycloak announces the removal ({@link #groupRemoved}), before their memberships go.
 */
public final class AccountEventListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(AccountEventListener.class);

    private final KeycloakSession session;
    private final EventValidator validator;
    private OutboxWrites writes;

    public AccountEventListener(KeycloakSession session, EventValidator validator) {
        this.session = session;
        this.validator = validator;
    }

    @Override
    public void onEvent(Event event) {
        AccountChange.of(event).ifPresent(change -> collect(change, event.getRealmId(), event.getTime()));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        AccountChange.of(event).ifPresent(change -> collect(change, event.getRealmId(), event.getTime()));
    }

    /**
     * A group is about to be removed (its subgroups follow, each announced too): its members lose its roles.
     * Their ids are kept until the commit, since the memberships are gone by then.
     */
    void groupRemoved(RealmModel realm, GroupModel group, Instant at) {
        List<String> members = new RoleReach(session, realm).ownMemberIds(group);
        members.forEach(id ->
                collect(new AccountChange.Account(AccountChange.Kind.UPDATED, id), realm.getId(), at.toEpochMilli()));
        LOG.debugf("group %s removed: %d members to update", group.getId(), members.size());
    }

    private void collect(AccountChange change, String realmId, long epochMillis) {
        if (writes == null) {
            writes = new OutboxWrites();
            session.getTransactionManager().enlistPrepare(writes);
        }
        writes.changes.add(new Collected(change, realmId, Instant.ofEpochMilli(epochMillis)));
    }

    private record Collected(AccountChange change, String realmId, Instant at) {}

    /** This transaction's changes, written when Keycloak prepares to commit it. */
    private final class OutboxWrites extends AbstractKeycloakTransaction {

        private final List<Collected> changes = new ArrayList<>();
        /** Accounts whose Account.Updated this transaction has written: it carries them as they are at the end. */
        private final Set<String> updated = new HashSet<>();

        @Override
        protected void commitImpl() {
            writes = null;
            AccountOutbox outbox = new AccountOutbox(
                    session.getProvider(JpaConnectionProvider.class).getEntityManager(), validator);
            for (Collected collected : changes) {
                RealmModel realm = session.realms().getRealm(collected.realmId());
                try {
                    write(outbox, realm, collected);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "could not write the account events of " + collected.change()
                                    + "; the change is rolled back",
                            e);
                }
            }
        }

        private void write(AccountOutbox outbox, RealmModel realm, Collected collected) {
            switch (collected.change()) {
                case AccountChange.Account account -> {
                    if (account.kind() == AccountChange.Kind.DELETED) {
                        outbox.append(AccountEvents.deleted(account.userId(), collected.at()));
                        return;
                    }
                    if (realm == null || !new RoleReach(session, realm).carriesABusinessRole(account.roleIds())) {
                        return;
                    }
                    UserModel user = session.users().getUserById(realm, account.userId());
                    if (user == null) {
                        // deleted later in the same transaction: its Account.Deleted follows
                        LOG.debugf(
                                "user %s of realm %s is gone; no %s written",
                                account.userId(), collected.realmId(), account.kind());
                    } else if (account.kind() == AccountChange.Kind.CREATED) {
                        outbox.append(AccountEvents.created(realm, user, collected.at()));
                    } else {
                        updated(outbox, realm, user, collected.at());
                    }
                }
                case AccountChange.GroupMembers members -> {
                    RoleReach reach = realm == null ? null : new RoleReach(session, realm);
                    GroupModel group = reach == null || !reach.carriesABusinessRole(members.roleIds())
                            ? null
                            : realm.getGroupById(members.groupId());
                    if (group != null) {
                        reach.membersOf(group, user -> updated(outbox, realm, user, collected.at()));
                    }
                }
                case AccountChange.RoleHolders holders -> {
                    RoleReach reach = realm == null ? null : new RoleReach(session, realm);
                    RoleModel role = reach == null || !reach.carriesABusinessRole(holders.roleIds())
                            ? null
                            : reach.role(holders);
                    if (role != null) {
                        reach.holdersOf(role, user -> updated(outbox, realm, user, collected.at()));
                    }
                }
            }
        }

        private void updated(AccountOutbox outbox, RealmModel realm, UserModel user, Instant at) {
            // a client's service account is no one's account: it is never announced either
            if (user.getServiceAccountClientLink() == null && updated.add(user.getId())) {
                outbox.append(AccountEvents.updated(realm, user, at));
            }
        }

        @Override
        protected void rollbackImpl() {
            writes = null;
        }
    }

    @Override
    public void close() {
        // holds nothing of its own: the session closes the entity manager
    }
}

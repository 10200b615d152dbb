package com.uberpopug.ates.keycloak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventValidator;

/**
 * Turns user and role changes into {@code Account.Created/Updated/Deleted} v1 rows of Keycloak's outbox, in the
 * database transaction of the request that made the change.
 * <p>
 * Keycloak hands events to listeners while the request runs, inside its transaction, but only logs what a listener
 * throws. So the listener collects the changes and writes their rows in the prepare phase of Keycloak's
 * transaction, after the request's own work and before the database commit: a change that rolls back leaves no
 * row, and a row that cannot be written (or breaks its schema) fails the commit, so the change rolls back too and
 * the caller gets an error. The rows carry each account as it is at the end of the request.
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

    private void collect(AccountChange change, String realmId, long epochMillis) {
        if (writes == null) {
            writes = new OutboxWrites();
            session.getTransactionManager().enlistPrepare(writes);
        }
        writes.changes.add(new Collected(change, realmId, Instant.ofEpochMilli(epochMillis)));
    }

    private record Collected(AccountChange change, String realmId, Instant at) {
    }

    /** This transaction's changes, written when Keycloak prepares to commit it. */
    private final class OutboxWrites extends AbstractKeycloakTransaction {

        private final List<Collected> changes = new ArrayList<>();

        @Override
        protected void commitImpl() {
            writes = null;
            AccountOutbox outbox = new AccountOutbox(
                    session.getProvider(JpaConnectionProvider.class).getEntityManager(), validator);
            for (Collected collected : changes) {
                try {
                    EventEnvelope<?> envelope = envelope(collected);
                    if (envelope != null) {
                        OutboxRow row = outbox.append(envelope, collected.change().userId());
                        LOG.debugf("outbox: %s %s for user %s", row.type(), row.id(), row.aggregateId());
                    }
                } catch (RuntimeException e) {
                    throw new IllegalStateException("could not write the account event of user "
                            + collected.change().userId() + "; the change is rolled back", e);
                }
            }
        }

        @Override
        protected void rollbackImpl() {
            writes = null;
        }
    }

    /** The event of a change, with the account as it is now; null when the user is already gone again. */
    private EventEnvelope<?> envelope(Collected collected) {
        AccountChange change = collected.change();
        if (change.kind() == AccountChange.Kind.DELETED) {
            return AccountEvents.deleted(change.userId(), collected.at());
        }
        RealmModel realm = session.realms().getRealm(collected.realmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, change.userId());
        if (user == null) {
            // deleted later in the same transaction: its Account.Deleted follows
            LOG.debugf("user %s of realm %s is gone; no %s written", change.userId(), collected.realmId(),
                    change.kind());
            return null;
        }
        return change.kind() == AccountChange.Kind.CREATED
                ? AccountEvents.created(realm, user, collected.at())
                : AccountEvents.updated(realm, user, collected.at());
    }

    @Override
    public void close() {
        // holds nothing of its own: the session closes the entity manager
    }
}

package com.uberpopug.ates.keycloak;

import com.uberpopug.ates.events.EventValidator;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Announces the accounts nobody has heard of: at Keycloak's start (after its realm import, which sends no events)
 * every user of a realm that lists the listener and has no Account.Created row yet gets one. So the seeded users of
 * an imported realm, and users that existed before the listener was installed, reach the services too.
 */
final class ExistingAccounts {

    private static final Logger LOG = Logger.getLogger(ExistingAccounts.class);

    private final KeycloakSession session;
    private final EventValidator validator;
    private final Clock clock;

    ExistingAccounts(KeycloakSession session, EventValidator validator, Clock clock) {
        this.session = session;
        this.validator = validator;
        this.clock = clock;
    }

    /** Writes the missing Account.Created rows, in the session's transaction. */
    void announce() {
        EntityManager entityManager =
                session.getProvider(JpaConnectionProvider.class).getEntityManager();
        AccountOutbox outbox = new AccountOutbox(entityManager, validator);
        Set<String> announced = new HashSet<>();
        for (Object id : entityManager
                .createNativeQuery("SELECT DISTINCT aggregateid FROM outbox_event WHERE type = 'Account.Created'")
                .getResultList()) {
            announced.add((String) id);
        }
        session.realms().getRealmsStream().filter(ExistingAccounts::listens).forEach(realm -> {
            session.getContext().setRealm(realm); // the user store serves the context's realm only
            AtomicInteger count = new AtomicInteger();
            session.users()
                    .searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"))
                    .filter(user -> !announced.contains(user.getId()))
                    .forEach(user -> {
                        outbox.append(AccountEvents.created(realm, user, clock.instant()));
                        count.incrementAndGet();
                    });
            if (count.get() > 0) {
                LOG.infof("announced %d existing accounts of realm %s", count.get(), realm.getName());
            }
        });
    }

    /** Whether a realm sends its account changes to the outbox. */
    static boolean listens(RealmModel realm) {
        return realm.getEventsListenersStream().anyMatch(AccountEventListenerFactory.ID::equals);
    }
}

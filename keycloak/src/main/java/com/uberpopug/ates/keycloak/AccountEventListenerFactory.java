package com.uberpopug.ates.keycloak;

import java.time.Clock;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

import com.uberpopug.ates.events.EventValidator;

/**
 * The event listener {@value #ID}: a realm that lists it in its {@code eventsListeners} (with admin events
 * enabled) writes its account changes to the outbox. Loads the event schemas once, at Keycloak's start, and
 * announces the accounts that have no Account.Created yet once Keycloak has started (and imported its realms).
 */
public final class AccountEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "ates-accounts";

    private EventValidator validator;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AccountEventListener(session, validator);
    }

    @Override
    public void init(Config.Scope config) {
        validator = new EventValidator();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> new ExistingAccounts(session, validator, Clock.systemUTC()).announce());
            }
        });
    }

    @Override
    public void close() {
        // the validator holds no resources
    }

    @Override
    public String getId() {
        return ID;
    }
}

package com.uberpopug.ates.keycloak;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link OutboxTable} with Keycloak's JPA entity SPI, the supported way to add tables. */
public final class OutboxTableFactory implements JpaEntityProviderFactory {

    public static final String ID = "ates-outbox";

    private static final OutboxTable TABLE = new OutboxTable();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return TABLE;
    }

    @Override
    public void init(Config.Scope config) {
        // no configuration
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return ID;
    }
}

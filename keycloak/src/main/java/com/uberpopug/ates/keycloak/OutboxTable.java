package com.uberpopug.ates.keycloak;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/**
 * Adds the outbox table and its publication to Keycloak's database: Keycloak runs {@value #CHANGELOG} with
 * Liquibase at start, after its own schema, and records it in its own changelog table
 * ({@code databasechangelog_ates_outbo}). The listener writes with native SQL, so there are no entities.
 */
public final class OutboxTable implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/ates-outbox-changelog.xml";

    @Override
    public List<Class<?>> getEntities() {
        return List.of();
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return OutboxTableFactory.ID;
    }

    @Override
    public void close() {
        // nothing held
    }
}

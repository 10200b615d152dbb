package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.events.EventListenerProviderFactory;

/** Keycloak finds the providers through java.util.ServiceLoader, as these tests do. */
class ProviderRegistrationTest {

    @Test
    void keycloakFindsTheAccountEventListener() {
        assertThat(ServiceLoader.load(EventListenerProviderFactory.class).stream()
                        .map(ServiceLoader.Provider::get))
                .extracting(EventListenerProviderFactory::getId)
                .contains(AccountEventListenerFactory.ID);
    }

    @Test
    void keycloakFindsTheOutboxTableWithItsChangelog() throws Exception {
        JpaEntityProviderFactory factory = ServiceLoader.load(JpaEntityProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.getId().equals(OutboxTableFactory.ID))
                .findFirst()
                .orElseThrow();
        var table = factory.create(null);

        assertThat(table.getEntities()).isEmpty();
        assertThat(table.getFactoryId()).isEqualTo(OutboxTableFactory.ID);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(table.getChangelogLocation())) {
            assertThat(in).isNotNull();
            String changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(changelog)
                    .contains("tableName=\"outbox_event\"")
                    .contains("CREATE PUBLICATION ates_outbox FOR TABLE outbox_event WITH (publish = 'insert')");
        }
    }
}

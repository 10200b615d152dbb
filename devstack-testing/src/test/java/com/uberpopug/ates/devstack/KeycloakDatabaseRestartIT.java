package com.uberpopug.ates.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts under a running Keycloak, as in a failover or a minor-version upgrade. Once it is back, logins
 * work at once: Keycloak must not hand out the pooled connections the restart closed.
 */
class KeycloakDatabaseRestartIT {

    private static final List<String> USERS = List.of("popug1", "popug2", "manager", "admin", "accountant");

    @Test
    void loginsWorkAtOnceAfterPostgresRestarts() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        String issuer = infrastructure.keycloak().issuer();
        // logins side by side: the pool holds several connections when the database goes away
        try (ExecutorService logins = Executors.newFixedThreadPool(8)) {
            List<Future<String>> warm = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String user = USERS.get(i % USERS.size());
                warm.add(logins.submit(() -> KeycloakTokens.fetch(issuer, user, user)));
            }
            for (Future<String> token : warm) {
                assertThat(token.get()).isNotBlank();
            }
        }

        infrastructure.postgres().stop();
        infrastructure.postgres().start();

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String user = USERS.get(i % USERS.size());
            try {
                KeycloakTokens.fetch(issuer, user, user);
            } catch (IllegalStateException e) {
                refused.add(e.getMessage());
            }
        }
        assertThat(refused).as("logins refused after the database came back").isEmpty();
    }
}

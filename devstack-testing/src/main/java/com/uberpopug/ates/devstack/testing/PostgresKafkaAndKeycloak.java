package com.uberpopug.ates.devstack.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: {@link PostgresAndKafka} and the real Keycloak with the realm 'ates', the service's OIDC
 * pointed at it. Tokens for the seeded users come from {@link KeycloakTokens}.
 */
public class PostgresKafkaAndKeycloak extends PostgresAndKafka {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put(
                "quarkus.oidc.auth-server-url",
                TestInfrastructure.get().keycloak().issuer());
        return config;
    }
}

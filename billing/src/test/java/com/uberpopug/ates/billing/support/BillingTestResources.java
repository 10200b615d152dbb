package com.uberpopug.ates.billing.support;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything billing's tests run against, real and started once per test JVM: PostgreSQL, Kafka and Keycloak
 * (devstack), and a GreenMail SMTP server the mailer sends to. Every test class of the module names this one
 * resource with the same argument, so the application starts once.
 */
public class BillingTestResources extends PostgresKafkaAndKeycloak {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(MailServer.get().smtpPort()));
        config.put("quarkus.mailer.mock", "false");
        return config;
    }
}

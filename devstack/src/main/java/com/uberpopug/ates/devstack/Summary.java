package com.uberpopug.ates.devstack;

/** The table the launcher ends with: where everything is, and who can log in. */
final class Summary {

    private Summary() {}

    static String of(Stack stack) {
        Stack.Ports p = stack.ports();
        String logs = stack.logsDir().toString();
        StringBuilder s = new StringBuilder();
        s.append(String.format("%n  %-22s %s%n", "WHAT", "WHERE"));
        row(s, "tasks", stack.service("tasks").url() + "   (API /api, health /q/health, /q/openapi)");
        row(s, "billing", stack.service("billing").url());
        row(s, "analytics", stack.service("analytics").url());
        row(s, "Keycloak, realm ates", stack.keycloak().issuer() + "/account");
        row(
                s,
                "Keycloak admin console",
                stack.keycloak().url() + "/admin   (" + Keycloak.ADMIN_USER + "/" + Keycloak.ADMIN_PASSWORD + ")");
        row(
                s,
                "Kafka",
                stack.kafka().bootstrapServers() + "   topics " + String.join(", ", Kafka.TOPICS) + " (+ .dlq)");
        row(
                s,
                "PostgreSQL",
                "localhost:" + p.postgres() + "   (" + Postgres.USER + "/" + Postgres.PASSWORD + "; databases "
                        + String.join(", ", Stack.DATABASES) + ")");
        row(
                s,
                "Debezium Server",
                "keycloak http://localhost:" + p.debeziumKeycloak() + "/q/health, tasks "
                        + "http://localhost:" + p.debeziumTasks() + "/q/health, billing http://localhost:"
                        + p.debeziumBilling()
                        + "/q/health");
        row(
                s,
                "e-mail (GreenMail)",
                "SMTP localhost:" + p.smtp() + ", IMAP localhost:" + p.imap() + ", API "
                        + stack.greenMail().apiUrl());
        row(
                s,
                "traces (Zipkin)",
                stack.zipkin().uiUrl() + "   (API " + stack.zipkin().url() + "/api/v2)");
        row(s, "logs", logs + "/<component>.log");
        s.append(String.format("%n  SEEDED USERS (password = user name)%n"));
        row(s, "admin", "admin");
        row(s, "manager", "manager");
        row(s, "accountant", "accountant");
        row(s, "popug1 ... popug5", "worker");
        s.append(String.format(
                "%n  A token for popug1:%n  curl -s -d grant_type=password -d client_id=ates-cli "
                        + "-d username=popug1 -d password=popug1 %s/protocol/openid-connect/token%n",
                stack.keycloak().issuer()));
        return s.toString();
    }

    private static void row(StringBuilder s, String what, String where) {
        s.append(String.format("  %-22s %s%n", what, where));
    }
}

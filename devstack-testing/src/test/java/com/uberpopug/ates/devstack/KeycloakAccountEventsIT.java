package com.uberpopug.ates.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.devstack.testing.ThrowawayFolder;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventValidator;

/**
 * The real Keycloak with the account event listener installed (module keycloak), on a real PostgreSQL, changed
 * through its admin REST API: each change leaves its Account.* row in Keycloak's outbox, in the change's own
 * transaction, and Debezium Server carries it to accounts-stream.
 */
class KeycloakAccountEventsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EventValidator VALIDATOR = new EventValidator();

    /** The stack's name for Keycloak's database: its Debezium Server's slot and offsets follow from it. */
    private static final String DATABASE = "keycloak";

    private static Path dir;
    private static Postgres postgres;
    private static Kafka kafka;
    private static Keycloak keycloak;
    private static DebeziumServer debezium;

    @BeforeAll
    static void startKeycloakAndItsDebeziumServer() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        postgres = infrastructure.postgres();
        kafka = infrastructure.kafka();
        dir = ThrowawayFolder.create("ates-keycloak-it-");
        postgres.createDatabase(DATABASE);
        Stack.Ports ports = Stack.Ports.free();
        keycloak = new Keycloak(ports.keycloak(), ports.keycloakManagement(), postgres.jdbcUrl(DATABASE),
                dir.resolve("logs/keycloak.log"), null);
        keycloak.start();
        debezium = new DebeziumServer(DATABASE, dir.resolve("debezium"), ports.debeziumKeycloak(), postgres.port(),
                kafka.bootstrapServers(), dir.resolve("logs/debezium-keycloak.log"), null);
        debezium.start();
    }

    @AfterAll
    static void stopThem() {
        try {
            if (debezium != null) {
                debezium.stop();
            }
        } finally {
            if (keycloak != null) {
                keycloak.stop();
            }
            if (dir != null) {
                ThrowawayFolder.release(dir);
            }
        }
    }

    @Test
    void keycloakCreatesTheOutboxTableAndItsInsertOnlyPublication() throws Exception {
        try (Connection db = postgres.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet publication = sql.executeQuery("SELECT pubinsert, pubupdate, pubdelete FROM pg_publication "
                        + "WHERE pubname = 'ates_outbox'")) {
            assertThat(publication.next()).as("publication ates_outbox").isTrue();
            assertThat(publication.getBoolean("pubinsert")).isTrue();
            assertThat(publication.getBoolean("pubupdate")).isFalse();
            assertThat(publication.getBoolean("pubdelete")).isFalse();
        }
        try (Connection db = postgres.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet tables = sql.executeQuery("SELECT tablename FROM pg_publication_tables "
                        + "WHERE pubname = 'ates_outbox'")) {
            assertThat(tables.next()).isTrue();
            assertThat(tables.getString(1)).isEqualTo("outbox_event");
            assertThat(tables.next()).as("only outbox_event is published").isFalse();
        }
    }

    @Test
    void theSeededUsersOfTheImportedRealmAreAnnouncedOnceWithTheirRoles() throws Exception {
        Map<String, String> seeded = Map.of("admin", "admin", "manager", "manager", "accountant", "accountant",
                "popug1", "worker", "popug5", "worker");
        for (Map.Entry<String, String> user : seeded.entrySet()) {
            HttpResponse<String> found = admin("GET", "/users?exact=true&username=" + user.getKey(), null);
            String id = EventJson.mapper().readTree(found.body()).path(0).path("id").asText();
            assertThat(id).as("id of %s", user.getKey()).isNotBlank();

            assertThat(rowsOf(id)).as("rows of %s", user.getKey()).singleElement().satisfies(row -> {
                assertThat(row.type()).isEqualTo("Account.Created");
                assertThat(VALIDATOR.validate(row.payload()).reasons()).isEmpty();
                assertThat(row.payload().path("data").path("username").asText()).isEqualTo(user.getKey());
                assertThat(row.payload().path("data").path("role").asText()).isEqualTo(user.getValue());
            });
        }
    }

    @Test
    void restartingKeycloakAnnouncesNobodyTwice() throws Exception {
        String id = createUser(uniqueName());
        long created = createdRowCount();

        keycloak.stop();
        keycloak.start();

        assertThat(createdRowCount()).isEqualTo(created);
        assertThat(rowsOf(id)).hasSize(1);
    }

    @Test
    void creatingAUserWritesExactlyOneValidAccountCreatedRowKeyedByTheUserId() throws Exception {
        String name = uniqueName();

        String id = createUser(name);

        List<OutboxRow> rows = rowsOf(id);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.type()).isEqualTo("Account.Created");
            assertThat(row.aggregateType()).isEqualTo("accounts-stream");
            assertThat(row.eventVersion()).isEqualTo(1);
            assertThat(VALIDATOR.validate(row.payload()).reasons()).isEmpty();
            assertThat(row.payload().path("eventId").asText()).isEqualTo(row.id());
            assertThat(row.payload().path("producer").asText()).isEqualTo("keycloak");
            JsonNode data = row.payload().path("data");
            assertThat(data.path("accountId").asText()).isEqualTo(id);
            assertThat(data.path("username").asText()).isEqualTo(name);
            assertThat(data.path("email").asText()).isEqualTo(name + "@uberpopug.test");
            assertThat(data.path("fullName").asText()).isEqualTo("Popug " + name);
            assertThat(data.path("role").isNull()).as("no business role yet").isTrue();
        });
    }

    @Test
    void grantingRealmRolesWritesAccountUpdatedWithTheHighestBusinessRole() throws Exception {
        String id = createUser(uniqueName());

        grantRealmRole(id, "worker");
        grantRealmRole(id, "manager");

        List<OutboxRow> rows = rowsOf(id);
        assertThat(rows).extracting(OutboxRow::type)
                .containsExactly("Account.Created", "Account.Updated", "Account.Updated");
        assertThat(rows.get(1).payload().path("data").path("role").asText()).isEqualTo("worker");
        assertThat(rows.get(2).payload().path("data").path("role").asText()).isEqualTo("manager");
        assertThat(rows).allSatisfy(row -> assertThat(VALIDATOR.validate(row.payload()).reasons()).isEmpty());
    }

    @Test
    void deletingAUserWritesAccountDeleted() throws Exception {
        String id = createUser(uniqueName());

        HttpResponse<String> deleted = admin("DELETE", "/users/" + id, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        List<OutboxRow> rows = rowsOf(id);
        assertThat(rows).extracting(OutboxRow::type).containsExactly("Account.Created", "Account.Deleted");
        OutboxRow deletion = rows.get(1);
        assertThat(VALIDATOR.validate(deletion.payload()).reasons()).isEmpty();
        assertThat(deletion.payload().path("data").path("accountId").asText()).isEqualTo(id);
    }

    @Test
    void aRefusedChangeWritesNothing() throws Exception {
        String name = uniqueName();
        createUser(name);
        long before = rowCount();

        HttpResponse<String> duplicate = admin("POST", "/users", user(name));

        assertThat(duplicate.statusCode()).isEqualTo(409);
        HttpResponse<String> unknownRole = admin("POST", "/users/" + UUID.randomUUID() + "/role-mappings/realm",
                "[{\"name\":\"manager\"}]");
        assertThat(unknownRole.statusCode()).isEqualTo(404);
        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void aChangeWhoseEventCannotBeWrittenIsRolledBack() throws Exception {
        String name = uniqueName();
        long before = rowCount();
        HttpResponse<String> refused;
        try (Connection db = postgres.connect(DATABASE); Statement sql = db.createStatement()) {
            sql.execute("ALTER TABLE outbox_event RENAME TO outbox_event_away");
            try {
                refused = admin("POST", "/users", user(name));
            } finally {
                sql.execute("ALTER TABLE outbox_event_away RENAME TO outbox_event");
            }
        }

        assertThat(refused.statusCode()).as("answer to the refused change: %s", refused.body()).isEqualTo(500);
        HttpResponse<String> found = admin("GET", "/users?exact=true&username=" + name, null);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(EventJson.mapper().readTree(found.body())).as("users named %s", name).isEmpty();
        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void accountEventsReachAccountsStreamKeyedByTheUserId() throws Exception {
        String id = createUser(uniqueName());
        grantRealmRole(id, "worker");
        List<OutboxRow> rows = rowsOf(id);

        List<ConsumerRecord<String, String>> records = awaitRecords("accounts-stream", id, rows.size());

        assertThat(records).extracting(ConsumerRecord::key).containsOnly(id);
        // header values arrive JSON-encoded, a string in quotes
        assertThat(records).extracting(record -> header(record, "eventId").replace("\"", ""))
                .containsExactlyElementsOf(rows.stream().map(OutboxRow::id).toList());
        JsonNode created = EventJson.mapper().readTree(records.get(0).value());
        assertThat(created.path("eventName").asText()).isEqualTo("Account.Created");
        assertThat(VALIDATOR.validate(created).reasons()).isEmpty();
        JsonNode updated = EventJson.mapper().readTree(records.get(1).value());
        assertThat(updated.path("data").path("role").asText()).isEqualTo("worker");
    }

    private record OutboxRow(String id, String aggregateType, String type, int eventVersion, JsonNode payload) {
    }

    private static List<OutboxRow> rowsOf(String aggregateId) throws Exception {
        List<OutboxRow> rows = new ArrayList<>();
        try (Connection db = postgres.connect(DATABASE);
                PreparedStatement query = db.prepareStatement("SELECT id, aggregatetype, type, eventversion, "
                        + "payload::text FROM outbox_event WHERE aggregateid = ? ORDER BY timestamp, "
                        + "payload->>'eventTime'")) {
            query.setString(1, aggregateId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new OutboxRow(result.getString(1), result.getString(2), result.getString(3),
                            result.getInt(4), EventJson.mapper().readTree(result.getString(5))));
                }
            }
        }
        return rows;
    }

    private static long rowCount() throws SQLException {
        try (Connection db = postgres.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet count = sql.executeQuery("SELECT count(*) FROM outbox_event")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static long createdRowCount() throws SQLException {
        try (Connection db = postgres.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet count = sql.executeQuery(
                        "SELECT count(*) FROM outbox_event WHERE type = 'Account.Created'")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static String uniqueName() {
        return "popug-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String user(String name) {
        ObjectNode user = EventJson.mapper().createObjectNode()
                .put("username", name)
                .put("email", name + "@uberpopug.test")
                .put("firstName", "Popug")
                .put("lastName", name)
                .put("enabled", true);
        return user.toString();
    }

    /** Creates a user through the admin API and answers its id. */
    private static String createUser(String name) throws Exception {
        HttpResponse<String> created = admin("POST", "/users", user(name));
        assertThat(created.statusCode()).as("create %s: %s", name, created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void grantRealmRole(String userId, String role) throws Exception {
        HttpResponse<String> found = admin("GET", "/roles/" + role, null);
        assertThat(found.statusCode()).isEqualTo(200);
        HttpResponse<String> granted = admin("POST", "/users/" + userId + "/role-mappings/realm",
                "[" + found.body() + "]");
        assertThat(granted.statusCode()).as("grant %s: %s", role, granted.body()).isEqualTo(204);
    }

    private static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.url() + "/admin/realms/"
                        + Keycloak.REALM + path))
                .header("Authorization", "Bearer " + adminToken())
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fresh token of Keycloak's own administrator each time: the master realm's tokens live 60 s. */
    private static String adminToken() throws Exception {
        String form = form(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", Keycloak.ADMIN_USER, "password", Keycloak.ADMIN_PASSWORD));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.url()
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("admin token: %s", response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body()).path("access_token").asText();
    }

    private static String form(Map<String, String> fields) {
        return String.join("&", fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList());
    }

    private static List<ConsumerRecord<String, String>> awaitRecords(String topic, String key, int count) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "keycloak-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return found.size() >= count;
            });
            return found;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

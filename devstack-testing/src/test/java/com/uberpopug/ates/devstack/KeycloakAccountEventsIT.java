package com.uberpopug.ates.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.devstack.testing.ThrowawayFolder;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventValidator;
import java.net.URI;
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
        // the outbox is pruned every second here, of rows older than two days (by default hourly, seven days)
        keycloak = new Keycloak(
                ports.keycloak(),
                ports.keycloakManagement(),
                postgres.jdbcUrl(DATABASE),
                dir.resolve("logs/keycloak.log"),
                null,
                List.of(
                        "--spi-events-listener--ates-accounts--outbox-retention=P2D",
                        "--spi-events-listener--ates-accounts--outbox-prune-interval=PT1S"));
        keycloak.start();
        debezium = new DebeziumServer(
                DATABASE,
                dir.resolve("debezium"),
                ports.debeziumKeycloak(),
                postgres.port(),
                kafka.bootstrapServers(),
                dir.resolve("logs/debezium-keycloak.log"),
                null);
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
        try (Connection db = postgres.connect(DATABASE);
                Statement sql = db.createStatement();
                ResultSet publication = sql.executeQuery("SELECT pubinsert, pubupdate, pubdelete FROM pg_publication "
                        + "WHERE pubname = 'ates_outbox'")) {
            assertThat(publication.next()).as("publication ates_outbox").isTrue();
            assertThat(publication.getBoolean("pubinsert")).isTrue();
            assertThat(publication.getBoolean("pubupdate")).isFalse();
            assertThat(publication.getBoolean("pubdelete")).isFalse();
        }
        try (Connection db = postgres.connect(DATABASE);
                Statement sql = db.createStatement();
                ResultSet tables = sql.executeQuery(
                        "SELECT tablename FROM pg_publication_tables " + "WHERE pubname = 'ates_outbox'")) {
            assertThat(tables.next()).isTrue();
            assertThat(tables.getString(1)).isEqualTo("outbox_event");
            assertThat(tables.next()).as("only outbox_event is published").isFalse();
        }
    }

    @Test
    void theSeededUsersOfTheImportedRealmAreAnnouncedOnceWithTheirRoles() throws Exception {
        Map<String, String> seeded = Map.of(
                "admin",
                "admin",
                "manager",
                "manager",
                "accountant",
                "accountant",
                "popug1",
                "worker",
                "popug5",
                "worker");
        for (Map.Entry<String, String> user : seeded.entrySet()) {
            HttpResponse<String> found = admin("GET", "/users?exact=true&username=" + user.getKey(), null);
            String id =
                    EventJson.mapper().readTree(found.body()).path(0).path("id").asText();
            assertThat(id).as("id of %s", user.getKey()).isNotBlank();

            assertThat(rowsOf(id))
                    .as("rows of %s", user.getKey())
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.type()).isEqualTo("Account.Created");
                        assertThat(VALIDATOR.validate(row.payload()).reasons()).isEmpty();
                        assertThat(row.payload().path("data").path("username").asText())
                                .isEqualTo(user.getKey());
                        assertThat(row.payload().path("data").path("role").asText())
                                .isEqualTo(user.getValue());
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
            assertThat(row.eventVersion()).isEqualTo(2);
            assertThat(VALIDATOR.validate(row.payload()).reasons()).isEmpty();
            assertThat(row.payload().path("eventId").asText()).isEqualTo(row.id());
            assertThat(row.payload().path("producer").asText()).isEqualTo("keycloak");
            JsonNode data = row.payload().path("data");
            assertThat(data.path("accountId").asText()).isEqualTo(id);
            assertThat(data.path("username").asText()).isEqualTo(name);
            assertThat(data.path("email").asText()).isEqualTo(name + "@uberpopug.test");
            assertThat(data.path("fullName").asText()).isEqualTo("Popug " + name);
            assertThat(data.path("role").isNull()).as("no business role yet").isTrue();
            assertThat(data.path("enabled").asBoolean()).isTrue();
        });
    }

    @Test
    void disablingAUserIsAnAccountUpdatedThatSaysSoAndEnablingItAgainToo() throws Exception {
        String id = createUser(uniqueName());
        grantRealmRole(id, "worker");

        setEnabled(id, false);

        JsonNode disabled = awaitLatest(id, data -> !data.path("enabled").asBoolean(true));
        assertThat(disabled.path("eventName").asText()).isEqualTo("Account.Updated");
        assertThat(disabled.path("eventVersion").asInt()).isEqualTo(2);
        assertThat(disabled.path("data").path("role").asText()).isEqualTo("worker");
        assertThat(VALIDATOR.validate(disabled).reasons()).isEmpty();

        setEnabled(id, true);

        JsonNode enabled = awaitLatest(id, data -> data.path("enabled").asBoolean(false));
        assertThat(enabled.path("eventName").asText()).isEqualTo("Account.Updated");
        assertThat(enabled.path("data").path("role").asText()).isEqualTo("worker");
    }

    @Test
    void aBusinessRoleGrantedToAGroupReachesItsMembersAndTheMembersOfItsSubgroups() throws Exception {
        String group = createGroup(null, uniqueName());
        String subgroup = createGroup(group, uniqueName());
        String member = createUser(uniqueName());
        String subgroupMember = createUser(uniqueName());
        grantRealmRole(member, "worker");
        grantRealmRole(subgroupMember, "worker");
        join(member, group);
        join(subgroupMember, subgroup);
        awaitLatest(member, data -> "worker".equals(data.path("role").asText()));

        HttpResponse<String> granted =
                admin("POST", "/groups/" + group + "/role-mappings/realm", "[" + role("manager") + "]");

        assertThat(granted.statusCode()).isEqualTo(204);
        JsonNode promoted =
                awaitLatest(member, data -> "manager".equals(data.path("role").asText()));
        assertThat(promoted.path("eventName").asText()).isEqualTo("Account.Updated");
        assertThat(promoted.path("eventVersion").asInt()).isEqualTo(2);
        assertThat(promoted.path("data").path("enabled").asBoolean()).isTrue();
        awaitLatest(subgroupMember, data -> "manager".equals(data.path("role").asText()));

        HttpResponse<String> revoked =
                admin("DELETE", "/groups/" + group + "/role-mappings/realm", "[" + role("manager") + "]");

        assertThat(revoked.statusCode()).isEqualTo(204);
        awaitLatest(member, data -> "worker".equals(data.path("role").asText()));
        awaitLatest(subgroupMember, data -> "worker".equals(data.path("role").asText()));
    }

    @Test
    void aRoleThatBecomesCompositeOfManagerPromotesEveryoneWhoHoldsIt() throws Exception {
        String lead = createRealmRole(uniqueName());
        String senior = createRealmRole(uniqueName());
        String group = createGroup(null, uniqueName());
        String direct = createUser(uniqueName());
        String viaGroup = createUser(uniqueName());
        String viaComposite = createUser(uniqueName());
        for (String user : List.of(direct, viaGroup, viaComposite)) {
            grantRealmRole(user, "worker");
        }
        grantRealmRole(direct, lead);
        assertThat(admin("POST", "/groups/" + group + "/role-mappings/realm", "[" + role(lead) + "]")
                        .statusCode())
                .isEqualTo(204);
        join(viaGroup, group);
        assertThat(admin("POST", "/roles/" + senior + "/composites", "[" + role(lead) + "]")
                        .statusCode())
                .isEqualTo(204);
        grantRealmRole(viaComposite, senior);
        awaitLatest(viaComposite, data -> "worker".equals(data.path("role").asText()));

        HttpResponse<String> composed = admin("POST", "/roles/" + lead + "/composites", "[" + role("manager") + "]");

        assertThat(composed.statusCode()).isEqualTo(204);
        for (String user : List.of(direct, viaGroup, viaComposite)) {
            JsonNode promoted =
                    awaitLatest(user, data -> "manager".equals(data.path("role").asText()));
            assertThat(promoted.path("eventVersion").asInt()).isEqualTo(2);
        }

        HttpResponse<String> decomposed =
                admin("DELETE", "/roles/" + lead + "/composites", "[" + role("manager") + "]");

        assertThat(decomposed.statusCode()).isEqualTo(204);
        for (String user : List.of(direct, viaGroup, viaComposite)) {
            awaitLatest(user, data -> "worker".equals(data.path("role").asText()));
        }
    }

    @Test
    void aClientRoleThatCarriesABusinessRoleChangesTheRoleOfTheUserItIsMappedTo() throws Exception {
        String client = EventJson.mapper()
                .readTree(admin("GET", "/clients?clientId=ates-web", null).body())
                .path(0)
                .path("id")
                .asText();
        String clientRole = uniqueName();
        assertThat(admin("POST", "/clients/" + client + "/roles", "{\"name\":\"" + clientRole + "\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(admin(
                                "POST",
                                "/clients/" + client + "/roles/" + clientRole + "/composites",
                                "[" + role("accountant") + "]")
                        .statusCode())
                .isEqualTo(204);
        String id = createUser(uniqueName());
        grantRealmRole(id, "worker");
        String mapping = "["
                + admin("GET", "/clients/" + client + "/roles/" + clientRole, null)
                        .body() + "]";

        HttpResponse<String> mapped = admin("POST", "/users/" + id + "/role-mappings/clients/" + client, mapping);

        assertThat(mapped.statusCode()).isEqualTo(204);
        JsonNode promoted =
                awaitLatest(id, data -> "accountant".equals(data.path("role").asText()));
        assertThat(promoted.path("eventName").asText()).isEqualTo("Account.Updated");

        HttpResponse<String> unmapped = admin("DELETE", "/users/" + id + "/role-mappings/clients/" + client, mapping);

        assertThat(unmapped.statusCode()).isEqualTo(204);
        awaitLatest(id, data -> "worker".equals(data.path("role").asText()));
    }

    @Test
    void grantingOrComposingRolesThatCarryNoBusinessRoleWritesNothing() throws Exception {
        String id = createUser(uniqueName());
        grantRealmRole(id, "worker");
        String lead = createRealmRole(uniqueName());
        grantRealmRole(id, lead);
        int before = rowsOf(id).size();

        grantRealmRole(id, "offline_access");
        assertThat(admin("POST", "/roles/" + lead + "/composites", "[" + role("offline_access") + "]")
                        .statusCode())
                .isEqualTo(204);

        assertThat(rowsOf(id)).hasSize(before);
    }

    @Test
    void movingAGroupUnderOneThatCarriesARoleAndDeletingItChangeTheRoleOfItsMembers() throws Exception {
        String managers = createGroup(null, uniqueName());
        assertThat(admin("POST", "/groups/" + managers + "/role-mappings/realm", "[" + role("manager") + "]")
                        .statusCode())
                .isEqualTo(204);
        String teamName = uniqueName();
        String team = createGroup(null, teamName);
        String member = createUser(uniqueName());
        grantRealmRole(member, "worker");
        join(member, team);
        awaitLatest(member, data -> "worker".equals(data.path("role").asText()));

        HttpResponse<String> moved = admin(
                "POST", "/groups/" + managers + "/children", "{\"id\":\"" + team + "\",\"name\":\"" + teamName + "\"}");

        assertThat(moved.statusCode()).as("move: %s", moved.body()).isIn(200, 201, 204);
        awaitLatest(member, data -> "manager".equals(data.path("role").asText()));

        HttpResponse<String> deleted = admin("DELETE", "/groups/" + managers, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        JsonNode demoted =
                awaitLatest(member, data -> "worker".equals(data.path("role").asText()));
        assertThat(demoted.path("eventName").asText()).isEqualTo("Account.Updated");
    }

    @Test
    void rowsOlderThanTheRetentionArePrunedAndNeitherNewerRowsNorTheAnnouncementOfALivingAccount() throws Exception {
        String old = createUser(uniqueName());
        grantRealmRole(old, "worker");
        String recent = createUser(uniqueName());
        grantRealmRole(recent, "worker");
        String gone = createUser(uniqueName());
        assertThat(admin("DELETE", "/users/" + gone, null).statusCode()).isEqualTo(204);
        int oldEvents = rowsOf(old).size();
        awaitRecords("accounts-stream", old, oldEvents);
        // an UPDATE is not published (the publication carries inserts only): the rows just look old
        backdate(old, "3 days");
        backdate(recent, "1 day");
        backdate(gone, "3 days");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(rowsOf(old)).extracting(OutboxRow::type).containsExactly("Account.Created");
            assertThat(rowsOf(gone)).isEmpty();
        });
        assertThat(rowsOf(recent)).extracting(OutboxRow::type).containsExactly("Account.Created", "Account.Updated");

        // deleting rows sends nothing to Kafka: no tombstone, and the pipeline goes on
        grantRealmRole(old, "manager");
        List<ConsumerRecord<String, String>> records = awaitRecords("accounts-stream", old, oldEvents + 1);
        assertThat(records)
                .hasSize(oldEvents + 1)
                .allSatisfy(record -> assertThat(record.value()).isNotNull());
        assertThat(EventJson.mapper()
                        .readTree(records.get(oldEvents).value())
                        .path("data")
                        .path("role")
                        .asText())
                .isEqualTo("manager");
    }

    @Test
    void grantingRealmRolesWritesAccountUpdatedWithTheHighestBusinessRole() throws Exception {
        String id = createUser(uniqueName());

        grantRealmRole(id, "worker");
        grantRealmRole(id, "manager");

        List<OutboxRow> rows = rowsOf(id);
        assertThat(rows)
                .extracting(OutboxRow::type)
                .containsExactly("Account.Created", "Account.Updated", "Account.Updated");
        assertThat(rows.get(1).payload().path("data").path("role").asText()).isEqualTo("worker");
        assertThat(rows.get(2).payload().path("data").path("role").asText()).isEqualTo("manager");
        assertThat(rows)
                .allSatisfy(row ->
                        assertThat(VALIDATOR.validate(row.payload()).reasons()).isEmpty());
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
        HttpResponse<String> unknownRole =
                admin("POST", "/users/" + UUID.randomUUID() + "/role-mappings/realm", "[{\"name\":\"manager\"}]");
        assertThat(unknownRole.statusCode()).isEqualTo(404);
        assertThat(rowCount()).isEqualTo(before);
    }

    @Test
    void aChangeWhoseEventCannotBeWrittenIsRolledBack() throws Exception {
        String name = uniqueName();
        long before = rowCount();
        HttpResponse<String> refused;
        try (Connection db = postgres.connect(DATABASE);
                Statement sql = db.createStatement()) {
            sql.execute("ALTER TABLE outbox_event RENAME TO outbox_event_away");
            try {
                refused = admin("POST", "/users", user(name));
            } finally {
                sql.execute("ALTER TABLE outbox_event_away RENAME TO outbox_event");
            }
        }

        assertThat(refused.statusCode())
                .as("answer to the refused change: %s", refused.body())
                .isEqualTo(500);
        HttpResponse<String> found = admin("GET", "/users?exact=true&username=" + name, null);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(EventJson.mapper().readTree(found.body()))
                .as("users named %s", name)
                .isEmpty();
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
        assertThat(records)
                .extracting(record -> header(record, "eventId").replace("\"", ""))
                .containsExactlyElementsOf(rows.stream().map(OutboxRow::id).toList());
        JsonNode created = EventJson.mapper().readTree(records.get(0).value());
        assertThat(created.path("eventName").asText()).isEqualTo("Account.Created");
        assertThat(VALIDATOR.validate(created).reasons()).isEmpty();
        JsonNode updated = EventJson.mapper().readTree(records.get(1).value());
        assertThat(updated.path("data").path("role").asText()).isEqualTo("worker");
    }

    private static void backdate(String aggregateId, String age) throws SQLException {
        try (Connection db = postgres.connect(DATABASE);
                PreparedStatement update = db.prepareStatement(
                        "UPDATE outbox_event SET timestamp = now() - CAST(? AS interval) WHERE aggregateid = ?")) {
            update.setString(1, age);
            update.setString(2, aggregateId);
            assertThat(update.executeUpdate()).isPositive();
        }
    }

    /**
     * Waits until the newest event of the account on accounts-stream matches, and answers it: the events of one
     * account are in order on its partition, so the newest one is the account as Keycloak has it.
     */
    private static JsonNode awaitLatest(String accountId, java.util.function.Predicate<JsonNode> data) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "keycloak-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("accounts-stream"));
            JsonNode[] latest = new JsonNode[1];
            String awaited = "the newest event of account " + accountId + " on accounts-stream to match";
            await(awaited).atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (accountId.equals(record.key())) {
                        latest[0] = EventJson.mapper().readTree(record.value());
                    }
                }
                return latest[0] != null && data.test(latest[0].path("data"));
            });
            return latest[0];
        }
    }

    private static String createGroup(String parentId, String name) throws Exception {
        HttpResponse<String> created = admin(
                "POST",
                parentId == null ? "/groups" : "/groups/" + parentId + "/children",
                "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode())
                .as("create group %s: %s", name, created.body())
                .isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Creates a realm role and answers its name. */
    private static String createRealmRole(String name) throws Exception {
        HttpResponse<String> created = admin("POST", "/roles", "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode())
                .as("create role %s: %s", name, created.body())
                .isEqualTo(201);
        return name;
    }

    private static String role(String name) throws Exception {
        HttpResponse<String> found = admin("GET", "/roles/" + name, null);
        assertThat(found.statusCode()).isEqualTo(200);
        return found.body();
    }

    /** Disables or enables a user as the admin console does: its whole representation, put back changed. */
    private static void setEnabled(String userId, boolean enabled) throws Exception {
        ObjectNode user = (ObjectNode) EventJson.mapper()
                .readTree(admin("GET", "/users/" + userId, null).body());
        user.put("enabled", enabled);
        assertThat(admin("PUT", "/users/" + userId, user.toString()).statusCode())
                .isEqualTo(204);
    }

    private static void join(String userId, String groupId) throws Exception {
        assertThat(admin("PUT", "/users/" + userId + "/groups/" + groupId, null).statusCode())
                .isEqualTo(204);
    }

    private record OutboxRow(String id, String aggregateType, String type, int eventVersion, JsonNode payload) {}

    private static List<OutboxRow> rowsOf(String aggregateId) throws Exception {
        List<OutboxRow> rows = new ArrayList<>();
        try (Connection db = postgres.connect(DATABASE);
                PreparedStatement query = db.prepareStatement("SELECT id, aggregatetype, type, eventversion, "
                        + "payload::text FROM outbox_event WHERE aggregateid = ? ORDER BY timestamp, "
                        + "payload->>'eventTime'")) {
            query.setString(1, aggregateId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new OutboxRow(
                            result.getString(1),
                            result.getString(2),
                            result.getString(3),
                            result.getInt(4),
                            EventJson.mapper().readTree(result.getString(5))));
                }
            }
        }
        return rows;
    }

    private static long rowCount() throws SQLException {
        try (Connection db = postgres.connect(DATABASE);
                Statement sql = db.createStatement();
                ResultSet count = sql.executeQuery("SELECT count(*) FROM outbox_event")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static long createdRowCount() throws SQLException {
        try (Connection db = postgres.connect(DATABASE);
                Statement sql = db.createStatement();
                ResultSet count =
                        sql.executeQuery("SELECT count(*) FROM outbox_event WHERE type = 'Account.Created'")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static String uniqueName() {
        return "popug-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String user(String name) {
        ObjectNode user = EventJson.mapper()
                .createObjectNode()
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
        assertThat(created.statusCode())
                .as("create %s: %s", name, created.body())
                .isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void grantRealmRole(String userId, String role) throws Exception {
        HttpResponse<String> granted =
                admin("POST", "/users/" + userId + "/role-mappings/realm", "[" + role(role) + "]");
        assertThat(granted.statusCode())
                .as("grant %s: %s", role, granted.body())
                .isEqualTo(204);
    }

    private static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(keycloak.url() + "/admin/realms/" + Keycloak.REALM + path))
                .header("Authorization", "Bearer " + KeycloakTokens.admin(keycloak.url()))
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<String, String>> awaitRecords(String topic, String key, int count) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "keycloak-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
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

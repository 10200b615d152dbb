package com.uberpopug.ates.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.devstack.Kafka;
import com.uberpopug.ates.devstack.Stack;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole local stack, started by the same launcher as ./ates start (free ports, a throwaway data folder):
 * what the foundation promises a developer who runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static WholeSystem system;
    private static Stack stack;

    @BeforeAll
    static void theWholeStackRuns() {
        system = WholeSystem.get();
        stack = system.stack();
    }

    @Test
    @Order(1)
    void aSeededWorkerGetsATokenFromTheRealmThroughTheCliClient() {
        String token = given().formParam("grant_type", "password")
                .formParam("client_id", "ates-cli")
                .formParam("username", "popug1")
                .formParam("password", "popug1")
                .post(stack.keycloak().issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");

        JsonPath claims =
                JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertThat(claims.getList("realm_access.roles", String.class))
                .contains("worker")
                .doesNotContain("manager", "admin");
        assertThat(claims.getString("email")).isEqualTo("popug1@uberpopug.test");
        assertThat(claims.getString("iss")).isEqualTo(stack.keycloak().issuer());
    }

    @Test
    @Order(2)
    void aWrongPasswordGetsNoToken() {
        given().formParam("grant_type", "password")
                .formParam("client_id", "ates-cli")
                .formParam("username", "popug1")
                .formParam("password", "not-the-password")
                .post(stack.keycloak().issuer() + "/protocol/openid-connect/token")
                .then()
                .statusCode(401);
    }

    @Test
    @Order(3)
    void everyServiceIsReadyWithItsDatabaseAndKafka() {
        for (String service : Stack.SERVICES) {
            // Readiness goes DOWN by design while a consumer waits out a transient fault (a lock conflict retried
            // after milliseconds), and the earlier tests leave work behind: a moment DOWN is allowed and printed
            // with its checks, a service that stays DOWN is not.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        Response ready = given().get(stack.service(service).url() + "/q/health/ready");
                        if (ready.statusCode() != 200) {
                            System.out.printf("%s readiness %d: %s%n", service, ready.statusCode(), ready.asString());
                        }
                        ready.then().statusCode(200).body("status", equalTo("UP"));
                    });
            system.as("popug1", service)
                    .get("/api/service-info")
                    .then()
                    .statusCode(200)
                    .body("database", equalTo(service));
        }
    }

    @Test
    @Order(4)
    void theTopicsOfTheDesignExistWithTheirDeadLetterTopics() throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (String topic : Kafka.TOPICS) {
                assertThat(topics).contains(topic, topic + ".dlq");
            }
        }
    }

    @Test
    @Order(5)
    void aTaskCreatedThroughTheApiReachesItsTopicKeyedByItsIdWithItsHeaders() {
        String taskId = system.as("popug1", "tasks")
                .body(Map.of("title", "Check the pipeline", "description", "local stack"))
                .post("/api/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        ConsumerRecord<String, String> record = awaitRecord("tasks-stream", taskId);

        assertThat(record.value()).contains("Task.Created").contains(taskId);
        assertThat(header(record, "eventName")).isEqualTo("\"Task.Created\"");
        assertThat(header(record, "eventId")).isNotBlank();
    }

    @Test
    @Order(6)
    void stoppingLeavesNothingRunningAndStartingAgainKeepsTheData() throws Exception {
        List<ProcessHandle> processes = new ArrayList<>();
        stack.running()
                .values()
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
                    processes.add(p);
                    p.descendants().forEach(processes::add);
                }));
        assertThat(processes).hasSizeGreaterThanOrEqualTo(stack.components().size());
        try (Connection db = stack.postgres().connect("tasks");
                Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS survives_restart (note text)");
            sql.execute("INSERT INTO survives_restart VALUES ('still here')");
        }

        stack.stop(System.out);

        await().atMost(Duration.ofSeconds(30)).until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(stack.running()).isEmpty();
        stack.checkPortsFree();

        stack.start(System.out);

        try (Connection db = stack.postgres().connect("tasks");
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT note FROM survives_restart")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
        aSeededWorkerGetsATokenFromTheRealmThroughTheCliClient();
        aTaskCreatedThroughTheApiReachesItsTopicKeyedByItsIdWithItsHeaders();
    }

    private static ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package com.uberpopug.ates.analytics;

import static com.uberpopug.ates.analytics.support.Events.accountCreatedV2;
import static com.uberpopug.ates.analytics.support.Events.balance;
import static com.uberpopug.ates.analytics.support.Events.billingDayClosed;
import static com.uberpopug.ates.analytics.support.Events.fee;
import static com.uberpopug.ates.analytics.support.Events.payout;
import static com.uberpopug.ates.analytics.support.Events.payoutMade;
import static com.uberpopug.ates.analytics.support.Events.reward;
import static com.uberpopug.ates.analytics.support.Events.taskAssigned;
import static com.uberpopug.ates.analytics.support.Events.taskCompleted;
import static com.uberpopug.ates.analytics.support.Events.taskCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.analytics.support.Feed;
import com.uberpopug.ates.analytics.support.ReadModel;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.BrowserSession;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.events.account.Role;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The read model rebuilt from Kafka: emptied, every topic replayed from its beginning through the normal consumer
 * path, and every query answers as it did before; while it runs, the queries refuse to answer (503) rather than show
 * half-built figures.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class RebuildTest {

    static final LocalDate MONDAY = LocalDate.parse("2031-06-09");
    static final LocalDate TUESDAY = MONDAY.plusDays(1);
    static final Duration REBUILD = Duration.ofSeconds(120);

    /** The advisory lock LedgerProjection takes before it counts negative balances: holding it stalls the replay. */
    static final long NEGATIVE_COUNT_LOCK = 0x6e656761L;

    /** Every query of the API, over the days of the fixture (and the defaults, which end on "today"). */
    static final List<String> QUERIES = List.of(
            "/api/analytics/today",
            "/api/analytics/most-expensive-task",
            "/api/analytics/most-expensive-task?period=day&date=" + MONDAY,
            "/api/analytics/most-expensive-task?period=day&date=" + TUESDAY,
            "/api/analytics/most-expensive-task?period=week&date=" + TUESDAY,
            "/api/analytics/most-expensive-task?period=month&date=" + TUESDAY,
            "/api/analytics/most-expensive-task/daily",
            "/api/analytics/most-expensive-task/daily?from=2031-06-01&to=" + TUESDAY,
            "/api/analytics/most-expensive-task/range",
            "/api/analytics/most-expensive-task/range?from=" + MONDAY + "&to=" + TUESDAY,
            "/api/analytics/days",
            "/api/analytics/days?from=2031-06-01&to=" + TUESDAY);

    static final List<String> TOPICS =
            List.of("accounts-stream", "tasks-stream", "tasks-lifecycle", "billing-stream", "billing-lifecycle");

    @TestHTTPResource("/")
    URL root;

    @Inject
    ReadModel readModel;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRebuildFromKafkaAnswersEveryQueryAsBeforeAndNoneWhileItRuns() throws Exception {
        clock.set(TUESDAY + "T16:00:00Z");
        // the read model as the topics' whole history makes it (other tests empty it without the inbox)
        admin().post("/api/admin/rebuild").then().statusCode(202);
        awaitRebuilt();

        aNormalMondayAndTuesday();
        Map<String, String> before = answers();
        assertThat(before.get("/api/analytics/today"))
                .startsWith("200 {\"date\":\"2031-06-10\",\"managementEarnings\":-5.00,");

        try (Connection held = dataSource.getConnection();
                Statement sql = held.createStatement()) {
            sql.execute("SELECT pg_advisory_lock(" + NEGATIVE_COUNT_LOCK + ")"); // the replay stops at a balance
            admin().post("/api/admin/rebuild")
                    .then()
                    .statusCode(202)
                    .body("state", equalTo("RUNNING"))
                    .body("startedAt", equalTo(TUESDAY + "T16:00:00Z"));

            admin().post("/api/admin/rebuild")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", containsString("already being rebuilt"));
            Response status = admin().get("/api/admin/rebuild");
            status.then().statusCode(200).body("state", equalTo("RUNNING"));
            assertThat(status.jsonPath().getLong("eventsReplayed"))
                    .isLessThan(status.jsonPath().getLong("eventsTarget"));
            for (String query : QUERIES) {
                admin().get(query)
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", equalTo("10"))
                        .body("detail", containsString("being rebuilt from Kafka"))
                        .body(
                                "detail",
                                containsString(" of " + status.jsonPath().getLong("eventsTarget")));
            }
            HttpResponseCheck.dashboardAnswers503(root);
            sql.execute("SELECT pg_advisory_unlock(" + NEGATIVE_COUNT_LOCK + ")");
        }
        awaitRebuilt();

        assertThat(answers()).isEqualTo(before);
        // the consumer group commits again up to the ends: a restart after the rebuild does not replay it all again
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(endOffsets()));
    }

    @Test
    void onlyAnAdminMayRebuild() {
        for (String user : List.of("popug1", "manager", "accountant")) {
            given().auth()
                    .oauth2(KeycloakTokens.accessToken(user))
                    .post("/api/admin/rebuild")
                    .then()
                    .statusCode(403);
            given().auth()
                    .oauth2(KeycloakTokens.accessToken(user))
                    .get("/api/admin/rebuild")
                    .then()
                    .statusCode(403);
        }
        given().post("/api/admin/rebuild").then().statusCode(401);
    }

    @Test
    void theTopicsARebuildReplaysKeepTheirWholeHistory() throws Exception {
        try (Admin admin = TestInfrastructure.get().kafka().admin()) {
            List<ConfigResource> topics = TOPICS.stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(topics).all().get();
            for (ConfigResource topic : topics) {
                assertThat(configs.get(topic).get("retention.ms").value())
                        .as("retention.ms of %s", topic.name())
                        .isEqualTo("-1");
                assertThat(configs.get(topic).get("cleanup.policy").value())
                        .as("cleanup.policy of %s", topic.name())
                        .isEqualTo("delete");
            }
        }
    }

    /** Tasks created, assigned, completed; fees, rewards, payouts; balances; a closed day; two accounts. */
    private void aNormalMondayAndTuesday() {
        String anna = "rebuild-anna-" + UUID.randomUUID();
        String bob = "rebuild-bob-" + UUID.randomUUID();
        UUID fixSink = UUID.randomUUID();
        UUID paintFence = UUID.randomUUID();
        UUID feedBirds = UUID.randomUUID();
        new Feed(readModel)
                .send(
                        accountCreatedV2(anna, "anna", Role.WORKER, true, at(MONDAY, "07:00")),
                        accountCreatedV2(bob, "bob", Role.WORKER, true, at(MONDAY, "07:01")),
                        taskCreated(fixSink, "Fix the sink", "UBERPOP-1", at(MONDAY, "08:00")),
                        taskAssigned(fixSink, anna, at(MONDAY, "08:00")),
                        fee(anna, fixSink, "15.00", MONDAY, at(MONDAY, "08:00")),
                        balance(anna, "-15.00", 1, at(MONDAY, "08:00")),
                        taskCreated(paintFence, "Paint the fence", "UBERPOP-2", at(MONDAY, "09:00")),
                        taskAssigned(paintFence, bob, at(MONDAY, "09:00")),
                        fee(bob, paintFence, "12.00", MONDAY, at(MONDAY, "09:00")),
                        balance(bob, "-12.00", 1, at(MONDAY, "09:00")),
                        taskCompleted(fixSink, anna, at(MONDAY, "11:00")),
                        reward(anna, fixSink, "30.00", MONDAY, at(MONDAY, "11:00")),
                        balance(anna, "15.00", 2, at(MONDAY, "11:00")),
                        payout(anna, "15.00", MONDAY, at(MONDAY, "23:59")),
                        balance(anna, "0.00", 3, at(MONDAY, "23:59")),
                        payoutMade(anna, "15.00", MONDAY, at(MONDAY, "23:59")),
                        billingDayClosed(MONDAY, 1, "15.00", at(MONDAY, "23:59")),
                        taskCreated(feedBirds, "Feed the birds", "UBERPOP-3", at(TUESDAY, "08:00")),
                        taskAssigned(feedBirds, anna, at(TUESDAY, "08:00")),
                        fee(anna, feedBirds, "20.00", TUESDAY, at(TUESDAY, "08:00")),
                        balance(anna, "-20.00", 4, at(TUESDAY, "08:00")),
                        taskCompleted(paintFence, bob, at(TUESDAY, "10:00")),
                        reward(bob, paintFence, "25.00", TUESDAY, at(TUESDAY, "10:00")),
                        balance(bob, "13.00", 2, at(TUESDAY, "10:00")))
                .awaitApplied();
    }

    /** Status and body of every query, as the admin gets them. */
    private Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String query : QUERIES) {
            Response response = admin().get(query);
            answers.put(query, response.statusCode() + " " + response.body().asString());
        }
        return answers;
    }

    /** The analytics group's committed offsets on analytics' topics. */
    private static Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = TestInfrastructure.get().kafka().admin()) {
            Map<TopicPartition, Long> committed = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            admin.listConsumerGroupOffsets("analytics")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((partition, offset) -> {
                        if (TOPICS.contains(partition.topic()) && offset != null) {
                            committed.put(partition, offset.offset());
                        }
                    });
            return committed;
        }
    }

    /** The end offsets of analytics' topics' partitions that hold records. */
    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = TestInfrastructure.get().kafka().admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(TOPICS)
                    .allTopicNames()
                    .get()
                    .values()
                    .forEach(topic -> topic.partitions()
                            .forEach(p ->
                                    latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            admin.listOffsets(latest).all().get().forEach((partition, offset) -> {
                if (offset.offset() > 0) {
                    ends.put(partition, offset.offset());
                }
            });
            return ends;
        }
    }

    private void awaitRebuilt() {
        await().atMost(REBUILD)
                .until(() -> "DONE"
                        .equals(admin().get("/api/admin/rebuild").jsonPath().getString("state")));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(KeycloakTokens.accessToken("admin"));
    }

    private static Instant at(LocalDate date, String time) {
        return Instant.parse(date + "T" + time + ":00Z");
    }

    /** The dashboard page, through a real login, while a rebuild runs. */
    static final class HttpResponseCheck {
        static void dashboardAnswers503(URL root) {
            String origin = root.toString().replaceAll("/$", "");
            var page = BrowserSession.logIn(origin, "admin").open("/", "admin");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.body()).contains("being rebuilt from Kafka");
        }
    }
}

package com.uberpopug.ates.tasks.account;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replica of accounts kept from Keycloak's Account.* events on the real Kafka, sent as Debezium would send
 * them: who becomes someone a task may go to, and who stops being one, whatever the order and however often the
 * events arrive.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class AccountEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void setUp() {
        database = new TestDatabase(dataSource);
        TestUsers.signIn("popug1", "manager");
    }

    @Test
    void anAccountCreatedAsWorkerMayBeGivenTasks() {
        String id = newAccountId();
        send(created(UUID.randomUUID(), id, "newpopug-" + id, "worker", T0));

        awaitAccount(id);
        assertThat(database.candidates()).contains(id);
        PinnedRandom.assignTo(database, id);
        createTask("popug1", "For the newcomer")
                .statusCode(201)
                .body("assignee.id", equalTo(id))
                .body("assignee.username", equalTo("newpopug-" + id));
    }

    @Test
    void anAccountPromotedToManagerOrDeletedStopsGettingTasks() {
        String promoted = newAccountId();
        String deleted = newAccountId();
        send(created(UUID.randomUUID(), promoted, "promoted-" + promoted, "accountant", T0));
        send(created(UUID.randomUUID(), deleted, "leaving-" + deleted, "worker", T0));
        awaitAccount(promoted);
        awaitAccount(deleted);
        assertThat(database.candidates()).contains(promoted, deleted);

        send(updated(UUID.randomUUID(), promoted, "promoted-" + promoted, "manager", T0.plusSeconds(60)));
        send(deletedEvent(UUID.randomUUID(), deleted, T0.plusSeconds(60)));
        awaitState(promoted, "MANAGER", false);
        awaitState(deleted, "WORKER", true);

        assertThat(database.candidates()).doesNotContain(promoted, deleted);
        for (int i = 0; i < 30; i++) {
            String assignee = createTask("popug1", "After the changes " + i)
                    .statusCode(201)
                    .extract()
                    .path("assignee.id");
            assertThat(assignee).isNotIn(promoted, deleted);
        }
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        String id = newAccountId();
        UUID createdId = UUID.randomUUID();
        String createdEvent = created(createdId, id, "twice-" + id, "worker", T0);

        send(createdEvent);
        send(updated(UUID.randomUUID(), id, "twice-" + id, "manager", T0.plusSeconds(10)));
        send(createdEvent);
        String marker = markerAfter(id, T0.plusSeconds(20), "manager");

        awaitUsername(id, marker);
        assertThat(database.count("SELECT count(*) FROM processed_event WHERE event_id = ?", createdId))
                .isEqualTo(1);
        assertThat(database.strings("SELECT role FROM account WHERE id = ?", id))
                .containsExactly("MANAGER");
    }

    @Test
    void anUpdateBeforeItsCreationIsAppliedAndTheOlderCreationDoesNotUndoIt() {
        String id = newAccountId();
        send(updated(UUID.randomUUID(), id, "renamed-" + id, "worker", T0.plusSeconds(30)));
        awaitAccount(id);
        send(created(UUID.randomUUID(), id, "original-" + id, "manager", T0));
        String marker = markerAfter(id, T0.plusSeconds(30), "worker");
        awaitUsername(id, marker);

        // the marker carries the same time as the update, so it applies; the late creation did not
        assertThat(database.strings("SELECT role FROM account WHERE id = ?", id))
                .containsExactly("WORKER");
        assertThat(database.candidates()).contains(id);
    }

    @Test
    void aDeletedAccountStaysDeletedWhenALateUpdateArrives() {
        String id = newAccountId();
        send(created(UUID.randomUUID(), id, "gone-" + id, "worker", T0));
        send(deletedEvent(UUID.randomUUID(), id, T0.plusSeconds(60)));
        send(updated(UUID.randomUUID(), id, "late-" + id, "worker", T0.plusSeconds(30)));
        send(updated(UUID.randomUUID(), id, "later-" + id, "worker", T0.plusSeconds(90)));
        String marker = markerAfter(id, T0.plusSeconds(120), "worker");
        awaitUsername(id, marker);

        assertThat(database.strings("SELECT deleted::text FROM account WHERE id = ?", id))
                .containsExactly("true");
        assertThat(database.candidates()).doesNotContain(id);
    }

    @Test
    void aDeletionOfAnAccountNeverSeenLeavesATombstone() {
        String id = newAccountId();
        send(deletedEvent(UUID.randomUUID(), id, T0.plusSeconds(60)));
        send(created(UUID.randomUUID(), id, "ghost-" + id, "worker", T0));
        String marker = markerAfter(id, T0.plusSeconds(61), "worker");
        awaitUsername(id, marker);

        assertThat(database.candidates()).doesNotContain(id);
    }

    @Test
    void aTokenIssuedBeforeARoleChangeDoesNotUndoIt() {
        // popug1 signed in with a token issued now; an event from the future makes them a manager
        String popug1 = database.accountId("popug1");
        Instant future = Instant.now().plus(Duration.ofDays(1));
        try {
            send(updated(UUID.randomUUID(), popug1, "popug1", "manager", future));
            awaitState(popug1, "MANAGER", false);
            as("popug1").get("/api/tasks/mine").then().statusCode(200);
            assertThat(database.strings("SELECT role FROM account WHERE id = ?", popug1))
                    .containsExactly("MANAGER");
        } finally {
            send(updated(UUID.randomUUID(), popug1, "popug1", "worker", future.plusSeconds(1)));
            awaitState(popug1, "WORKER", false);
        }
    }

    @Test
    void anEventThatIsNotAnAccountEventGoesToTheDeadLetterTopic() {
        String notAccount = """
                {"eventId":"%s","eventName":"Account.Created","eventVersion":1,"eventTime":"2026-03-03T10:00:00Z",
                 "producer":"keycloak","data":{"accountId":"x"}}""".formatted(UUID.randomUUID());
        KafkaTopics.send("accounts-stream", "x", notAccount);

        List<ConsumerRecord<String, String>> dead = KafkaTopics.readUntil(
                "accounts-stream.dlq", WAIT, read -> read.stream().anyMatch(r -> notAccount.equals(r.value())));
        ConsumerRecord<String, String> record = dead.stream()
                .filter(r -> notAccount.equals(r.value()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not dead-lettered: " + notAccount));
        assertThat(KafkaTopics.header(record, "dead-letter-reason"))
                .startsWith("invalid event")
                .contains("username");
    }

    // --- events as Keycloak's listener writes them

    private static String newAccountId() {
        return UUID.randomUUID().toString();
    }

    private static String created(UUID eventId, String accountId, String username, String role, Instant at) {
        return account("Account.Created", eventId, accountId, username, role, at);
    }

    private static String updated(UUID eventId, String accountId, String username, String role, Instant at) {
        return account("Account.Updated", eventId, accountId, username, role, at);
    }

    private static String account(
            String name, UUID eventId, String accountId, String username, String role, Instant at) {
        return """
                {"eventId":"%s","eventName":"%s","eventVersion":1,"eventTime":"%s","producer":"keycloak",
                 "data":{"accountId":"%s","username":"%s","email":"%s@uberpopug.test","fullName":null,"role":"%s"}}""".formatted(eventId, name, at, accountId, username, username, role);
    }

    private static String deletedEvent(UUID eventId, String accountId, Instant at) {
        return """
                {"eventId":"%s","eventName":"Account.Deleted","eventVersion":1,"eventTime":"%s","producer":"keycloak",
                 "data":{"accountId":"%s"}}""".formatted(eventId, at, accountId);
    }

    private static void send(String event) {
        String key = event.replaceAll("(?s).*\"accountId\":\"([^\"]+)\".*", "$1");
        KafkaTopics.send("accounts-stream", key, event);
    }

    /**
     * An update with a fresh user name, sent after the events under test on the same key (so the same partition):
     * once it is applied, every event before it has been handled.
     */
    private static String markerAfter(String accountId, Instant at, String role) {
        String username = "marker-" + UUID.randomUUID();
        send(updated(UUID.randomUUID(), accountId, username, role, at));
        return username;
    }

    private void awaitAccount(String id) {
        await().atMost(WAIT).until(() -> database.count("SELECT count(*) FROM account WHERE id = ?", id) == 1);
    }

    private void awaitUsername(String id, String username) {
        await().atMost(WAIT)
                .until(() -> database.strings("SELECT username FROM account WHERE id = ?", id)
                        .equals(List.of(username)));
    }

    private void awaitState(String id, String role, boolean deleted) {
        await().atMost(WAIT)
                .until(() -> database.strings("SELECT role || ' ' || deleted FROM account WHERE id = ?", id)
                        .equals(List.of(role + " " + deleted)));
    }
}

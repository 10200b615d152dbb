package com.uberpopug.ates.tasks.account;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV2;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestDatabase.OutboxRow;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accounts that may no longer be given tasks (disabled or deleted in Keycloak, told by {@code Account.*} events on
 * the real Kafka): they get no new task, and their open tasks move at once, in the transaction that applies the
 * event, each move a {@code Task.Assigned} v2 that says why and from whom, so billing charges the new assignee.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class IneligibleAccountsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    private static final EventValidator CONTRACTS = new EventValidator();

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void setUp() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
    }

    @Test
    void aDisabledAccountIsGivenNoneOfTheNextFortyTasks() {
        String worker = newAccountId();
        applied(created(worker, "disabled-" + worker, Role.WORKER, T0));
        assertThat(database.candidates()).contains(worker);

        applied(updated(worker, "disabled-" + worker, Role.WORKER, false, T0.plusSeconds(60)));

        List<String> assignees = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            assignees.add(createTask("popug1", "After the disable " + i)
                    .statusCode(201)
                    .extract()
                    .path("assignee.id"));
        }
        assertThat(assignees)
                .as("assignees of the 40 tasks created after the disable")
                .doesNotContain(worker);
        assertThat(database.candidates()).doesNotContain(worker);
    }

    @Test
    void theOpenTasksOfADisabledAccountMoveAtOnceToAnEligibleEmployee() {
        String worker = newAccountId();
        applied(created(worker, "leaving-" + worker, Role.WORKER, T0));
        PinnedRandom.assignTo(database, worker);
        List<String> open = List.of(task("Open one"), task("Open two"), task("Open three"));
        String done = task("Done before");
        database.update("UPDATE task SET status = 'DONE', completed_at = now() WHERE id = ?::uuid", done);
        String popug2 = database.accountId("popug2");
        pinAfterwards(popug2, worker);

        UUID disable = applied(updated(worker, "leaving-" + worker, Role.WORKER, false, T0.plusSeconds(60)));

        // no waiting: the moves commit with the event's processed_event row, which applied() has seen
        for (String id : open) {
            assertThat(assignee(id)).as("assignee of %s", id).isEqualTo(popug2);
            OutboxRow moved = lastAssignment(id);
            assertMoved(moved, id, popug2, worker, "assignee-disabled");
        }
        assertThat(assignee(done)).isEqualTo(worker);
        assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", done))
                .hasSize(1);
        assertThat(database.count("SELECT count(*) FROM processed_event WHERE event_id = ?", disable))
                .isOne();
    }

    @Test
    void theOpenTasksOfADeletedAccountMoveAtOnceWithTheReasonAssigneeDeleted() {
        String worker = newAccountId();
        applied(created(worker, "deleted-" + worker, Role.ACCOUNTANT, T0));
        PinnedRandom.assignTo(database, worker);
        List<String> open = List.of(task("Left behind one"), task("Left behind two"));
        String popug3 = database.accountId("popug3");
        pinAfterwards(popug3, worker);

        applied(deleted(worker, T0.plusSeconds(60)));

        for (String id : open) {
            assertThat(assignee(id)).isEqualTo(popug3);
            assertMoved(lastAssignment(id), id, popug3, worker, "assignee-deleted");
        }
        assertThat(database.candidates()).doesNotContain(worker);
    }

    @Test
    void anEmployeePromotedToManagerKeepsTheirOpenTasksButGetsNoNewOnes() {
        String worker = newAccountId();
        applied(created(worker, "promoted-" + worker, Role.WORKER, T0));
        PinnedRandom.assignTo(database, worker);
        String open = task("Before the promotion");
        QuarkusMock.installMockForType(new PinnedRandom(0), RandomGenerator.class);

        applied(updated(worker, "promoted-" + worker, Role.MANAGER, true, T0.plusSeconds(60)));

        // a role change is no handover: they can still sign in and complete it; the next reshuffle moves it
        assertThat(assignee(open)).isEqualTo(worker);
        assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", open))
                .hasSize(1);
        assertThat(database.candidates()).doesNotContain(worker);
    }

    @Test
    void aReEnabledAccountIsGivenTasksAgain() {
        String worker = newAccountId();
        applied(created(worker, "back-" + worker, Role.WORKER, T0));
        applied(updated(worker, "back-" + worker, Role.WORKER, false, T0.plusSeconds(60)));
        assertThat(database.candidates()).doesNotContain(worker);

        applied(updated(worker, "back-" + worker, Role.WORKER, true, T0.plusSeconds(120)));

        assertThat(database.candidates()).contains(worker);
        PinnedRandom.assignTo(database, worker);
        assertThat(createTask("popug1", "Welcome back")
                        .statusCode(201)
                        .extract()
                        .<String>path("assignee.id"))
                .isEqualTo(worker);
    }

    @Test
    void anAccountCreatedByAVersionOneEventIsEnabled() {
        String worker = newAccountId();
        String event = json(
                EventType.ACCOUNT_CREATED_V1,
                new AccountCreatedV1(worker, "v1-" + worker, "v1@uberpopug.test", null, Role.WORKER),
                T0);

        applied(new Sent(send(worker, event), event));

        assertThat(database.strings("SELECT enabled::text FROM account WHERE id = ?", worker))
                .containsExactly("true");
        assertThat(database.candidates()).contains(worker);
    }

    @Test
    void anOlderEnableArrivingAfterANewerDisableDoesNotEnableTheAccount() {
        String worker = newAccountId();
        applied(created(worker, "late-" + worker, Role.WORKER, T0));
        applied(updated(worker, "late-" + worker, Role.WORKER, false, T0.plusSeconds(60)));

        applied(updated(worker, "late-" + worker, Role.WORKER, true, T0.plusSeconds(30)));

        assertThat(database.strings("SELECT enabled::text FROM account WHERE id = ?", worker))
                .containsExactly("false");
        assertThat(database.candidates()).doesNotContain(worker);
    }

    @Test
    void aTokenIssuedBeforeTheDisableDoesNotEnableTheAccount() throws Exception {
        String popug5 = database.accountId("popug5");
        // a token newer than anything the replica holds of popug5, so that it is applied and not skipped as known
        Instant known = changedAt(popug5);
        String[] token = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            token[0] = KeycloakTokens.fetch(TestInfrastructure.get().keycloak().issuer(), "popug5", "popug5");
            return issuedAt(token[0]).isAfter(known);
        });
        Instant disabledAt = issuedAt(token[0]).plusSeconds(1);
        try {
            applied(updated(popug5, "popug5", Role.WORKER, false, disabledAt));

            given().auth().oauth2(token[0]).get("/api/tasks/mine").then().statusCode(200);

            assertThat(database.strings("SELECT enabled::text FROM account WHERE id = ?", popug5))
                    .containsExactly("false");
            assertThat(database.candidates()).doesNotContain(popug5);
        } finally {
            applied(updated(popug5, "popug5", Role.WORKER, true, disabledAt.plusSeconds(1)));
        }
    }

    @Test
    void strandedTasksStayUntilSomeoneMayBeGivenThemAndThenMoveAtOnce() {
        // only this test's tasks are open, so that what is counted is theirs
        database.update("UPDATE task SET status = 'DONE', completed_at = now() WHERE status = 'OPEN'");
        String holder = newAccountId();
        applied(created(holder, "holder-" + holder, Role.WORKER, T0));
        PinnedRandom.assignTo(database, holder);
        List<String> open = List.of(task("Stranded one"), task("Stranded two"));
        QuarkusMock.installMockForType(new PinnedRandom(0), RandomGenerator.class);
        // later than every token the tests can get, so no sign-in undoes it
        Instant disabledAt = Instant.now().plus(Duration.ofDays(2));
        List<Account> everyone = eligibleAccounts();
        try {
            // the holder last: while anyone else may be given tasks, the holder's tasks are not stranded
            List<Sent> disables = everyone.stream()
                    .filter(account -> !account.id().equals(holder))
                    .map(account -> updated(account.id(), account.username(), account.role(), false, disabledAt))
                    .toList();
            disables.forEach(this::applied);
            applied(updated(holder, "holder-" + holder, Role.WORKER, false, disabledAt));
            assertThat(database.candidates()).isEmpty();

            for (String id : open) {
                assertThat(assignee(id))
                        .as("nobody to give %s to: it stays", id)
                        .isEqualTo(holder);
                assertThat(database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned'", id))
                        .hasSize(1);
            }
            assertThat(stranded()).isEqualTo(2);
            createTask("popug1", "Nobody to take it").statusCode(409);

            String newcomer = newAccountId();
            applied(created(newcomer, "newcomer-" + newcomer, Role.WORKER, disabledAt.plusSeconds(1)));

            for (String id : open) {
                assertThat(assignee(id)).isEqualTo(newcomer);
                assertMoved(lastAssignment(id), id, newcomer, holder, "assignee-disabled");
            }
            assertThat(stranded()).isZero();
        } finally {
            everyone.stream()
                    .map(account ->
                            updated(account.id(), account.username(), account.role(), true, disabledAt.plusSeconds(2)))
                    .toList()
                    .forEach(this::applied);
            // back to the times they had, so that the tokens and events of later tests count again
            for (Account account : everyone) {
                database.update("UPDATE account SET changed_at = ? WHERE id = ?", account.changedAt(), account.id());
            }
        }
    }

    @Test
    void disablesThatMeetReshufflesAndTaskCreationsLeaveNoOpenTaskWithADisabledAccount() throws Exception {
        List<String> leaving = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = newAccountId();
            leaving.add(id);
            applied(created(id, "racing-" + id, Role.WORKER, T0));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                calls.add(threads.submit(() -> {
                    start.await();
                    return createTask("popug2", "Created during disables " + n)
                            .extract()
                            .statusCode();
                }));
            }
            for (int i = 0; i < 4; i++) {
                calls.add(threads.submit(() -> {
                    start.await();
                    return as("manager")
                            .post("/api/tasks/reassign")
                            .then()
                            .extract()
                            .statusCode();
                }));
            }
            start.countDown();
            List<Sent> disables = leaving.stream()
                    .map(id -> updated(id, "racing-" + id, Role.WORKER, false, T0.plusSeconds(60)))
                    .toList();
            for (Future<Integer> call : calls) {
                assertThat(call.get()).isIn(200, 201);
            }
            disables.forEach(this::applied);

            assertThat(database.strings("SELECT t.id::text || ' ' || a.id FROM task t "
                            + "JOIN account a ON a.id = t.assignee_id WHERE t.status = 'OPEN' AND NOT a.enabled"))
                    .as("open tasks left with a disabled account")
                    .isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    // --- helpers

    private record Account(String id, String username, Role role, java.time.OffsetDateTime changedAt) {}

    private record Sent(UUID eventId, String json) {}

    /** Everyone who may be given tasks now, with what the replica holds of them. */
    private List<Account> eligibleAccounts() {
        List<Account> accounts = new ArrayList<>();
        database.query(
                "SELECT id, username, role, changed_at FROM account "
                        + "WHERE NOT deleted AND enabled AND role IN ('WORKER', 'ACCOUNTANT')",
                row -> accounts.add(new Account(
                        row.getString(1),
                        row.getString(2),
                        Role.valueOf(row.getString(3)),
                        row.getObject(4, java.time.OffsetDateTime.class))));
        return accounts;
    }

    /** Makes the random source pick {@code target} once {@code leaving} is no longer among the candidates. */
    private void pinAfterwards(String target, String leaving) {
        List<String> after = new ArrayList<>(database.candidates());
        after.remove(leaving);
        QuarkusMock.installMockForType(new PinnedRandom(after.indexOf(target)), RandomGenerator.class);
    }

    private String task(String title) {
        return createTask("popug1", title + " " + UUID.randomUUID())
                .statusCode(201)
                .extract()
                .path("id");
    }

    private String assignee(String taskId) {
        return database.strings("SELECT assignee_id FROM task WHERE id = ?::uuid", taskId)
                .get(0);
    }

    private OutboxRow lastAssignment(String taskId) {
        List<OutboxRow> rows =
                database.outboxWhere("aggregateid = ? AND type = 'Task.Assigned' ORDER BY timestamp", taskId);
        assertThat(rows).as("Task.Assigned of %s", taskId).hasSizeGreaterThan(1);
        return rows.get(rows.size() - 1);
    }

    private static void assertMoved(OutboxRow row, String taskId, String to, String from, String reason) {
        JsonNode event = row.payload();
        assertThat(CONTRACTS.validate(event).reasons())
                .as("schema of %s", event)
                .isEmpty();
        assertThat(row.aggregateType()).isEqualTo("tasks-lifecycle");
        assertThat(row.aggregateId()).isEqualTo(taskId);
        assertThat(row.eventVersion()).isEqualTo(2);
        assertThat(event.get("eventVersion").asInt()).isEqualTo(2);
        assertThat(event.at("/data/assigneeId").asText()).isEqualTo(to);
        assertThat(event.at("/data/previousAssigneeId").asText()).isEqualTo(from);
        assertThat(event.at("/data/reason").asText()).isEqualTo(reason);
    }

    private long stranded() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher gauge = Pattern.compile("(?m)^ates_tasks_stranded(?:\\{[^}]*\\})? ([0-9.]+)")
                .matcher(metrics);
        assertThat(gauge.find())
                .as("the gauge ates_tasks_stranded in /q/metrics")
                .isTrue();
        return (long) Double.parseDouble(gauge.group(1));
    }

    private Instant changedAt(String id) {
        return Instant.parse(database.strings(
                        "SELECT to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM account "
                                + "WHERE id = ?",
                        id)
                .get(0));
    }

    private static Instant issuedAt(String token) throws Exception {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Instant.ofEpochSecond(
                EventJson.mapper().readTree(claims).get("iat").asLong());
    }

    // --- events as Keycloak's listener writes them, through the real Kafka

    private static String newAccountId() {
        return UUID.randomUUID().toString();
    }

    private static Sent created(String id, String username, Role role, Instant at) {
        String event = json(
                EventType.ACCOUNT_CREATED_V2,
                new AccountCreatedV2(id, username, username + "@uberpopug.test", null, role, true),
                at);
        return new Sent(send(id, event), event);
    }

    private static Sent updated(String id, String username, Role role, boolean enabled, Instant at) {
        String event = json(
                EventType.ACCOUNT_UPDATED_V2,
                new AccountUpdatedV2(id, username, username + "@uberpopug.test", null, role, enabled),
                at);
        return new Sent(send(id, event), event);
    }

    private static Sent deleted(String id, Instant at) {
        String event = json(EventType.ACCOUNT_DELETED_V1, new AccountDeletedV1(id), at);
        return new Sent(send(id, event), event);
    }

    private static String json(EventType type, Object data, Instant at) {
        try {
            return EventJson.mapper().writeValueAsString(EventEnvelope.of(type, data, at));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID send(String key, String event) {
        KafkaTopics.send("accounts-stream", key, event);
        try {
            return UUID.fromString(
                    EventJson.mapper().readTree(event).get("eventId").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until tasks has applied the event (its id is in processed_event, committed with its effects). */
    private UUID applied(Sent sent) {
        await("applied: " + sent.json())
                .atMost(WAIT)
                .until(() ->
                        database.count("SELECT count(*) FROM processed_event WHERE event_id = ?", sent.eventId()) == 1);
        return sent.eventId();
    }
}

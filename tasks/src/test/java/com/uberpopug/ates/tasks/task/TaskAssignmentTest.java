package com.uberpopug.ates.tasks.task;

import static com.uberpopug.ates.tasks.TestUsers.as;
import static com.uberpopug.ates.tasks.TestUsers.createTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.tasks.PinnedRandom;
import com.uberpopug.ates.tasks.TestDatabase;
import com.uberpopug.ates.tasks.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who gets a task (T3): a random employee who is neither a manager nor an admin, and always someone. */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class TaskAssignmentTest {

    @Inject
    AgroalDataSource dataSource;

    TestDatabase database;

    @BeforeEach
    void everyoneSignedIn() {
        database = new TestDatabase(dataSource);
        TestUsers.signInEveryone();
    }

    @Test
    void theAssigneeIsNeverAManagerOrAnAdminOverManyTasks() {
        Set<String> managersAndAdmins = Set.of(database.accountId("manager"), database.accountId("admin"));
        Map<String, Integer> perAssignee = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String creator = List.of("manager", "admin", "popug1", "accountant").get(i % 4);
            String assignee =
                    createTask(creator, "Task " + i).statusCode(201).extract().path("assignee.id");
            perAssignee.merge(assignee, 1, Integer::sum);
        }

        assertThat(perAssignee.keySet()).doesNotContainAnyElementsOf(managersAndAdmins);
        assertThat(database.candidates()).containsAll(perAssignee.keySet());
        // random over every candidate: with 300 draws each seeded worker and the accountant get some
        assertThat(perAssignee.keySet())
                .contains(database.accountId("accountant"), database.accountId("popug1"), database.accountId("popug5"));
        assertThat(database.count("SELECT count(*) FROM task t JOIN account a ON a.id = t.assignee_id "
                        + "WHERE a.role IN ('MANAGER', 'ADMIN')"))
                .isZero();
    }

    @Test
    void theInjectedRandomSourceDecidesWhoGetsTheTask() {
        String accountant = database.accountId("accountant");
        PinnedRandom.assignTo(database, accountant);

        for (int i = 0; i < 5; i++) {
            createTask("popug1", "For the accountant " + i)
                    .statusCode(201)
                    .body("assignee.id", equalTo(accountant))
                    .body("assignee.username", equalTo("accountant"));
        }
    }

    @Test
    void creatingATaskWhenNobodyMayGetItIsAClear409() {
        createTask("manager", "An open task to reassign").statusCode(201);
        List<String> candidates = database.candidates();
        long tasksBefore = database.count("SELECT count(*) FROM task");
        try {
            // for this test only: every worker and accountant gone (a deletion is otherwise final)
            database.update(
                    "UPDATE account SET deleted = true WHERE id = ANY (?)", (Object) candidates.toArray(String[]::new));

            createTask("manager", "Nobody to do it")
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("status", equalTo(409))
                    .body("title", equalTo("Nobody to assign"))
                    .body("detail", containsString("no employee to assign the task to"));
            as("manager").post("/api/tasks/reassign").then().statusCode(409).body("title", equalTo("Nobody to assign"));
        } finally {
            database.update("UPDATE account SET deleted = false WHERE id = ANY (?)", (Object)
                    candidates.toArray(String[]::new));
        }
        assertThat(database.count("SELECT count(*) FROM task")).isEqualTo(tasksBefore);
        createTask("manager", "Somebody to do it").statusCode(201);
    }
}

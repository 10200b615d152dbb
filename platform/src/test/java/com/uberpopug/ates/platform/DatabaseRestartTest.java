package com.uberpopug.ates.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts while the service is idle, as after a failover or a maintenance restart: every connection in
 * the pool is then dead, though nothing has told the pool. The first readiness probe and the first writes after the
 * restart must not be the ones to find out: a probe that answers 503 takes the pod out of its service, and a write
 * that fails is a 500 for its user.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "platform"))
class DatabaseRestartTest {

    /** As many connections as a few concurrent requests leave idle in the pool. */
    private static final int POOLED = 4;

    @Inject
    DataSource dataSource;

    @Inject
    TestTasks tasks;

    @Test
    void theFirstProbeAndWritesAfterARestartFindNoDeadConnection() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < POOLED; i++) {
                held.add(dataSource.getConnection());
            }
        } finally {
            for (Connection connection : held) {
                connection.close(); // back into the pool, open
            }
        }

        TestInfrastructure.get().postgres().stop();
        TestInfrastructure.get().postgres().start();

        Response ready = given().get("/q/health/ready");
        assertThat(ready.statusCode())
                .as("the first readiness probe after the restart: %s", ready.asString())
                .isEqualTo(200);
        for (int i = 0; i < POOLED; i++) {
            UUID id = UUID.randomUUID();
            tasks.create(id, "after the restart " + i, null, false);
            assertThat(tasks.outboxRows(id)).as("the event of write %d", i).isEqualTo(1);
        }
    }
}

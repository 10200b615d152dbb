package com.uberpopug.ates.platform.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * ates_outbox_backlog_bytes{slot}: the WAL a logical slot on this database has not confirmed, read on the schedule
 * (every second in these tests), and no sample for a slot that does not exist.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
class OutboxBacklogTest {

    private static final String SLOT = "ates_backlog_test_outbox";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    DataSource dataSource;

    @Test
    void aSlotThatHasNotConfirmedTheLatestWalShowsItsBacklogAndNoSlotShowsNoSample() throws SQLException {
        assertThat(sample(SLOT)).as("no slot, no sample").isEmpty();

        sql("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
        try {
            // WAL the slot has not read: a logical message of 10 kB
            sql("SELECT pg_logical_emit_message(true, 'ates-test', repeat('x', 10000))");

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(sample(SLOT))
                            .as("ates_outbox_backlog_bytes of the slot")
                            .hasValueSatisfying(bytes -> assertThat(bytes).isGreaterThanOrEqualTo(10000.0)));
        } finally {
            sql("SELECT pg_drop_replication_slot('" + SLOT + "')");
        }

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sample(SLOT))
                        .as("a dropped slot leaves no sample")
                        .isEmpty());
    }

    private static Optional<Double> sample(String slot) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^ates_outbox_backlog_bytes\\{[^}]*slot=\"" + Pattern.quote(slot)
                        + "\"[^}]*\\} ([0-9.eE+-]+)$")
                .matcher(metrics);
        return matcher.find() ? Optional.of(Double.valueOf(matcher.group(1))) : Optional.empty();
    }

    private void sql(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package com.uberpopug.ates.analytics.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Analytics publishes no events and has no outbox table: the platform's outbox pruning must not run here, where it
 * could only fail on the missing table, once an hour, in the log.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class ScheduledJobsTest {

    @Inject
    Scheduler scheduler;

    @Test
    void theOutboxIsNotPrunedInAServiceWithoutOne() {
        assertThat(scheduler.getScheduledJobs())
                .extracting(Trigger::getMethodDescription)
                .isNotEmpty()
                .noneMatch(method -> method.contains("OutboxRetention"));
    }
}

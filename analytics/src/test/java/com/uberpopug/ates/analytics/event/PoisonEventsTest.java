package com.uberpopug.ates.analytics.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.PoisonRecords;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one policy for records that can never be applied, on every topic analytics reads: a record that is not JSON, an
 * event invalid against its schema and an event of an unknown version each go to the topic's dead-letter topic at
 * once, with the reason, as in every other service.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class PoisonEventsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"accounts-stream", "tasks-stream", "tasks-lifecycle", "billing-stream", "billing-lifecycle"})
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReason(String topic) {
        assertThat(PoisonRecords.sendAndAwaitDeadLetters(topic)).hasSize(4);
    }
}

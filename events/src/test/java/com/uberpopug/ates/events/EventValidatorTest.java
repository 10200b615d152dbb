package com.uberpopug.ates.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.uberpopug.ates.events.task.TaskCreatedV1;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    private static final EventValidator VALIDATOR = new EventValidator();

    @Test
    void taskCreatedV1AndV2BothValidate() {
        ObjectNode v1 = envelope(EventType.TASK_CREATED_V1);
        ObjectNode v2 = envelope(EventType.TASK_CREATED_V2);

        assertThat(v1.get("data").has("jiraId")).isFalse();
        assertThat(VALIDATOR.validate(v1).reasons()).isEmpty();
        assertThat(v2.get("data").get("jiraId").asText()).isEqualTo("UBERPOP-42");
        assertThat(VALIDATOR.validate(v2).reasons()).isEmpty();
    }

    @Test
    void taskCreatedV1WithAJiraIdIsRejected() {
        ObjectNode v1 = envelope(EventType.TASK_CREATED_V1);
        data(v1).put("jiraId", "UBERPOP-42");

        ValidationResult result = VALIDATOR.validate(v1);

        assertThat(result.valid()).isFalse();
        assertThat(result.reasons()).anySatisfy(reason -> assertThat(reason).contains("jiraId"));
    }

    @Test
    void anUnknownEventNameIsRejectedNamingIt() {
        ObjectNode event = envelope(EventType.TASK_CREATED_V1);
        event.put("eventName", "Task.Foo");

        assertThat(VALIDATOR.validate(event).reasons()).containsExactly("unknown event Task.Foo v1");
    }

    @Test
    void anUnknownVersionIsRejectedNamingTheKnownOnes() {
        ObjectNode event = envelope(EventType.TASK_CREATED_V2);
        event.put("eventVersion", 3);

        assertThat(VALIDATOR.validate(event).reasons())
                .containsExactly("unknown version 3 of Task.Created; known: 1, 2");
    }

    @Test
    void aTaskWithoutATitleIsRejected() {
        ObjectNode event = envelope(EventType.TASK_CREATED_V2);
        data(event).remove("title");

        ValidationResult result = VALIDATOR.validate(event);

        assertThat(result.valid()).isFalse();
        assertThat(result.reasons()).anySatisfy(reason -> assertThat(reason).contains("title"));
    }

    @Test
    void anAmountThatIsNotANumberIsRejected() {
        ObjectNode event = envelope(EventType.TRANSACTION_APPLIED_V1);
        data(event).put("amount", "-15.30");

        ValidationResult result = VALIDATOR.validate(event);

        assertThat(result.valid()).isFalse();
        assertThat(result.reasons())
                .anySatisfy(reason -> assertThat(reason).contains("amount").contains("string"));
    }

    @Test
    void anAmountWithMoreThanTwoDecimalsIsRejected() {
        ObjectNode event = envelope(EventType.TRANSACTION_APPLIED_V1);
        data(event).put("amount", new java.math.BigDecimal("-15.305"));

        ValidationResult result = VALIDATOR.validate(event);

        assertThat(result.valid()).isFalse();
        assertThat(result.reasons()).anySatisfy(reason -> assertThat(reason).contains("amount"));
    }

    @Test
    void aFeeWithAPositiveAmountIsRejected() {
        ObjectNode event = envelope(EventType.TRANSACTION_APPLIED_V1);
        data(event).put("type", "FEE").put("amount", new java.math.BigDecimal("15.30"));

        ValidationResult result = VALIDATOR.validate(event);

        assertThat(result.valid()).isFalse();
        assertThat(result.reasons()).anySatisfy(reason -> assertThat(reason).contains("amount"));
    }

    @Test
    void aRewardWithANegativeAmountIsRejectedAndAPositiveOneAccepted() {
        ObjectNode negative = envelope(EventType.TRANSACTION_APPLIED_V1);
        data(negative).put("type", "REWARD").put("amount", new java.math.BigDecimal("-30.00"));
        ObjectNode positive = envelope(EventType.TRANSACTION_APPLIED_V1);
        data(positive).put("type", "REWARD").put("amount", new java.math.BigDecimal("30.00"));

        assertThat(VALIDATOR.validate(negative).valid()).isFalse();
        assertThat(VALIDATOR.validate(positive).reasons()).isEmpty();
    }

    @Test
    void anEnvelopeWithoutEventIdIsRejected() {
        ObjectNode event = envelope(EventType.TASK_ASSIGNED_V1);
        event.remove("eventId");

        ValidationResult result = VALIDATOR.validate(event);

        assertThat(result.valid()).isFalse();
        assertThat(result.reasons()).anySatisfy(reason -> assertThat(reason).contains("eventId"));
    }

    @Test
    void anEnvelopeWithANonUuidEventIdIsRejected() {
        ObjectNode event = envelope(EventType.TASK_ASSIGNED_V1);
        event.put("eventId", "not-a-uuid");

        ValidationResult result = VALIDATOR.validate(event);

        assertThat(result.valid()).isFalse();
        assertThat(result.reasons()).anySatisfy(reason -> assertThat(reason).contains("eventId"));
    }

    @Test
    void anEnvelopeWithAnExtraFieldOrALocalTimeIsRejected() {
        ObjectNode extra = envelope(EventType.TASK_ASSIGNED_V1);
        extra.put("partition", 3);
        ObjectNode local = envelope(EventType.TASK_ASSIGNED_V1);
        local.put("eventTime", "2026-03-02T12:15:30+03:00");

        assertThat(VALIDATOR.validate(extra).valid()).isFalse();
        assertThat(VALIDATOR.validate(local).valid()).isFalse();
    }

    @Test
    void anEnvelopeCarriesTheTypesNameVersionAndProducer() {
        EventEnvelope<TaskCreatedV1> envelope = EventEnvelope.of(
                EventType.TASK_CREATED_V1,
                (TaskCreatedV1) EventSamples.sample(EventType.TASK_CREATED_V1),
                EventSamples.NOW);

        assertThat(envelope.eventName()).isEqualTo("Task.Created");
        assertThat(envelope.eventVersion()).isEqualTo(1);
        assertThat(envelope.producer()).isEqualTo("tasks");
        assertThat(envelope.type()).contains(EventType.TASK_CREATED_V1);
    }

    private static ObjectNode envelope(EventType type) {
        return EventJson.mapper().valueToTree(EventSamples.envelope(type));
    }

    private static ObjectNode data(ObjectNode envelope) {
        return (ObjectNode) envelope.get("data");
    }
}

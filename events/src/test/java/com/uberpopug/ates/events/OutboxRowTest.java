package com.uberpopug.ates.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.events.billing.TransactionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutboxRowTest {

    private static final String USER = "6f1d3c2a-9b7e-4a41-8d55-0c2b7f7e1a11";
    private static final Instant AT = Instant.parse("2026-03-03T10:15:30.123456Z");
    private static final EventValidator VALIDATOR = new EventValidator();

    @Test
    void anAccountCreatedRowGoesToAccountsStreamKeyedByTheAccountWithTheWholeEnvelope() throws Exception {
        var envelope = EventEnvelope.of(
                EventType.ACCOUNT_CREATED_V1,
                new AccountCreatedV1(USER, "popug9", "popug9@uberpopug.test", "Popug Nine", null),
                AT);

        OutboxRow row = OutboxRow.of(envelope);

        assertThat(row.id()).isEqualTo(envelope.eventId());
        assertThat(row.aggregateType()).isEqualTo("accounts-stream");
        assertThat(row.aggregateId()).isEqualTo(USER);
        assertThat(row.type()).isEqualTo("Account.Created");
        assertThat(row.eventVersion()).isEqualTo(1);
        assertThat(row.timestamp()).isEqualTo(AT);
        JsonNode payload = EventJson.mapper().readTree(row.payload());
        assertThat(payload.path("eventId").asText())
                .isEqualTo(envelope.eventId().toString());
        assertThat(payload.path("producer").asText()).isEqualTo("keycloak");
        assertThat(payload.path("eventTime").asText()).isEqualTo("2026-03-03T10:15:30.123456Z");
        assertThat(payload.path("data").path("role").isNull()).isTrue();
        assertThat(VALIDATOR.validate(payload).reasons()).isEmpty();
    }

    @Test
    void aTaskEventIsKeyedByItsTaskAndABillingDayByItsDate() {
        OutboxRow assigned = OutboxRow.of(EventSamples.envelope(EventType.TASK_ASSIGNED_V2));
        OutboxRow closed = OutboxRow.of(EventSamples.envelope(EventType.BILLING_DAY_CLOSED_V1));

        assertThat(assigned.aggregateType()).isEqualTo("tasks-lifecycle");
        assertThat(assigned.aggregateId()).isEqualTo(EventSamples.TASK.toString());
        assertThat(closed.aggregateType()).isEqualTo("billing-lifecycle");
        assertThat(closed.aggregateId()).isEqualTo("2026-03-02");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventsRowCarriesItsEnvelopeAsTheValidatorReadsIt(EventType type) throws Exception {
        var envelope = EventSamples.envelope(type);

        OutboxRow row = OutboxRow.of(envelope);

        JsonNode payload = EventJson.mapper().readTree(row.payload());
        assertThat(payload.path("eventId").asText())
                .isEqualTo(envelope.eventId().toString());
        assertThat(payload.path("eventName").asText()).isEqualTo(type.eventName());
        assertThat(payload.path("eventVersion").asInt()).isEqualTo(type.eventVersion());
        assertThat(payload.path("producer").asText()).isEqualTo(type.producer());
        assertThat(Instant.parse(payload.path("eventTime").asText())).isEqualTo(envelope.eventTime());
        assertThat(VALIDATOR.validate(payload).reasons()).isEmpty();
        assertThat(row.aggregateType()).isEqualTo(type.topic().topicName());
        assertThat(row.aggregateId())
                .isEqualTo(payload.path("data").path(type.keyField()).asText());
        assertThat(row.type()).isEqualTo(type.eventName());
        assertThat(row.eventVersion()).isEqualTo(type.eventVersion());
    }

    @Test
    void amountsInThePayloadArePlainNumbersWithTheirCents() throws Exception {
        var envelope = EventEnvelope.of(
                EventType.TRANSACTION_APPLIED_V1,
                new TransactionAppliedV1(
                        UUID.randomUUID(),
                        USER,
                        TransactionType.REWARD,
                        new BigDecimal("100.00"),
                        EventSamples.TASK,
                        "Reward",
                        EventSamples.TODAY,
                        AT),
                AT);

        OutboxRow row = OutboxRow.of(envelope);

        JsonNode amount =
                EventJson.mapper().readTree(row.payload()).path("data").path("amount");
        assertThat(amount.isNumber()).isTrue();
        assertThat(amount.decimalValue()).isEqualByComparingTo("100.00");
        assertThat(row.payload()).doesNotContain("E+").doesNotContain("E-");
        // money goes out as billing holds it, two decimals, as the consumers' and the documentation's examples say
        assertThat(row.payload()).contains("\"amount\":100.00");
    }

    @Test
    void anEventWithoutItsKeyHasNoRow() {
        var keyless = EventEnvelope.of(EventType.ACCOUNT_DELETED_V1, new AccountDeletedV1(null), AT);

        assertThatThrownBy(() -> OutboxRow.of(keyless))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Account.Deleted v1 has no data.accountId");
    }

    @Test
    void anEventTheSystemDoesNotKnowHasNoRow() {
        var unknown = new EventEnvelope<>(
                UUID.randomUUID(), "Account.Created", 9, AT, "keycloak", new AccountDeletedV1(USER));

        assertThatThrownBy(() -> OutboxRow.of(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown event Account.Created v9");
    }
}

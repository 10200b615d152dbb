package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventJson;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.events.account.Role;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutboxRowTest {

    private static final String USER = "6f1d3c2a-9b7e-4a41-8d55-0c2b7f7e1a11";
    private static final Instant AT = Instant.parse("2026-03-03T10:15:30.123Z");
    private static final EventValidator VALIDATOR = new EventValidator();

    @Test
    void anAccountCreatedRowGoesToAccountsStreamKeyedByTheUserWithTheWholeEnvelope() throws Exception {
        var envelope = EventEnvelope.of(
                EventType.ACCOUNT_CREATED_V1,
                new AccountCreatedV1(USER, "popug9", "popug9@uberpopug.test", "Popug Nine", null),
                AT);

        OutboxRow row = OutboxRow.of(envelope, USER);

        assertThat(row.id()).isEqualTo(envelope.eventId());
        assertThat(row.aggregateType()).isEqualTo("accounts-stream");
        assertThat(row.aggregateId()).isEqualTo(USER);
        assertThat(row.type()).isEqualTo("Account.Created");
        assertThat(row.eventVersion()).isEqualTo(1);
        JsonNode payload = EventJson.mapper().readTree(row.payload());
        assertThat(payload.path("eventId").asText())
                .isEqualTo(envelope.eventId().toString());
        assertThat(payload.path("producer").asText()).isEqualTo("keycloak");
        assertThat(payload.path("eventTime").asText()).isEqualTo("2026-03-03T10:15:30.123Z");
        assertThat(payload.path("data").path("role").isNull()).isTrue();
        assertThat(VALIDATOR.validate(payload).reasons()).isEmpty();
    }

    @Test
    void theEventsTheListenerWritesAreValidAgainstTheirSchemas() {
        assertThat(VALIDATOR
                        .validate(EventEnvelope.of(
                                EventType.ACCOUNT_UPDATED_V1,
                                new AccountUpdatedV1(USER, "popug9", null, null, Role.MANAGER),
                                AT))
                        .reasons())
                .isEmpty();
        assertThat(VALIDATOR
                        .validate(EventEnvelope.of(EventType.ACCOUNT_DELETED_V1, new AccountDeletedV1(USER), AT))
                        .reasons())
                .isEmpty();
    }

    @Test
    void anAccountWithoutAUserNameBreaksItsSchemaAndIsNeverWritten() {
        var broken =
                EventEnvelope.of(EventType.ACCOUNT_CREATED_V1, new AccountCreatedV1(USER, "", null, null, null), AT);
        AccountOutbox outbox = new AccountOutbox(null, VALIDATOR);

        assertThatThrownBy(() -> outbox.append(broken, USER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Account.Created v1")
                .hasMessageContaining("/data/username");
    }

    @Test
    void aFullNameIsFirstAndLastNameOrWhatThereIsOfThem() {
        assertThat(AccountEvents.fullName("Popug", "Nine")).isEqualTo("Popug Nine");
        assertThat(AccountEvents.fullName(" Popug ", null)).isEqualTo("Popug");
        assertThat(AccountEvents.fullName(null, "Nine")).isEqualTo("Nine");
        assertThat(AccountEvents.fullName("", " ")).isNull();
        assertThat(AccountEvents.fullName(null, null)).isNull();
    }
}

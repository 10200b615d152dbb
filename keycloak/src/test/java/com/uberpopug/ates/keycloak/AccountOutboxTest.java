package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventType;
import com.uberpopug.ates.events.EventValidator;
import com.uberpopug.ates.events.OutboxRow;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.AccountUpdatedV2;
import com.uberpopug.ates.events.account.Role;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountOutboxTest {

    private static final String USER = "6f1d3c2a-9b7e-4a41-8d55-0c2b7f7e1a11";
    private static final Instant AT = Instant.parse("2026-03-03T10:15:30.123Z");
    private static final EventValidator VALIDATOR = new EventValidator();

    @Test
    void anAccountsEventsAreAllKeyedByItsKeycloakUserId() {
        var created = EventEnvelope.of(
                EventType.ACCOUNT_CREATED_V2,
                new AccountCreatedV2(USER, "popug9", "popug9@uberpopug.test", "Popug Nine", Role.WORKER, true),
                AT);
        var updated = EventEnvelope.of(
                EventType.ACCOUNT_UPDATED_V2,
                new AccountUpdatedV2(USER, "popug9", null, null, Role.MANAGER, false),
                AT);

        assertThat(OutboxRow.of(created).aggregateId()).isEqualTo(USER);
        assertThat(OutboxRow.of(updated).aggregateId()).isEqualTo(USER);
        assertThat(OutboxRow.of(AccountEvents.deleted(USER, AT)).aggregateId()).isEqualTo(USER);
    }

    @Test
    void theEventsTheListenerWritesAreValidAgainstTheirSchemas() {
        assertThat(VALIDATOR
                        .validate(EventEnvelope.of(
                                EventType.ACCOUNT_UPDATED_V2,
                                new AccountUpdatedV2(USER, "popug9", null, null, Role.MANAGER, true),
                                AT))
                        .reasons())
                .isEmpty();
        assertThat(VALIDATOR.validate(AccountEvents.deleted(USER, AT)).reasons())
                .isEmpty();
    }

    @Test
    void anAccountWithoutAUserNameBreaksItsSchemaAndIsNeverWritten() {
        var broken = EventEnvelope.of(
                EventType.ACCOUNT_CREATED_V2, new AccountCreatedV2(USER, "", null, null, null, true), AT);
        AccountOutbox outbox = new AccountOutbox(null, VALIDATOR);

        assertThatThrownBy(() -> outbox.append(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Account.Created v2")
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

package com.uberpopug.ates.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The listener's options, read as Keycloak hands them over: through its Config.Scope. */
class AccountEventListenerFactoryTest {

    private static final String PREFIX = "ates-factory-test.";
    private final Config.Scope config = new Config.SystemPropertiesScope(PREFIX);

    @AfterEach
    void forgetTheOptions() {
        System.clearProperty(PREFIX + AccountEventListenerFactory.RETENTION);
    }

    @Test
    void withoutOptionsRowsAreKeptSevenDaysAndPrunedHourly() {
        assertThat(AccountEventListenerFactory.duration(
                        config, AccountEventListenerFactory.RETENTION, AccountEventListenerFactory.DEFAULT_RETENTION))
                .isEqualTo(Duration.ofDays(7));
        assertThat(AccountEventListenerFactory.duration(
                        config,
                        AccountEventListenerFactory.PRUNE_INTERVAL,
                        AccountEventListenerFactory.DEFAULT_PRUNE_INTERVAL))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theRetentionIsAnIsoDurationFromKeycloaksConfiguration() {
        System.setProperty(PREFIX + AccountEventListenerFactory.RETENTION, "P14D");

        assertThat(AccountEventListenerFactory.duration(
                        config, AccountEventListenerFactory.RETENTION, AccountEventListenerFactory.DEFAULT_RETENTION))
                .isEqualTo(Duration.ofDays(14));
    }

    @Test
    void aRetentionThatIsNoDurationOrNotPositiveStopsKeycloakWithTheOptionNamed() {
        System.setProperty(PREFIX + AccountEventListenerFactory.RETENTION, "7 days");
        assertThatThrownBy(() -> AccountEventListenerFactory.duration(
                        config, AccountEventListenerFactory.RETENTION, AccountEventListenerFactory.DEFAULT_RETENTION))
                .hasMessageContaining("--spi-events-listener--ates-accounts--outbox-retention")
                .hasMessageContaining("7 days");

        System.setProperty(PREFIX + AccountEventListenerFactory.RETENTION, "PT0S");
        assertThatThrownBy(() -> AccountEventListenerFactory.duration(
                        config, AccountEventListenerFactory.RETENTION, AccountEventListenerFactory.DEFAULT_RETENTION))
                .hasMessageContaining("must be positive");
    }
}

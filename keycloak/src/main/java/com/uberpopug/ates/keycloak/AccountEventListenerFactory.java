package com.uberpopug.ates.keycloak;

import com.uberpopug.ates.events.EventValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.timer.TimerProvider;

/**
 * The event listener {@value #ID}: a realm that lists it in its {@code eventsListeners} (with admin events
 * enabled) writes its account changes to the outbox. Loads the event schemas once, at Keycloak's start; once
 * Keycloak has started (and imported its realms) announces the accounts that have no Account.Created yet and
 * schedules the pruning of the outbox. Listens to Keycloak's group removals, whose members lose the group's roles.
 * <p>
 * Options ({@code --spi-events-listener--ates-accounts--<option>=<value>}, Keycloak's form for provider options):
 * {@value #RETENTION}, ISO-8601, default
 * {@value #DEFAULT_RETENTION}; {@value #PRUNE_INTERVAL}, default {@value #DEFAULT_PRUNE_INTERVAL}.
 */
public final class AccountEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "ates-accounts";
    static final String RETENTION = "outbox-retention";
    static final String DEFAULT_RETENTION = "P7D";
    static final String PRUNE_INTERVAL = "outbox-prune-interval";
    static final String DEFAULT_PRUNE_INTERVAL = "PT1H";

    private static final Logger LOG = Logger.getLogger(AccountEventListenerFactory.class);

    private final Clock clock = Clock.systemUTC();
    private EventValidator validator;
    private Duration retention;
    private Duration pruneInterval;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AccountEventListener(session, validator);
    }

    @Override
    public void init(Config.Scope config) {
        validator = new EventValidator();
        retention = duration(config, RETENTION, DEFAULT_RETENTION);
        pruneInterval = duration(config, PRUNE_INTERVAL, DEFAULT_PRUNE_INTERVAL);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(
                        factory, session -> new ExistingAccounts(session, validator, clock).announce());
                KeycloakModelUtils.runJobInTransaction(
                        factory,
                        session -> session.getProvider(TimerProvider.class)
                                .scheduleTask(
                                        new OutboxPruning(retention, clock),
                                        pruneInterval.toMillis(),
                                        OutboxPruning.TASK));
                LOG.infof("outbox rows older than %s are pruned every %s", retention, pruneInterval);
            } else if (event instanceof GroupModel.GroupRemovedEvent removed
                    && ExistingAccounts.listens(removed.getRealm())
                    && removed.getKeycloakSession().getProvider(EventListenerProvider.class, ID)
                            instanceof AccountEventListener listener) {
                listener.groupRemoved(removed.getRealm(), removed.getGroup(), clock.instant());
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(RETENTION)
                .type("string")
                .defaultValue(DEFAULT_RETENTION)
                .helpText("How long outbox rows are kept (ISO-8601 duration); longer than any redelivery window")
                .add()
                .property()
                .name(PRUNE_INTERVAL)
                .type("string")
                .defaultValue(DEFAULT_PRUNE_INTERVAL)
                .helpText("How often outbox rows older than the retention are deleted (ISO-8601 duration)")
                .add()
                .build();
    }

    static Duration duration(Config.Scope config, String option, String defaultValue) {
        String value = config.get(option, defaultValue);
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(
                        "--spi-events-listener--" + ID + "--" + option + " must be positive, not " + value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--spi-events-listener--" + ID + "--" + option
                            + " must be an ISO-8601 duration such as P7D or PT1H, not " + value,
                    e);
        }
    }

    @Override
    public void close() {
        // the validator holds no resources; Keycloak's timer ends with Keycloak
    }

    @Override
    public String getId() {
        return ID;
    }
}

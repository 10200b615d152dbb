package com.uberpopug.ates.keycloak;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * Deletes the outbox rows older than the retention, run periodically by Keycloak's timer, each run in a
 * transaction of its own. Debezium reads each row from the write-ahead log within seconds of its commit, and its
 * publication carries inserts only, so a deletion sends nothing to Kafka.
 * <p>
 * An account's {@code Account.Created} row stays while the account lives: it is how {@link ExistingAccounts}
 * knows the account was announced. It goes with the account's other rows once an {@code Account.Deleted} is there.
 */
final class OutboxPruning implements ScheduledTask {

    static final String TASK = "ates-outbox-pruning";

    private static final Logger LOG = Logger.getLogger(OutboxPruning.class);

    private static final String DELETE = "DELETE FROM outbox_event o WHERE o.timestamp < :cutoff "
            + "AND (o.type <> 'Account.Created' OR EXISTS (SELECT 1 FROM outbox_event d "
            + "WHERE d.aggregateid = o.aggregateid AND d.type = 'Account.Deleted'))";

    private final Duration retention;
    private final Clock clock;

    OutboxPruning(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void run(KeycloakSession session) {
        int pruned = session.getProvider(JpaConnectionProvider.class)
                .getEntityManager()
                .createNativeQuery(DELETE)
                .setParameter("cutoff", Timestamp.from(clock.instant().minus(retention)))
                .executeUpdate();
        if (pruned > 0) {
            LOG.debugf("pruned %d outbox rows older than %s", pruned, retention);
        }
    }

    @Override
    public String getTaskName() {
        return TASK;
    }
}

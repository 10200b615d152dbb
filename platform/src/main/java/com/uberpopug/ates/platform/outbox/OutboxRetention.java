package com.uberpopug.ates.platform.outbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes outbox rows once they are old enough to have been published long ago ({@code ates.outbox.retention},
 * checked every {@code ates.outbox.retention-check}; {@code off} in a service without an outbox). Debezium reads
 * inserts from the WAL, and the publication carries inserts only, so deleting a row never produces an event;
 * keeping rows for a while leaves a record of what was published for whoever investigates.
 */
@ApplicationScoped
public class OutboxRetention {

    private static final Logger LOG = Logger.getLogger(OutboxRetention.class);

    private final EntityManager entityManager;
    private final Duration retention;
    private final Clock clock;

    public OutboxRetention(
            EntityManager entityManager,
            @ConfigProperty(name = "ates.outbox.retention", defaultValue = "P7D") Duration retention,
            Clock clock) {
        this.entityManager = entityManager;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(
            every = "${ates.outbox.retention-check:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteOld() {
        int deleted = entityManager
                .createQuery("delete from OutboxEvent e where e.timestamp < :before")
                .setParameter("before", clock.instant().minus(retention))
                .executeUpdate();
        if (deleted > 0) {
            LOG.infof("deleted %d outbox rows older than %s", deleted, retention);
        }
    }
}

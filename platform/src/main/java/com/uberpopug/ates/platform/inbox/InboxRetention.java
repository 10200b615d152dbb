package com.uberpopug.ates.platform.inbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgets the ids of events processed long ago, so {@code processed_event} stays bounded. An id must be kept for as
 * long as its event can still arrive again. Redeliveries come within minutes to days: a poll applied but not yet
 * committed when a consumer stops, Debezium sending rows again after a crash, a replay of a dead-letter topic (7
 * days). The event topics themselves keep their whole history (analytics rebuilds from them), so an older event
 * arrives again only when a consumer group goes back to an earlier offset: the brokers keep committed offsets for a
 * year (offsets.retention.minutes) so that no outage resets a group, and nobody resets tasks' or billing's groups by
 * hand (docs/operations.md, "Topic retention"). Within those bounds {@code ates.inbox.retention} (30 days) is ample.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);

    private final EntityManager entityManager;
    private final Duration retention;

    public InboxRetention(
            EntityManager entityManager,
            @ConfigProperty(name = "ates.inbox.retention", defaultValue = "P30D") Duration retention) {
        this.entityManager = entityManager;
        this.retention = retention;
    }

    @Scheduled(
            every = "${ates.inbox.retention-check:1h}",
            delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        deleteOld();
    }

    /** Deletes the ids older than the retention; answers how many. */
    @Transactional
    public int deleteOld() {
        // the database's clock, the one that stamped processed_at (a service's clock may be pinned by its tests)
        int deleted = entityManager
                .createNativeQuery(
                        "DELETE FROM processed_event WHERE processed_at < now() - make_interval(secs => :seconds)")
                .setParameter("seconds", (double) retention.toSeconds())
                .executeUpdate();
        if (deleted > 0) {
            LOG.infof("forgot %d processed event ids older than %s", deleted, retention);
        }
        return deleted;
    }
}

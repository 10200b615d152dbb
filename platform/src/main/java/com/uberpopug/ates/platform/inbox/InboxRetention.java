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
 * long as its event can still arrive again: Kafka keeps a topic's records for its retention (the broker default of
 * 7 days, which neither the chart nor devstack changes), and a consumer group that falls behind, or a replay from
 * the beginning, can deliver them again. So the retention here ({@code ates.inbox.retention}, 30 days) must stay
 * longer than the longest topic retention: an event older than that can no longer be on any topic.
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

package com.uberpopug.ates.analytics.rebuild;

import com.uberpopug.ates.platform.inbox.ConsumerChannels;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rebuilds analytics' read model from Kafka: empties it (the projections and the inbox's {@code processed_event}, so
 * every event applies again) and replays every topic analytics reads from its beginning through the normal consumer
 * path ({@code AnalyticsConsumer}, the Inbox, the projections).
 *
 * <p>How: while no poll is being applied (the consumers hold {@link #applying}'s read lock while they apply one), on
 * each channel's polling thread the assigned partitions are sought to their beginning and their end offsets noted
 * as the target; then the read model is emptied in one transaction. A poll fetched before the seek and applied
 * after the emptying is simply applied (its events are then duplicates when the replay reaches them), so the read
 * model is complete once, for every partition, every offset from its beginning to its target has been applied since
 * the emptying: {@link Run#applied} follows that, per partition, as the polls go through.
 *
 * <p>The queries ask {@link #requireReadModel()} first and are refused while a rebuild has not finished, here or as
 * the database records it (a rebuild cut short by a restart leaves its row RUNNING until one is started again).
 * The rebuild needs every partition of every topic assigned to this instance: with several replicas of analytics,
 * each would replay only its own share, so it is refused until analytics runs as one replica.
 */
@ApplicationScoped
public class ReadModelRebuild {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    /** Everything the events build, and the inbox's record of which were applied. */
    static final String READ_MODEL =
            "account, account_balance, account_balance_day, task, ledger_transaction, daily_earnings, "
                    + "daily_top_reward, daily_negative_balance, billing_day, payout, processed_event";

    private final ReentrantReadWriteLock applying = new ReentrantReadWriteLock();
    private final KafkaClientService kafka;
    private final ConsumerChannels channels;
    private final EntityManager em;
    private final Clock clock;
    private final Duration waitForConsumers;
    private volatile Run run;
    /**
     * The database said no rebuild is owed or unfinished: later queries need not ask it again. Only a rebuild started
     * here ({@link #run}, checked first) can make the read model incomplete after that, since a rebuild needs this
     * instance to be the only one.
     */
    private volatile boolean persistedComplete;

    ReadModelRebuild(
            KafkaClientService kafka,
            ConsumerChannels channels,
            EntityManager em,
            Clock clock,
            @ConfigProperty(name = "ates.rebuild.wait-for-consumers", defaultValue = "PT30S")
                    Duration waitForConsumers) {
        this.kafka = kafka;
        this.channels = channels;
        this.em = em;
        this.clock = clock;
        this.waitForConsumers = waitForConsumers;
    }

    /**
     * Applies a poll through {@code apply} (the Inbox), never at the same time as a rebuild empties the read model,
     * and counts what it applied towards the running rebuild.
     */
    public <T> T applying(KafkaRecordBatch<String, String> poll, Supplier<T> apply) {
        applying.readLock().lock();
        try {
            T result = apply.get();
            Run current = run;
            if (current != null && current.finishedAt == null) {
                current.applied(poll.getRecords());
                if (current.complete()) {
                    finish(current);
                }
            }
            return result;
        } finally {
            applying.readLock().unlock();
        }
    }

    /**
     * Starts a rebuild; answers its state once the read model is emptied and the replay has begun.
     *
     * @throws RebuildRefusedException when one is running already, or the consumers cannot be sought back
     */
    public synchronized RebuildStatus start() {
        Run current = run;
        if (current != null && current.finishedAt == null) {
            throw new RebuildRefusedException(409, "the read model is already being rebuilt: " + current.progress());
        }
        try {
            if (!applying.writeLock().tryLock(waitForConsumers.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RebuildRefusedException(
                        503,
                        "the consumers did not finish the poll they are applying " + "within "
                                + waitForConsumers.toSeconds() + " s (waiting for the database?); try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebuildRefusedException(503, "interrupted while waiting for the consumers");
        }
        try {
            List<Seek> seeks = new ArrayList<>();
            for (String channel : new TreeSet<>(kafka.getConsumerChannels())) {
                seeks.add(new Seek(channel, kafka.getConsumer(channel), topicOf(channel)));
            }
            for (Seek seek : seeks) {
                seek.checkAllAssigned(); // before any seek: a refused rebuild leaves the consumers as they were
            }
            Map<TopicPartition, Long> beginning = new HashMap<>();
            Map<TopicPartition, Long> target = new HashMap<>();
            for (Seek seek : seeks) {
                seek.toBeginning(beginning, target);
            }
            Run started = new Run(clock.instant(), beginning, target);
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("TRUNCATE " + READ_MODEL).executeUpdate();
                em.createNativeQuery("""
                                INSERT INTO read_model_rebuild (id, state, started_at, finished_at, events_target,
                                    events_replayed)
                                VALUES (1, 'RUNNING', :started, NULL, :target, 0)
                                ON CONFLICT (id) DO UPDATE SET state = 'RUNNING', started_at = EXCLUDED.started_at,
                                    finished_at = NULL, events_target = EXCLUDED.events_target, events_replayed = 0""")
                        .setParameter("started", utc(started.startedAt))
                        .setParameter("target", started.target())
                        .executeUpdate();
            });
            run = started;
            LOG.infof(
                    "rebuilding the read model from Kafka: %d events on %d partitions",
                    started.target(), target.size());
            if (started.complete()) {
                finish(started); // every topic empty
            }
            return started.status();
        } finally {
            applying.writeLock().unlock();
        }
    }

    /** The rebuild running here or the last one, else what the database remembers, else none. */
    public RebuildStatus status() {
        Run current = run;
        if (current != null) {
            return current.status();
        }
        return persisted().orElse(RebuildStatus.none());
    }

    /**
     * Lets a query go on only when the read model is whole.
     *
     * @throws RebuildInProgressException while a rebuild has not finished
     */
    public void requireReadModel() {
        Run current = run;
        if (current != null) {
            if (current.finishedAt == null) {
                throw new RebuildInProgressException("the read model is being rebuilt from Kafka: " + current.progress()
                        + "; its figures are incomplete until then");
            }
            return;
        }
        if (persistedComplete) {
            return;
        }
        Optional<RebuildStatus> unfinished = persisted().filter(status -> status.state() != RebuildStatus.State.DONE);
        if (unfinished.isEmpty()) {
            persistedComplete = true;
            return;
        }
        unfinished.ifPresent(status -> {
            if (status.state() == RebuildStatus.State.REQUIRED) {
                throw new RebuildInProgressException("the read model must be rebuilt from Kafka before it "
                        + "answers (it was built before analytics kept each account's balance per day): "
                        + "0 of its events replayed; start the rebuild (POST /api/admin/rebuild)");
            }
            throw new RebuildInProgressException("the read model is being rebuilt from Kafka: a rebuild of "
                    + status.eventsTarget() + " events started at " + status.startedAt() + " has not finished; if "
                    + "no instance is running it any more, start it again (POST /api/admin/rebuild)");
        });
    }

    private Optional<RebuildStatus> persisted() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT state, started_at, finished_at, events_target, "
                            + "events_replayed FROM read_model_rebuild WHERE id = 1")
                    .getResultList();
            return rows.stream()
                    .findFirst()
                    .map(row -> new RebuildStatus(
                            RebuildStatus.State.valueOf((String) row[0]),
                            instant(row[1]),
                            instant(row[2]),
                            ((Number) row[4]).longValue(),
                            ((Number) row[3]).longValue()));
        });
    }

    /** Records the rebuild as done, once, whichever consumer applied its last poll. */
    private void finish(Run finished) {
        synchronized (finished) {
            if (finished.finishedAt != null) {
                return;
            }
            Instant at = clock.instant();
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("""
                            UPDATE read_model_rebuild SET state = 'DONE', finished_at = :finished,
                                events_replayed = :replayed
                            WHERE id = 1""")
                            .setParameter("finished", utc(at))
                            .setParameter("replayed", finished.replayed())
                            .executeUpdate());
            finished.finishedAt = at;
        }
        LOG.infof("read model rebuilt: %s", finished.progress());
    }

    private String topicOf(String channel) {
        return channels.byName(channel).map(ConsumerChannels.Channel::topic).orElse(channel);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime t -> t.toInstant();
            case Instant i -> i;
            case java.sql.Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }

    /** One channel's consumer, sought back on its own polling thread (a Kafka consumer is single-threaded). */
    private final class Seek {
        private final String channel;
        private final KafkaConsumer<Object, Object> consumer;
        private final String topic;

        Seek(String channel, KafkaConsumer<Object, Object> consumer, String topic) {
            this.channel = channel;
            this.consumer = consumer;
            this.topic = topic;
        }

        void checkAllAssigned() {
            String missing = consumer.runOnPollingThread(c -> {
                        Set<TopicPartition> assigned = c.assignment();
                        int partitions = c.partitionsFor(topic).size();
                        return assigned.size() == partitions
                                ? null
                                : "holds " + assigned.size() + " of the " + partitions + " partitions of " + topic;
                    })
                    .await()
                    .atMost(waitForConsumers);
            if (missing != null) {
                throw new RebuildRefusedException(
                        409,
                        "the consumer of " + channel + " " + missing
                                + ": a rebuild replays every partition, so it needs analytics running as one replica that "
                                + "consumes all of them (scale it to 1, wait until it is ready, then start the rebuild)");
            }
        }

        void toBeginning(Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> target) {
            Map<String, Map<TopicPartition, Long>> offsets = consumer.runOnPollingThread(c -> {
                        Set<TopicPartition> assigned = c.assignment();
                        Map<TopicPartition, Long> first = c.beginningOffsets(assigned);
                        Map<TopicPartition, Long> end = c.endOffsets(assigned);
                        c.seekToBeginning(assigned);
                        assigned.forEach(c::position); // the seek is lazy: take the new positions now
                        return Map.of("beginning", first, "end", end);
                    })
                    .await()
                    .atMost(waitForConsumers);
            beginning.putAll(offsets.get("beginning"));
            target.putAll(offsets.get("end"));
        }
    }

    /**
     * One rebuild: per partition its first offset, its end when the rebuild started (the target) and the next offset
     * to apply. A partition advances only on the offset it waits for, or on the one after a record it advanced on
     * (an offset Kafka skipped), so a poll fetched before the seek, whose offsets are ahead, counts for nothing.
     */
    static final class Run {
        final Instant startedAt;
        final Map<TopicPartition, Long> beginning;
        final Map<TopicPartition, Long> target;
        final Map<TopicPartition, Long> next = new HashMap<>();
        final Map<TopicPartition, Long> lastAdvanced = new HashMap<>();
        volatile Instant finishedAt;

        Run(Instant startedAt, Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> target) {
            this.startedAt = startedAt;
            this.beginning = Map.copyOf(beginning);
            this.target = Map.copyOf(target);
            this.next.putAll(beginning);
        }

        synchronized void applied(List<KafkaRecord<String, String>> records) {
            for (KafkaRecord<String, String> record : records) {
                IncomingKafkaRecordMetadata<?, ?> metadata =
                        record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
                TopicPartition partition = new TopicPartition(metadata.getTopic(), metadata.getPartition());
                Long expected = next.get(partition);
                if (expected == null) {
                    continue;
                }
                long offset = metadata.getOffset();
                Long last = lastAdvanced.get(partition);
                if (offset == expected || (offset > expected && last != null && last == expected - 1)) {
                    next.put(partition, offset + 1);
                    lastAdvanced.put(partition, offset);
                }
            }
        }

        synchronized boolean complete() {
            return target.entrySet().stream().allMatch(e -> next.get(e.getKey()) >= e.getValue());
        }

        long target() {
            return target.entrySet().stream()
                    .mapToLong(e -> Math.max(0, e.getValue() - beginning.get(e.getKey())))
                    .sum();
        }

        synchronized long replayed() {
            return target.entrySet().stream()
                    .mapToLong(e ->
                            Math.max(0, Math.min(next.get(e.getKey()), e.getValue()) - beginning.get(e.getKey())))
                    .sum();
        }

        RebuildStatus status() {
            return new RebuildStatus(
                    finishedAt == null ? RebuildStatus.State.RUNNING : RebuildStatus.State.DONE,
                    startedAt,
                    finishedAt,
                    replayed(),
                    target());
        }

        String progress() {
            return replayed() + " of " + target() + " events replayed since " + startedAt;
        }
    }
}

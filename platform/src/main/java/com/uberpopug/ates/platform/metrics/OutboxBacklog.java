package com.uberpopug.ates.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * How far Debezium Server is behind this service's outbox: {@code ates.outbox.backlog.bytes{slot}}, the WAL bytes
 * of this database that each logical replication slot reading it has not confirmed yet (Debezium's slot is
 * {@code ates_<database>_outbox}). A database no slot reads (before Debezium's first start, or analytics, which has
 * no outbox) gives no sample at all, never a 0 that would look like an empty backlog.
 *
 * <p>The slots are read on a schedule ({@code ates.metrics.outbox-backlog.every}, 30 s by default), never while a
 * request or an event is handled, with a short query timeout; a failed read is logged and leaves the last values.
 */
@ApplicationScoped
public class OutboxBacklog {

    static final String QUERY = """
            SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)
            FROM pg_replication_slots
            WHERE slot_type = 'logical' AND database = current_database() AND confirmed_flush_lsn IS NOT NULL
            ORDER BY slot_name""";
    private static final int QUERY_TIMEOUT_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    private final DataSource dataSource;
    private final MultiGauge backlog;

    public OutboxBacklog(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.backlog = MultiGauge.builder("ates.outbox.backlog.bytes")
                .description("WAL bytes of this database a logical replication slot (Debezium's) has not confirmed")
                .baseUnit("bytes")
                .register(registry);
    }

    @Scheduled(
            identity = "outbox-backlog-metric",
            every = "${ates.metrics.outbox-backlog.every:30s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        refresh();
    }

    /** Reads the slots once and sets the gauge to them; answers false (and keeps the last values) if it could not. */
    public boolean refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet slots = statement.executeQuery(QUERY)) {
                while (slots.next()) {
                    rows.add(MultiGauge.Row.of(Tags.of("slot", slots.getString(1)), slots.getDouble(2)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("could not read the replication slots for ates_outbox_backlog_bytes: %s", e.getMessage());
            return false;
        }
        backlog.register(rows, true);
        return true;
    }
}

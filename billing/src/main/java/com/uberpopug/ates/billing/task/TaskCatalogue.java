package com.uberpopug.ates.billing.task;

import com.uberpopug.ates.platform.calendar.BillingCalendar;
import com.uberpopug.ates.platform.jdbc.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Billing's knowledge of tasks: the price, fixed the first time any event names the task, and the title and jira id,
 * filled in whenever Task.Created or Task.Updated arrives. Events about one task may come in any order across
 * topics; whichever is first prices the task, and nothing later changes the price. Task rows are always locked in
 * id order, so that concurrent batches never wait for each other in a circle.
 */
@ApplicationScoped
public class TaskCatalogue {

    private final EntityManager entityManager;
    private final PriceList priceList;
    private final BillingCalendar calendar;

    public TaskCatalogue(EntityManager entityManager, PriceList priceList, BillingCalendar calendar) {
        this.entityManager = entityManager;
        this.priceList = priceList;
        this.calendar = calendar;
    }

    /**
     * The tasks' prices and what is known of them, pricing now those billing has not heard of before. Locks the
     * tasks' rows until the transaction ends, so events of one task arriving on two topics at once apply one after
     * the other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, PricedTask> price(Collection<UUID> taskIds) {
        List<UUID> ids = taskIds.stream().distinct().sorted().toList();
        int n = ids.size();
        BigDecimal[] fees = new BigDecimal[n];
        BigDecimal[] rewards = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            PriceList.Price price = priceList.draw();
            fees[i] = price.fee();
            rewards[i] = price.reward();
        }
        Instant now = calendar.now();
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Map<UUID, PricedTask> priced = new HashMap<>();
            // DO UPDATE (a no-op, of no key column) rather than DO NOTHING: it returns the existing row, even one
            // committed concurrently
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO task (id, fee, reward, priced_at)
                    SELECT t.id, t.fee, t.reward, ? FROM unnest(?, ?, ?) WITH ORDINALITY AS t(id, fee, reward, n)
                    ORDER BY t.n
                    ON CONFLICT (id) DO UPDATE SET priced_at = task.priced_at
                    RETURNING id, fee, reward, title, jira_id""")) {
                upsert.setObject(1, now.atOffset(ZoneOffset.UTC));
                SqlArrays.bind(upsert, 2, "uuid", ids.toArray());
                SqlArrays.bind(upsert, 3, "numeric", fees);
                SqlArrays.bind(upsert, 4, "numeric", rewards);
                try (ResultSet rows = upsert.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        priced.put(
                                id,
                                new PricedTask(
                                        id,
                                        rows.getBigDecimal(2),
                                        rows.getBigDecimal(3),
                                        rows.getString(4),
                                        rows.getString(5)));
                    }
                }
            }
            return priced;
        });
    }

    /**
     * Records tasks' titles and jira ids, each as of its event's time: an older description never overwrites a
     * newer one, whatever order they arrive in. Prices the tasks billing hears of for the first time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void describe(List<Description> descriptions) {
        // one row per task (the newest description), in id order
        Map<UUID, Description> newest = new TreeMap<>();
        for (Description d : descriptions) {
            newest.merge(d.taskId(), d, (a, b) -> b.asOf().isBefore(a.asOf()) ? a : b);
        }
        int n = newest.size();
        UUID[] ids = new UUID[n];
        String[] titles = new String[n];
        String[] jiraIds = new String[n];
        java.sql.Timestamp[] asOf = new java.sql.Timestamp[n];
        BigDecimal[] fees = new BigDecimal[n];
        BigDecimal[] rewards = new BigDecimal[n];
        int i = 0;
        for (Description d : newest.values()) {
            PriceList.Price price = priceList.draw();
            ids[i] = d.taskId();
            titles[i] = d.title();
            jiraIds[i] = d.jiraId();
            asOf[i] = java.sql.Timestamp.from(d.asOf());
            fees[i] = price.fee();
            rewards[i] = price.reward();
            i++;
        }
        Instant now = calendar.now();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO task (id, title, jira_id, details_updated_at, fee, reward, priced_at)
                    SELECT t.id, t.title, t.jira_id, t.as_of, t.fee, t.reward, ?
                    FROM unnest(?, ?, ?, ?, ?, ?) WITH ORDINALITY AS t(id, title, jira_id, as_of, fee, reward, n)
                    ORDER BY t.n
                    ON CONFLICT (id) DO UPDATE
                        SET title = EXCLUDED.title, jira_id = EXCLUDED.jira_id,
                            details_updated_at = EXCLUDED.details_updated_at
                        WHERE task.details_updated_at IS NULL
                           OR task.details_updated_at <= EXCLUDED.details_updated_at""")) {
                upsert.setObject(1, now.atOffset(ZoneOffset.UTC));
                SqlArrays.bind(upsert, 2, "uuid", ids);
                SqlArrays.bind(upsert, 3, "text", titles);
                SqlArrays.bind(upsert, 4, "text", jiraIds);
                SqlArrays.bind(upsert, 5, "timestamptz", asOf);
                SqlArrays.bind(upsert, 6, "numeric", fees);
                SqlArrays.bind(upsert, 7, "numeric", rewards);
                upsert.executeUpdate();
            }
        });
    }

    /** What a Task.Created or Task.Updated says of a task, as of the event's time. */
    public record Description(UUID taskId, String title, String jiraId, Instant asOf) {}
}

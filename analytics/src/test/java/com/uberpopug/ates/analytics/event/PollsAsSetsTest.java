package com.uberpopug.ates.analytics.event;

import static com.uberpopug.ates.analytics.support.Events.balance;
import static com.uberpopug.ates.analytics.support.Events.fee;
import static com.uberpopug.ates.analytics.support.Events.payout;
import static com.uberpopug.ates.analytics.support.Events.republished;
import static com.uberpopug.ates.analytics.support.Events.reward;
import static com.uberpopug.ates.analytics.support.Events.taskAssigned;
import static com.uberpopug.ates.analytics.support.Events.taskCompleted;
import static com.uberpopug.ates.analytics.support.Events.taskCreated;
import static com.uberpopug.ates.analytics.support.Events.taskUpdated;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.analytics.support.Events.Event;
import com.uberpopug.ates.analytics.support.ReadModel;
import com.uberpopug.ates.analytics.support.TestClock;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.platform.inbox.Inbox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poll's events applied as one set, as the consumer applies each poll: what a poll says twice, or of one account,
 * day or task more than once, leaves what applying its events one after the other would. Each poll goes through the
 * real Inbox (parsed, validated, recorded as processed, one transaction) and the consumer's handler, and is checked to
 * have been applied as a whole, not one event at a time after the set failed.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class PollsAsSetsTest {

    static final LocalDate DAY = LocalDate.parse("2026-02-10");

    @Inject
    Inbox inbox;

    @Inject
    AnalyticsConsumer consumer;

    @Inject
    ReadModel readModel;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    long offset;

    @BeforeEach
    void cleanSlate() {
        readModel.clear();
        clock.set("2026-03-03T12:00:00Z");
    }

    @Test
    void twoChangesOfAnAccountOnOneDayInOnePollCountAsTheOneThatWins() throws SQLException {
        String recovered = account();
        String fellBelow = account();
        String sequenced = account();
        poll(
                balance(recovered, "-5.00", at("2026-02-10T09:00:00Z")),
                balance(recovered, "5.00", at("2026-02-10T10:00:00Z")),
                balance(fellBelow, "5.00", at("2026-02-10T10:00:00Z")),
                balance(fellBelow, "-5.00", at("2026-02-10T11:00:00Z")),
                // committed in the other order of their times: the sequence wins
                balance(sequenced, "-3.00", 2, at("2026-02-10T09:00:00Z")),
                balance(sequenced, "7.00", 1, at("2026-02-10T10:00:00Z")));

        assertThat(negativeCount(DAY.minusDays(1))).isZero();
        assertThat(negativeCount(DAY)).isEqualTo(2);
        assertThat(negativeCount(DAY.plusDays(5))).isEqualTo(2);
        assertThat(balanceOf(recovered)).isEqualByComparingTo("5.00");
        assertThat(balanceOf(fellBelow)).isEqualByComparingTo("-5.00");
        assertThat(balanceOf(sequenced)).isEqualByComparingTo("-3.00");
    }

    @Test
    void anAccountsChangesOnTwoDaysInOnePollCountEachOnItsDay() throws SQLException {
        String anna = account();
        String bob = account();
        poll(
                balance(anna, "10.00", at("2026-02-12T10:00:00Z")),
                balance(anna, "-10.00", at("2026-02-10T10:00:00Z")),
                balance(bob, "4.00", 2, at("2026-02-11T10:00:00Z")),
                balance(bob, "-4.00", 1, at("2026-02-10T12:00:00Z")));

        assertThat(negativeCount(DAY.minusDays(1))).isZero();
        assertThat(negativeCount(DAY)).isEqualTo(2);
        assertThat(negativeCount(DAY.plusDays(1))).isEqualTo(1);
        assertThat(negativeCount(DAY.plusDays(2))).isZero();
        assertThat(balanceOf(anna)).isEqualByComparingTo("10.00");
        assertThat(balanceOf(bob)).isEqualByComparingTo("4.00");
    }

    @Test
    void whatAPollSaysTwiceIsAppliedOnce() throws SQLException {
        String anna = account();
        UUID task = UUID.randomUUID();
        Event fee = fee(anna, task, "12.00", DAY, at("2026-02-10T09:00:00Z"));
        Event reward = reward(anna, task, "30.00", DAY, at("2026-02-10T11:00:00Z"));
        Event negative = balance(anna, "-12.00", at("2026-02-10T09:00:00Z"));
        poll(fee, reward, negative, fee, republished(fee), republished(reward), negative, republished(negative));

        assertThat(earnings(DAY)).containsExactly(new BigDecimal("12.00"), new BigDecimal("30.00"), BigDecimal.ZERO);
        assertThat(negativeCount(DAY)).isEqualTo(1);

        // and again in a later poll
        poll(republished(fee), fee, republished(negative), balance(anna, "18.00", at("2026-02-10T11:00:00Z")));
        assertThat(earnings(DAY)).containsExactly(new BigDecimal("12.00"), new BigDecimal("30.00"), BigDecimal.ZERO);
        assertThat(negativeCount(DAY)).isZero();
    }

    @Test
    void aPollsTransactionsAddUpPerDayAndItsTopRewardFollowsTheTieRules() throws SQLException {
        String anna = account();
        String bob = account();
        UUID late = UUID.randomUUID();
        UUID early = UUID.randomUUID();
        UUID earliest = UUID.randomUUID();
        poll(
                fee(anna, late, "10.00", DAY, at("2026-02-10T08:00:00Z")),
                fee(bob, early, "5.00", DAY, at("2026-02-10T08:30:00Z")),
                reward(anna, late, "30.00", DAY, at("2026-02-10T10:00:00Z")),
                reward(bob, early, "30.00", DAY, at("2026-02-10T09:00:00Z")),
                reward(bob, UUID.randomUUID(), "20.00", DAY.plusDays(1), at("2026-02-11T09:00:00Z")),
                payout(anna, "7.00", DAY, at("2026-02-10T23:59:00Z")));

        assertThat(earnings(DAY))
                .containsExactly(new BigDecimal("15.00"), new BigDecimal("60.00"), new BigDecimal("7.00"));
        assertThat(earnings(DAY.plusDays(1)))
                .containsExactly(BigDecimal.ZERO, new BigDecimal("20.00"), BigDecimal.ZERO);
        assertThat(topTask(DAY)).isEqualTo(early);

        poll(
                reward(anna, UUID.randomUUID(), "29.99", DAY, at("2026-02-10T07:00:00Z")),
                reward(anna, earliest, "30.00", DAY, at("2026-02-10T08:00:00Z")));
        assertThat(topTask(DAY)).isEqualTo(earliest);
    }

    @Test
    void aTasksEventsInOnePollMergeAsIfAppliedOneAfterTheOther() throws SQLException {
        UUID renamed = UUID.randomUUID();
        UUID moved = UUID.randomUUID();
        poll(
                taskCreated(renamed, "First", "UBERPOP-1", at("2026-02-10T08:00:00Z")),
                taskUpdated(renamed, "Newest", "UBERPOP-3", TaskStatus.DONE, at("2026-02-10T09:00:00Z")),
                taskUpdated(renamed, "Stale", "UBERPOP-2", TaskStatus.OPEN, at("2026-02-10T08:30:00Z")),
                taskCreated(moved, "Moved", "UBERPOP-4", at("2026-02-10T08:00:00Z")));
        poll(
                taskAssigned(moved, "anna", at("2026-02-10T09:00:00Z")),
                taskAssigned(moved, "bob", at("2026-02-10T08:00:00Z")),
                taskCompleted(moved, "anna", at("2026-02-10T10:00:00Z")),
                taskAssigned(renamed, "carl", at("2026-02-10T08:00:00Z")));

        assertThat(task(renamed)).containsExactly("Newest", "UBERPOP-3", "DONE", "carl", null);
        assertThat(task(moved)).containsExactly("Moved", "UBERPOP-4", "DONE", "anna", "anna");
    }

    /**
     * Balance changes of a few accounts over a few days, v1 and v2 mixed, some sent twice or republished, in a random
     * order and cut into polls of random sizes: each day's negative count is the number of accounts whose winning
     * change of the last day they changed on, up to that day, left them below zero.
     */
    @Test
    void anyOrderAndAnyCutIntoPollsGiveTheSameDailyNegativeCounts() throws SQLException {
        for (long seed = 1; seed <= 4; seed++) {
            readModel.clear();
            Random random = new Random(seed);
            List<Change> changes = new ArrayList<>();
            for (int a = 0; a < 6; a++) {
                String account = account();
                int count = 1 + random.nextInt(6);
                List<Integer> sequences = new ArrayList<>();
                for (int s = 1; s <= count; s++) {
                    sequences.add(s);
                }
                Collections.shuffle(sequences, random);
                for (int c = 0; c < count; c++) {
                    Instant at = DAY.plusDays(random.nextInt(4))
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                            .plusSeconds(60L * (c + 1));
                    String amount = (random.nextInt(21) - 10) + ".00";
                    boolean v2 = random.nextBoolean();
                    Event event = v2 ? balance(account, amount, sequences.get(c), at) : balance(account, amount, at);
                    changes.add(new Change(
                            account,
                            LocalDate.ofInstant(at, ZoneOffset.UTC),
                            new BigDecimal(amount),
                            v2 ? (long) sequences.get(c) : null,
                            at,
                            event));
                }
            }
            List<Event> deliveries = new ArrayList<>();
            for (Change change : changes) {
                deliveries.add(change.event());
                int again = random.nextInt(5);
                if (again == 0) {
                    deliveries.add(change.event());
                } else if (again == 1) {
                    deliveries.add(republished(change.event()));
                }
            }
            Collections.shuffle(deliveries, random);
            for (int from = 0; from < deliveries.size(); ) {
                int to = Math.min(deliveries.size(), from + 1 + random.nextInt(8));
                poll(deliveries.subList(from, to).toArray(Event[]::new));
                from = to;
            }

            Map<String, Map<LocalDate, Change>> winners = new HashMap<>();
            Map<String, Change> latest = new HashMap<>();
            for (Change change : changes) {
                winners.computeIfAbsent(change.account(), a -> new HashMap<>())
                        .merge(change.day(), change, Change::winner);
                latest.merge(change.account(), change, Change::winner);
            }
            for (int d = -1; d <= 5; d++) {
                LocalDate day = DAY.plusDays(d);
                long expected = winners.values().stream()
                        .map(days -> days.entrySet().stream()
                                .filter(e -> !e.getKey().isAfter(day))
                                .max(Map.Entry.comparingByKey())
                                .map(e -> e.getValue().balance())
                                .orElse(BigDecimal.ZERO))
                        .filter(balance -> balance.signum() < 0)
                        .count();
                assertThat(negativeCount(day)).as("seed %d, %s", seed, day).isEqualTo(expected);
            }
            for (Change change : latest.values()) {
                assertThat(balanceOf(change.account())).as("seed %d", seed).isEqualByComparingTo(change.balance());
            }
        }
    }

    /** A balance change and the event that carries it; v1 (no sequence) has distinct times per account here. */
    record Change(String account, LocalDate day, BigDecimal balance, Long sequence, Instant at, Event event) {

        /** Of two changes, the one that wins whatever order they come in. */
        static Change winner(Change a, Change b) {
            if (a.sequence != null || b.sequence != null) {
                if (a.sequence == null) {
                    return b;
                }
                if (b.sequence == null) {
                    return a;
                }
                return a.sequence > b.sequence ? a : b;
            }
            return a.at.isAfter(b.at) ? a : b;
        }
    }

    /** The events as one poll of one partition through the Inbox; fails unless they were applied as one set. */
    private void poll(Event... events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (Event event : events) {
            records.add(new ConsumerRecord<>(event.topic(), 0, offset++, event.key(), event.json()));
        }
        List<Integer> handed = new ArrayList<>();
        Map<Integer, RuntimeException> deadLetters = inbox.apply(records, batch -> {
            handed.add(batch.size());
            consumer.apply(batch);
        });
        assertThat(deadLetters).isEmpty();
        // once with the whole poll (none at all when every event was applied before), never again one by one
        assertThat(handed).hasSizeLessThanOrEqualTo(1);
    }

    private long negativeCount(LocalDate day) throws SQLException {
        return ((Number) one(
                                "SELECT coalesce((SELECT negative_count FROM daily_negative_balance WHERE day <= ? "
                                        + "ORDER BY day DESC LIMIT 1), 0)",
                                day)
                        .get(0))
                .longValue();
    }

    private BigDecimal balanceOf(String account) throws SQLException {
        return (BigDecimal) one("SELECT balance FROM account_balance WHERE account_id = ?", account)
                .get(0);
    }

    private List<Object> earnings(LocalDate day) throws SQLException {
        return one("SELECT fees, rewards, payouts FROM daily_earnings WHERE billing_date = ?", day);
    }

    private UUID topTask(LocalDate day) throws SQLException {
        return (UUID) one("SELECT task_id FROM daily_top_reward WHERE billing_date = ?", day)
                .get(0);
    }

    private List<Object> task(UUID task) throws SQLException {
        return one("SELECT title, jira_id, status, assignee_id, completed_by FROM task WHERE id = ?", task);
    }

    /** The columns of the query's one row, numbers as scale-2 or whole values as the table holds them. */
    private List<Object> one(String sql, Object parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("a row from %s", sql).isTrue();
                List<Object> columns = new ArrayList<>();
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    Object value = row.getObject(i);
                    columns.add(value instanceof BigDecimal money && money.signum() == 0 ? BigDecimal.ZERO : value);
                }
                assertThat(row.next()).as("one row from %s", sql).isFalse();
                return columns;
            }
        }
    }

    private static String account() {
        return UUID.randomUUID().toString();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}

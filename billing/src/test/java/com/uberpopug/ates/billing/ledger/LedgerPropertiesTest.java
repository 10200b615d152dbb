package com.uberpopug.ates.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.billing.day.BillingDays;
import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Events;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.events.task.TaskStatus;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Random histories of task events, with duplicates, any order across tasks and topics (a completion before the
 * creation, an assignment before either), days passing and closing (some late, some twice), applied through the
 * consumer against the real database. Whatever the history: every balance is the sum of its entries and what an
 * independent model of the rules says; every day's earnings are its fees less its rewards; prices never change;
 * each day's payouts are what was positive at its end.
 *
 * <p>The histories are drawn by jqwik's generators; jqwik's own engine cannot start the application, so the draw
 * happens inside this Quarkus test (-Dbilling.histories=N for more than the default 25).
 */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class LedgerPropertiesTest {

    private static final Logger LOG = Logger.getLogger(LedgerPropertiesTest.class);
    private static final int HISTORIES = Integer.getInteger("billing.histories", 60);

    @Inject
    Ledgers ledgers;

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    BillingDays days;

    @Inject
    Earnings earnings;

    @Inject
    LedgerCheck check;

    enum Kind {
        CREATE_V1,
        CREATE_V2,
        UPDATE,
        ASSIGN,
        COMPLETE,
        REDELIVER,
        NEXT_DAY,
        CLOSE
    }

    /** One step of a history; {@code task}, {@code account} and {@code earlier} are taken modulo what exists. */
    record Step(Kind kind, int task, int account, int earlier, int minutes) {}

    /** {@code poll}: how many events at most the consumer gets in one poll (one transaction). */
    record History(int accounts, int tasks, int poll, List<Step> steps) {}

    static Arbitrary<History> histories() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(1, Kind.CREATE_V1),
                Tuple.of(2, Kind.CREATE_V2),
                Tuple.of(1, Kind.UPDATE),
                Tuple.of(6, Kind.ASSIGN),
                Tuple.of(4, Kind.COMPLETE),
                Tuple.of(3, Kind.REDELIVER),
                Tuple.of(1, Kind.NEXT_DAY),
                Tuple.of(1, Kind.CLOSE));
        Arbitrary<Step> steps = Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 99),
                        Arbitraries.integers().between(0, 99),
                        Arbitraries.integers().between(0, 999),
                        // a new day starts past the test profile's grace period, so that yesterday may close
                        Arbitraries.integers().between(3, 600))
                .as(Step::new);
        return Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.integers().between(1, 8),
                        steps.list().ofMinSize(10).ofMaxSize(60))
                .as(History::new);
    }

    @Test
    void anyHistoryOfEventsAddsUp() {
        long entriesBefore = db.count("SELECT count(*) FROM ledger_entry");
        long daysBefore = db.count("SELECT count(*) FROM billing_day");
        histories().sampleStream().limit(HISTORIES).forEach(history -> {
            try {
                replayAndCheck(history);
            } catch (AssertionError e) {
                throw new AssertionError("history " + history + " broke a rule: " + e.getMessage(), e);
            }
        });
        long entries = db.count("SELECT count(*) FROM ledger_entry") - entriesBefore;
        long days = db.count("SELECT count(*) FROM billing_day") - daysBefore;
        LOG.infof(
                "%d random histories replayed: %d ledger entries written, %d billing days closed",
                HISTORIES, entries, days);
        assertThat(entries).as("the histories moved money").isPositive();
        assertThat(days).as("the histories closed days").isPositive();
    }

    private void replayAndCheck(History history) {
        LocalDate firstDay = clock.freshDay();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < history.accounts(); i++) {
            accounts.add(Events.newAccountId());
        }
        List<UUID> tasks = new ArrayList<>();
        for (int i = 0; i < history.tasks(); i++) {
            tasks.add(UUID.randomUUID());
        }
        List<Events.Sent> delivered = new ArrayList<>();
        List<Money> log = new ArrayList<>(); // what the rules say each first delivery does, priced at the end
        List<LocalDate> closes = new ArrayList<>();
        Map<UUID, Map<String, Object>> firstPrices = new HashMap<>();
        Poll poll = new Poll(history.poll());
        LocalDate today = firstDay;

        for (Step step : history.steps()) {
            UUID task = tasks.get(step.task() % tasks.size());
            String account = accounts.get(step.account() % accounts.size());
            Events.Sent event = switch (step.kind()) {
                case CREATE_V1 -> Events.taskCreatedV1(task, "[UBERPOP-" + step.earlier() + "] Task " + step.task());
                case CREATE_V2 -> Events.taskCreated(task, "Task " + step.task(), "UBERPOP-" + step.earlier());
                case UPDATE -> Events.taskUpdated(task, "Task " + step.task() + " again", null, TaskStatus.OPEN);
                case ASSIGN -> Events.taskAssigned(task, account);
                case COMPLETE -> Events.taskCompleted(task, account);
                case REDELIVER -> delivered.isEmpty() ? null : delivered.get(step.earlier() % delivered.size());
                case NEXT_DAY, CLOSE -> null;
            };
            if (step.kind() == Kind.NEXT_DAY || step.kind() == Kind.CLOSE) {
                poll.flush();
            }
            if (step.kind() == Kind.NEXT_DAY) {
                today = today.plusDays(1);
                clock.moveTo(today, LocalTime.MIDNIGHT.plusMinutes(step.minutes()));
            } else if (step.kind() == Kind.CLOSE) {
                LocalDate yesterday = today.minusDays(1);
                if (!yesterday.isBefore(firstDay)) {
                    closeOnceSettled(yesterday);
                    closes.add(yesterday);
                }
            } else if (event != null) {
                poll.add(event);
                if (step.kind() != Kind.REDELIVER) {
                    delivered.add(event);
                    if (step.kind() == Kind.ASSIGN) {
                        log.add(new Money(account, today, task, false));
                    } else if (step.kind() == Kind.COMPLETE) {
                        log.add(new Money(account, today, task, true));
                    }
                    poll.afterwards(() -> firstPrices.putIfAbsent(task, db.task(task)));
                }
            }
        }
        poll.flush();

        Map<UUID, Map<String, Object>> prices = new HashMap<>();
        for (UUID task : firstPrices.keySet()) {
            Map<String, Object> price = db.task(task);
            assertThat(price.get("fee"))
                    .as("fee of %s", task)
                    .isEqualTo(firstPrices.get(task).get("fee"));
            assertThat(price.get("reward"))
                    .as("reward of %s", task)
                    .isEqualTo(firstPrices.get(task).get("reward"));
            assertThat((BigDecimal) price.get("fee")).isBetween(BigDecimal.TEN, new BigDecimal(20));
            assertThat((BigDecimal) price.get("reward")).isBetween(new BigDecimal(20), new BigDecimal(40));
            prices.put(task, price);
        }

        Model model = Model.of(log, prices, closes, firstDay);
        for (String account : accounts) {
            if (db.balance(account) == null) {
                assertThat(model.balance(account)).isZero();
                continue;
            }
            assertThat(db.balance(account)).as("balance of %s", account).isEqualByComparingTo(db.sumOfEntries(account));
            assertThat(db.balance(account))
                    .as("balance of %s by the rules", account)
                    .isEqualByComparingTo(model.balance(account));
            Map<LocalDate, BigDecimal> payouts = new TreeMap<>();
            for (Map<String, Object> row : db.rows(
                    "SELECT billing_date, amount FROM ledger_entry " + "WHERE account_id = ? AND type = 'PAYOUT'",
                    account)) {
                payouts.put(((Date) row.get("billing_date")).toLocalDate(), ((BigDecimal) row.get("amount")).negate());
            }
            assertThat(payouts).as("payouts of %s", account).isEqualTo(model.payouts(account));
        }
        for (Earnings.DayEarnings day : earnings.between(firstDay, today)) {
            assertThat(day.fees()).as("fees of %s", day.date()).isEqualByComparingTo(model.fees(day.date()));
            assertThat(day.rewards()).as("rewards of %s", day.date()).isEqualByComparingTo(model.rewards(day.date()));
            assertThat(day.managementEarnings()).isEqualByComparingTo(day.fees().subtract(day.rewards()));
        }
        assertThat(check.check().unbalanced()).isEmpty();
    }

    /** Events waiting to reach the consumer in one poll, delivered when it is full or before the clock moves. */
    private final class Poll {
        private final int size;
        private final List<Events.Sent> events = new ArrayList<>();
        private final List<Runnable> afterwards = new ArrayList<>();

        Poll(int size) {
            this.size = size;
        }

        void add(Events.Sent event) {
            events.add(event);
            if (events.size() >= size) {
                flush();
            }
        }

        /** Runs once the events added so far have been delivered. */
        void afterwards(Runnable check) {
            if (events.isEmpty()) {
                check.run();
            } else {
                afterwards.add(check);
            }
        }

        void flush() {
            if (!events.isEmpty()) {
                ledgers.deliverPoll(List.copyOf(events));
                events.clear();
            }
            afterwards.forEach(Runnable::run);
            afterwards.clear();
        }
    }

    /** What one first delivery of an assignment or a completion moves, by the rules. */
    record Money(String account, LocalDate day, UUID task, boolean completion) {}

    /** The rules, computed without the database: fees, one reward per task, payouts of what was positive. */
    record Model(
            Map<String, BigDecimal> balances,
            Map<String, Map<LocalDate, BigDecimal>> payouts,
            Map<LocalDate, BigDecimal> fees,
            Map<LocalDate, BigDecimal> rewards) {

        static Model of(
                List<Money> log, Map<UUID, Map<String, Object>> prices, List<LocalDate> closes, LocalDate firstDay) {
            Map<String, TreeMap<LocalDate, BigDecimal>> byDay = new HashMap<>();
            Map<LocalDate, BigDecimal> fees = new HashMap<>();
            Map<LocalDate, BigDecimal> rewards = new HashMap<>();
            Set<UUID> rewarded = new HashSet<>();
            for (Money money : log) {
                BigDecimal amount;
                if (money.completion()) {
                    if (!rewarded.add(money.task())) {
                        continue;
                    }
                    amount = (BigDecimal) prices.get(money.task()).get("reward");
                    rewards.merge(money.day(), amount, BigDecimal::add);
                } else {
                    BigDecimal fee = (BigDecimal) prices.get(money.task()).get("fee");
                    fees.merge(money.day(), fee, BigDecimal::add);
                    amount = fee.negate();
                }
                byDay.computeIfAbsent(money.account(), a -> new TreeMap<>())
                        .merge(money.day(), amount, BigDecimal::add);
            }
            // a close of a day closes every day before it too; each day pays what was positive at its end
            LocalDate lastClosed = null;
            Map<String, Map<LocalDate, BigDecimal>> payouts = new HashMap<>();
            for (LocalDate close : closes) {
                if (lastClosed != null && !close.isAfter(lastClosed)) {
                    continue;
                }
                LocalDate from = lastClosed == null ? firstDay : lastClosed.plusDays(1);
                for (LocalDate day = from; !day.isAfter(close); day = day.plusDays(1)) {
                    for (Map.Entry<String, TreeMap<LocalDate, BigDecimal>> account : byDay.entrySet()) {
                        BigDecimal atEnd = account.getValue().headMap(day, true).values().stream()
                                .reduce(BigDecimal.ZERO, BigDecimal::add);
                        if (atEnd.signum() > 0) {
                            account.getValue().merge(day, atEnd.negate(), BigDecimal::add);
                            payouts.computeIfAbsent(account.getKey(), a -> new TreeMap<>())
                                    .put(day, atEnd);
                        }
                    }
                }
                lastClosed = close;
            }
            Map<String, BigDecimal> balances = new HashMap<>();
            byDay.forEach((account, amounts) ->
                    balances.put(account, amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)));
            return new Model(balances, payouts, fees, rewards);
        }

        BigDecimal balance(String account) {
            return balances.getOrDefault(account, BigDecimal.ZERO);
        }

        Map<LocalDate, BigDecimal> payouts(String account) {
            return payouts.getOrDefault(account, Map.of());
        }

        BigDecimal fees(LocalDate day) {
            return fees.getOrDefault(day, BigDecimal.ZERO);
        }

        BigDecimal rewards(LocalDate day) {
            return rewards.getOrDefault(day, BigDecimal.ZERO);
        }
    }

    /**
     * Closes a day as soon as billing may: records other tests sent through Kafka (poison that was dead-lettered,
     * say) count as unread until the consumer group commits past them, a few seconds later.
     */
    private void closeOnceSettled(LocalDate day) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .ignoreException(com.uberpopug.ates.billing.day.DayNotSettledException.class)
                .until(() -> days.close(day) != null);
    }
}

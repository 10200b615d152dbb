package com.uberpopug.ates.billing.ledger;

import static com.uberpopug.ates.billing.support.Events.newAccountId;
import static com.uberpopug.ates.billing.support.Events.taskAssigned;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.billing.day.BillingDays;
import com.uberpopug.ates.billing.day.DayNotSettledException;
import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.events.EventJson;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ledger itself: immutable in the database, dated in the billing zone, always adding up. */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class LedgerTest {

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    Ledgers ledgers;

    @Inject
    LedgerCheck check;

    @Inject
    BillingDays days;

    @Test
    void theDatabaseRefusesToChangeOrDeleteALedgerEntry() {
        clock.freshDay();
        String worker = newAccountId();
        ledgers.deliver(taskAssigned(UUID.randomUUID(), worker));
        BigDecimal balance = db.balance(worker);

        assertThatThrownBy(() -> db.update("UPDATE ledger_entry SET amount = -1 WHERE account_id = ?", worker))
                .hasMessageContaining("ledger entries are immutable: UPDATE refused");
        assertThatThrownBy(() -> db.update("DELETE FROM ledger_entry WHERE account_id = ?", worker))
                .hasMessageContaining("ledger entries are immutable: DELETE refused");
        assertThatThrownBy(() -> db.update("TRUNCATE ledger_entry"))
                .hasMessageContaining("ledger entries are immutable: TRUNCATE refused");
        assertThat(db.sumOfEntries(worker)).isEqualByComparingTo(balance);
    }

    @Test
    void everyBalanceChangeOfAnAccountIsNumberedInTheOrderItCommitsPayoutsIncluded() throws Exception {
        LocalDate day = clock.freshDay();
        String worker = newAccountId();
        ledgers.deliver(taskAssigned(UUID.randomUUID(), worker));
        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));
        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5));
        // records an earlier test sent through Kafka may still be on their way to the consumer: the day closes once
        // they have been applied
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(DayNotSettledException.class)
                .until(() -> days.close(day) != null);

        List<JsonNode> changes = new ArrayList<>();
        for (String payload : db.outbox("Account.BalanceChanged", worker)) {
            changes.add(EventJson.mapper().readTree(payload));
        }
        assertThat(changes).extracting(c -> c.get("eventVersion").asInt()).containsOnly(2);
        assertThat(changes).extracting(c -> c.at("/data/sequence").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(changes.get(3).at("/data/balance").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(db.value("SELECT balance_seq FROM account WHERE id = ?", worker))
                .isEqualTo(4L);
    }

    @Test
    void entriesAreDatedByTheDayOfTheBillingZoneNotOfUtc() {
        LocalDate day = clock.freshDay();
        // 02:00 in Kolkata is still the day before in UTC
        clock.moveTo(day.plusDays(1), LocalTime.of(2, 0));
        assertThat(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(day);
        String worker = newAccountId();

        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));

        assertThat(db.entries(worker).get(0)).containsEntry("billing_date", Date.valueOf(day.plusDays(1)));
    }

    @Test
    void balancesAreTheSumsOfTheirEntriesAndTheCheckSaysSo() {
        clock.freshDay();
        String worker = newAccountId();
        UUID task = UUID.randomUUID();
        ledgers.deliver(taskAssigned(task, worker));
        ledgers.deliver(taskCompleted(task, worker));
        ledgers.deliver(taskAssigned(UUID.randomUUID(), worker));

        assertThat(db.balance(worker)).isEqualByComparingTo(db.sumOfEntries(worker));
        LedgerCheck.Result result = check.check();
        assertThat(result.consistent()).isTrue();
        assertThat(result.accounts()).isEqualTo(db.count("SELECT count(*) FROM account"));
    }

    @Test
    void theCheckFindsABalanceChangedBehindTheLedgersBack() {
        clock.freshDay();
        String worker = newAccountId();
        ledgers.deliver(taskAssigned(UUID.randomUUID(), worker));
        BigDecimal balance = db.balance(worker);

        db.update("UPDATE account SET balance = balance + 5 WHERE id = ?", worker);
        try {
            LedgerCheck.Result result = check.check();
            assertThat(result.consistent()).isFalse();
            assertThat(result.unbalanced())
                    .containsExactly(new LedgerCheck.Unbalanced(worker, balance.add(new BigDecimal("5.00")), balance));
        } finally {
            db.update("UPDATE account SET balance = balance - 5 WHERE id = ?", worker);
        }
        assertThat(check.check().consistent()).isTrue();
    }
}

package com.uberpopug.ates.billing.mail;

import static com.uberpopug.ates.billing.support.Events.accountCreated;
import static com.uberpopug.ates.billing.support.Events.newAccountId;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.billing.support.BillingThroughSlowSmtp;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.MailServer;
import com.uberpopug.ates.billing.support.SlowSmtp;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Payout e-mails against a real SMTP server (GreenMail) behind a proxy that makes it slow or takes it down: each
 * payout's mail arrives once, counted by its Message-ID, and a close never waits for the mail server. The one test
 * class whose mailer goes through the proxy (an application of its own, with a short send timeout, lease and
 * transaction timeout, so that the server's answer outlasts all three).
 */
@QuarkusTest
@TestProfile(PayoutMailTest.ShortTimeouts.class)
@WithTestResource(value = BillingThroughSlowSmtp.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class PayoutMailTest {

    /** A server that takes a mail and answers after every deadline of the sender: send timeout, lease, transaction. */
    static final Duration SLOW_ANSWER = Duration.ofSeconds(9);

    static final Duration WAIT = Duration.ofSeconds(60);

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ates.billing.mail.send-timeout",
                    "PT2S",
                    "ates.billing.mail.lease",
                    "PT5S",
                    "ates.billing.mail.answer-timeout",
                    "PT30S",
                    "quarkus.transaction-manager.default-transaction-timeout",
                    "4s");
        }
    }

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    Ledgers ledgers;

    @Inject
    PayoutMails mails;

    @Inject
    EntityManager entityManager;

    @Inject
    ReactiveMailer mailer;

    @Inject
    BillingCalendar calendar;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "ates.billing.mail.send-timeout")
    Duration sendTimeout;

    @ConfigProperty(name = "ates.billing.mail.lease")
    Duration lease;

    @ConfigProperty(name = "ates.billing.mail.answer-timeout")
    Duration answerTimeout;

    @ConfigProperty(name = "quarkus.transaction-manager.default-transaction-timeout")
    Duration transactionTimeout;

    LocalDate day;

    @BeforeEach
    void newDay() {
        // this class has an application of its own, whose clock starts over at the first test day; the days the
        // other classes closed in the same database are behind it
        Date lastClosed = (Date) db.value("SELECT max(date) FROM billing_day");
        day = clock.freshDay();
        while (lastClosed != null && !day.isAfter(lastClosed.toLocalDate())) {
            day = clock.freshDay();
        }
    }

    @AfterEach
    void serverWellAgain() {
        SlowSmtp.answerAtOnce();
        SlowSmtp.up();
    }

    @Test
    void aMailServerAnsweringAfterTheSendTimeoutTheLeaseAndTheTransactionTimeoutGetsEachPayoutMailOnce() {
        assertThat(SLOW_ANSWER)
                .isGreaterThan(sendTimeout)
                .isGreaterThan(lease)
                .isGreaterThan(transactionTimeout)
                .isLessThan(answerTimeout);
        List<Worker> workers = List.of(earner("slow-a"), earner("slow-b"), earner("slow-c"));
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5)); // past the test profile's grace period

        SlowSmtp.delayAcceptance(SLOW_ANSWER);
        Response close = closeDay();

        // the close committed and answered long before the mail server did
        assertThat(Duration.ofMillis(close.time())).isLessThan(SLOW_ANSWER);
        assertThat(db.count("SELECT count(*) FROM billing_day WHERE date = ?", Date.valueOf(day)))
                .isEqualTo(1);
        for (Worker worker : workers) {
            assertThat(db.balance(worker.id())).isEqualByComparingTo(BigDecimal.ZERO);
            await().atMost(WAIT).until(() -> copies(worker) >= 1);
        }
        // every round runs each second: a mail sent again would arrive within a lease and a slow answer more
        await().during(lease.plus(SLOW_ANSWER))
                .atMost(lease.plus(SLOW_ANSWER).multipliedBy(2))
                .until(() -> workers.stream().allMatch(worker -> copies(worker) == 1));
        for (Worker worker : workers) {
            assertThat(single(worker).subject()).endsWith(": " + worker.earned().setScale(2));
            await().atMost(WAIT)
                    .until(() -> db.count(
                                    "SELECT count(*) FROM payout_mail "
                                            + "WHERE account_id = ? AND sent_at IS NOT NULL AND attempts = 1",
                                    worker.id())
                            == 1);
        }
    }

    @Test
    void aDayClosesWhileTheMailServerIsDownAndTheMailGoesOutOnceItIsBack() {
        Worker worker = earner("patient");
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5));

        SlowSmtp.down();
        closeDay();
        assertThat(db.balance(worker.id())).isEqualByComparingTo(BigDecimal.ZERO);
        // retried with a back-off while the server is down, and nothing arrives
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM payout_mail WHERE account_id = ? "
                                        + "AND attempts >= 3 AND sent_at IS NULL AND last_error IS NOT NULL",
                                worker.id())
                        == 1);
        assertThat((String) db.value("SELECT last_error FROM payout_mail WHERE account_id = ?", worker.id()))
                .isNotBlank();
        assertThat(copies(worker)).isZero();

        SlowSmtp.up();

        await().atMost(WAIT).until(() -> copies(worker) >= 1);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> copies(worker) == 1);
        assertThat(single(worker).subject()).endsWith(": " + worker.earned().setScale(2));
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM payout_mail WHERE account_id = ? AND sent_at IS NOT NULL",
                                worker.id())
                        == 1);
    }

    @Test
    void twoBillingInstancesSendingAtOnceFromASlowMailServerSendEachPayoutMailOnce() throws Exception {
        // a second instance of the sender, as another replica has: its own mails in flight, the same database
        PayoutMails otherReplica = new PayoutMails(
                entityManager,
                mailer,
                calendar,
                registry,
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                100,
                sendTimeout,
                lease,
                answerTimeout);
        List<Worker> workers = List.of(earner("twice-a"), earner("twice-b"));
        List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5));

        SlowSmtp.delayAcceptance(SLOW_ANSWER);
        closeDay();
        // both replicas run their rounds four times a second, besides the application's own schedule
        ScheduledExecutorService replicas = Executors.newScheduledThreadPool(2);
        try {
            for (PayoutMails replica : List.of(mails, otherReplica)) {
                replicas.scheduleWithFixedDelay(
                        () -> {
                            try {
                                replica.sendPending();
                            } catch (RuntimeException e) {
                                failures.add(e);
                            }
                        },
                        0,
                        250,
                        TimeUnit.MILLISECONDS);
            }
            await().atMost(WAIT).until(() -> workers.stream().allMatch(worker -> copies(worker) >= 1));
            // a second copy would come from a replica taking the mail while the first one's answer is on its way
            await().during(lease.plus(SLOW_ANSWER))
                    .atMost(lease.plus(SLOW_ANSWER).multipliedBy(2))
                    .until(() -> workers.stream().allMatch(worker -> copies(worker) == 1));
        } finally {
            replicas.shutdownNow();
        }
        assertThat(failures).isEmpty();
        for (Worker worker : workers) {
            assertThat(db.count(
                            "SELECT count(*) FROM payout_mail "
                                    + "WHERE account_id = ? AND sent_at IS NOT NULL AND attempts = 1",
                            worker.id()))
                    .isEqualTo(1);
        }
    }

    /** A worker who earned a reward today, so the close pays them out and mails them. */
    private Worker earner(String prefix) {
        String id = newAccountId();
        String name = prefix + "-" + id.substring(0, 8);
        String email = name + "@uberpopug.test";
        ledgers.deliver(accountCreated(id, name, email, Role.WORKER));
        ledgers.deliver(taskCompleted(UUID.randomUUID(), id));
        return new Worker(id, email, db.balance(id));
    }

    private Response closeDay() {
        // records other tests sent count as unread until the consumer group commits past them
        Response[] closed = new Response[1];
        await().atMost(WAIT).until(() -> {
            closed[0] = given().auth()
                    .oauth2(KeycloakTokens.accessToken("admin"))
                    .post("/api/billing-days/{date}/close", day.toString());
            return closed[0].statusCode() == 200;
        });
        return closed[0];
    }

    /** How many mails with this worker's payout Message-ID GreenMail holds. */
    private long copies(Worker worker) {
        Object mailId = db.value("SELECT id FROM payout_mail WHERE account_id = ?", worker.id());
        if (mailId == null) {
            return 0;
        }
        String messageId = PayoutMails.messageId((UUID) mailId);
        return MailServer.get().messages(worker.email()).stream()
                .filter(m -> m.mime().contains(messageId))
                .count();
    }

    private MailServer.Message single(Worker worker) {
        List<MailServer.Message> messages = MailServer.get().messages(worker.email());
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    record Worker(String id, String email, BigDecimal earned) {}
}

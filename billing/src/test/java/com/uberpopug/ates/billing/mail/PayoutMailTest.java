package com.uberpopug.ates.billing.mail;

import static com.uberpopug.ates.billing.support.Events.accountCreated;
import static com.uberpopug.ates.billing.support.Events.newAccountId;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.MailServer;
import com.uberpopug.ates.billing.support.SlowSmtp;
import com.uberpopug.ates.billing.support.TestClock;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.events.account.Role;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Payout e-mails against a real SMTP server that is slow: each payout's mail arrives once, and only once. */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class PayoutMailTest {

    /** Longer than a transaction may last in the tests (20 s): the answer comes after any transaction would end. */
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(25);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Inject
    Ledgers ledgers;

    @Test
    void aMailServerSlowerThanATransactionGetsEachPayoutMailExactlyOnce() {
        LocalDate day = clock.freshDay();
        String worker = newAccountId();
        String email = "patient-" + worker.substring(0, 8) + "@uberpopug.test";
        ledgers.deliver(accountCreated(worker, "patient-" + worker.substring(0, 8), email, Role.WORKER));
        ledgers.deliver(taskCompleted(UUID.randomUUID(), worker));
        BigDecimal earned = db.balance(worker);
        // past the test profile's grace period, so the day may close (ates.billing.close.grace)
        clock.moveTo(day.plusDays(1), LocalTime.of(0, 5));

        SlowSmtp.delayAcceptance(SLOW_ANSWER);
        try {
            // records other tests sent count as unread until the consumer group commits past them
            await().atMost(Duration.ofSeconds(60)).until(() -> given().auth()
                    .oauth2(KeycloakTokens.accessToken("admin"))
                    .post("/api/billing-days/{date}/close", day.toString()).statusCode() == 200);
            await().atMost(WAIT).until(() -> db.count(
                    "SELECT count(*) FROM payout_mail WHERE account_id = ? AND sent_at IS NOT NULL", worker) == 1);
        } finally {
            SlowSmtp.answerAtOnce();
        }

        // the sender runs every second in the tests: a mail sent again would arrive within these seconds
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> MailServer.get().messages(email).size() == 1);
        MailServer.Message mail = MailServer.get().messages(email).get(0);
        assertThat(mail.subject()).endsWith(": " + earned.setScale(2));
        UUID mailId = (UUID) db.value("SELECT id FROM payout_mail WHERE account_id = ?", worker);
        assertThat(mail.mime()).contains(PayoutMails.messageId(mailId));
    }
}

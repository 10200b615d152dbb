package com.uberpopug.ates.billing.mail;

import com.uberpopug.ates.billing.ledger.BillingCalendar;
import com.uberpopug.ates.billing.ledger.Money;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the payout e-mails a day's close queued in {@code payout_mail}: after the close has committed, so a failing
 * SMTP server never holds up or rolls back a close, and with retries (doubling back-off), so no mail is lost.
 * Replicas share the work: each claims pending rows with {@code FOR UPDATE SKIP LOCKED}. A replica that dies after
 * sending and before recording it sends that mail again: at least once, never none.
 */
@ApplicationScoped
public class PayoutMails {

    private static final Logger LOG = Logger.getLogger(PayoutMails.class);

    private final EntityManager entityManager;
    private final ReactiveMailer mailer;
    private final BillingCalendar calendar;
    private final MeterRegistry registry;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final int batch;
    private final Duration sendTimeout;

    public PayoutMails(EntityManager entityManager, ReactiveMailer mailer, BillingCalendar calendar, MeterRegistry registry,
            @ConfigProperty(name = "ates.billing.mail.first-retry") Duration firstRetry,
            @ConfigProperty(name = "ates.billing.mail.max-retry") Duration maxRetry,
            @ConfigProperty(name = "ates.billing.mail.batch") int batch,
            @ConfigProperty(name = "ates.billing.mail.send-timeout", defaultValue = "PT2M") Duration sendTimeout) {
        this.entityManager = entityManager;
        this.mailer = mailer;
        this.calendar = calendar;
        this.registry = registry;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.batch = batch;
        this.sendTimeout = sendTimeout;
    }

    @Scheduled(identity = "payout-mail", every = "${ates.billing.mail.every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        sendPending();
    }

    /** Sends every mail that is due now; answers how many went out. */
    public int sendPending() {
        int sent = 0;
        while (true) {
            int[] outcome = QuarkusTransaction.requiringNew().call(this::sendBatch);
            sent += outcome[1];
            if (outcome[0] < batch) {
                return sent;
            }
        }
    }

    /** Claims up to a batch of due mails and tries each; answers {claimed, sent}. */
    private int[] sendBatch() {
        Instant now = calendar.now();
        @SuppressWarnings("unchecked")
        List<Object[]> due = entityManager.createNativeQuery("""
                        SELECT m.id, m.billing_date, m.amount, m.attempts, a.email, coalesce(a.full_name, a.username)
                        FROM payout_mail m JOIN account a ON a.id = m.account_id
                        WHERE m.sent_at IS NULL AND m.next_attempt_at <= :now
                        ORDER BY m.next_attempt_at
                        LIMIT :batch
                        FOR UPDATE OF m SKIP LOCKED""")
                .setParameter("now", now)
                .setParameter("batch", batch)
                .getResultList();
        // every mail of the batch on its way at once (the mailer's connection pool bounds it), then each recorded
        List<Uni<String>> outcomes = new ArrayList<>(due.size());
        for (Object[] row : due) {
            LocalDate day = LocalDate.parse(row[1].toString());
            BigDecimal amount = Money.of((BigDecimal) row[2]);
            String email = (String) row[4];
            outcomes.add(email == null || email.isBlank()
                    ? Uni.createFrom().item("no e-mail address is known for the account yet")
                    : mailer.send(Mail.withText(email, subject(day, amount), body((String) row[5], day, amount)))
                            .onItemOrFailure().transform((ok, failure) -> failure == null ? null
                                    : failure.getClass().getSimpleName() + ": " + rootMessage(failure)));
        }
        List<String> errors = outcomes.isEmpty() ? List.of()
                : Uni.join().all(outcomes).andCollectFailures().await().atMost(sendTimeout);
        int sent = 0;
        for (int i = 0; i < due.size(); i++) {
            UUID id = (UUID) due.get(i)[0];
            int attempts = ((Number) due.get(i)[3]).intValue() + 1;
            if (errors.get(i) != null) {
                failed(id, attempts, errors.get(i), now);
                continue;
            }
            entityManager.createNativeQuery(
                            "UPDATE payout_mail SET sent_at = :now, attempts = :attempts, last_error = NULL WHERE id = :id")
                    .setParameter("now", now)
                    .setParameter("attempts", attempts)
                    .setParameter("id", id)
                    .executeUpdate();
            registry.counter("ates.billing.payout.mails", "outcome", "sent").increment();
            sent++;
        }
        return new int[] {due.size(), sent};
    }

    private void failed(UUID id, int attempts, String error, Instant now) {
        Duration backoff = firstRetry.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (backoff.compareTo(maxRetry) > 0) {
            backoff = maxRetry;
        }
        entityManager.createNativeQuery("""
                        UPDATE payout_mail SET attempts = :attempts, last_error = :error, next_attempt_at = :next
                        WHERE id = :id""")
                .setParameter("attempts", attempts)
                .setParameter("error", error)
                .setParameter("next", now.plus(backoff))
                .setParameter("id", id)
                .executeUpdate();
        registry.counter("ates.billing.payout.mails", "outcome", "failed").increment();
        LOG.warnf("payout mail %s not sent (attempt %d), next try in %s: %s", id, attempts, backoff, error);
    }

    static String subject(LocalDate day, BigDecimal amount) {
        return "aTES payout for " + day + ": " + amount;
    }

    static String body(String name, LocalDate day, BigDecimal amount) {
        return "Hello " + (name == null ? "" : name) + ",\n\n"
                + "your positive balance at the end of " + day + " has been paid out: " + amount + ".\n\n"
                + "UberPopug Inc., billing\n";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}

package com.uberpopug.ates.billing.mail;

import com.uberpopug.ates.billing.ledger.Money;
import com.uberpopug.ates.platform.calendar.BillingCalendar;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the payout e-mails a day's close queued in {@code payout_mail}, exactly once as far as SMTP allows: after the
 * close has committed (a slow or failing SMTP server never holds up or rolls back a close), and never inside a
 * transaction that SMTP could outlast.
 *
 * <p>Each round (1) claims due mails in a short transaction: {@code FOR UPDATE SKIP LOCKED}, so replicas share the
 * work, and a lease ({@code next_attempt_at} moved {@code ates.billing.mail.lease} ahead) so no other replica takes
 * them while they are on their way; (2) sends them, outside any transaction, each with the Message-ID
 * {@code <payout-<id>@ates.uberpopug>}; (3) records each outcome in a short transaction as it comes: sent, or
 * failed (the server said no, or the connection failed) with a doubling back-off until it goes out. A server that
 * is only slow is waited for up to {@code ates.billing.mail.answer-timeout}: the round moves on after
 * {@code ates.billing.mail.send-timeout}, and every later round of this replica renews the lease of the mails still
 * waiting for their answer, so neither this replica nor another sends one of them again while the first attempt
 * may still be taken.
 *
 * <p>The one window left: a replica that dies (or loses its database) after the server accepted a mail and before
 * step 3 commits, or whose connection breaks (or answer timeout passes) after the server took the mail but before
 * its answer arrived, sends that mail again (after the lease runs out, or after the back-off), with the same
 * Message-ID, so the receiving side can tell it is the same mail. SMTP has no way to ask a server whether it already holds a message; closing
 * the window would need a mailbox that deduplicates by Message-ID. The lease must outlast a round plus the send
 * timeout, so that a live replica always renews it in time.
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
    private final Duration lease;
    private final Duration answerTimeout;
    /** The mails this replica has handed to the mail server and not yet heard back about. */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    public PayoutMails(
            EntityManager entityManager,
            ReactiveMailer mailer,
            BillingCalendar calendar,
            MeterRegistry registry,
            @ConfigProperty(name = "ates.billing.mail.first-retry") Duration firstRetry,
            @ConfigProperty(name = "ates.billing.mail.max-retry") Duration maxRetry,
            @ConfigProperty(name = "ates.billing.mail.batch") int batch,
            @ConfigProperty(name = "ates.billing.mail.send-timeout", defaultValue = "PT2M") Duration sendTimeout,
            @ConfigProperty(name = "ates.billing.mail.lease", defaultValue = "PT5M") Duration lease,
            @ConfigProperty(name = "ates.billing.mail.answer-timeout", defaultValue = "PT10M") Duration answerTimeout) {
        this.entityManager = entityManager;
        this.mailer = mailer;
        this.calendar = calendar;
        this.registry = registry;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.batch = batch;
        this.sendTimeout = sendTimeout;
        this.lease = lease.compareTo(sendTimeout) > 0 ? lease : sendTimeout.multipliedBy(2);
        this.answerTimeout = answerTimeout.compareTo(sendTimeout) > 0 ? answerTimeout : sendTimeout;
    }

    @Scheduled(
            identity = "payout-mail",
            every = "${ates.billing.mail.every}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        sendPending();
    }

    /**
     * Queues one e-mail for each payout of {@code day}, in the close's transaction: the mail exists exactly when
     * the payout does. They go out after the close commits, from {@link #sendPending()}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(LocalDate day) {
        entityManager.createNativeQuery("""
                        INSERT INTO payout_mail (id, account_id, billing_date, amount, created_at, next_attempt_at)
                        SELECT gen_random_uuid(), account_id, billing_date, -amount, at, at
                        FROM ledger_entry
                        WHERE type = 'PAYOUT' AND billing_date = :day""").setParameter("day", day).executeUpdate();
    }

    /** Sends every mail that is due now; answers how many went out. */
    public int sendPending() {
        int sent = 0;
        while (true) {
            renewLeases();
            List<Due> claimed = QuarkusTransaction.requiringNew().call(this::claim);
            // one of this replica's own, whose lease ran out while it waited for the server: still on its way
            sent += send(claimed.stream()
                    .filter(mail -> !inFlight.contains(mail.id()))
                    .toList());
            if (claimed.size() < batch) {
                return sent;
            }
        }
    }

    /** Claims up to a batch of due mails for this replica for the lease. */
    private List<Due> claim() {
        Instant now = calendar.now();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("""
                        WITH due AS (
                            SELECT id FROM payout_mail
                            WHERE sent_at IS NULL AND next_attempt_at <= :now
                            ORDER BY next_attempt_at
                            LIMIT :batch
                            FOR UPDATE SKIP LOCKED
                        ), claimed AS (
                            UPDATE payout_mail m SET next_attempt_at = :leased, attempts = m.attempts + 1
                            FROM due WHERE m.id = due.id
                            RETURNING m.id, m.account_id, m.billing_date, m.amount, m.attempts
                        )
                        SELECT c.id, c.billing_date, c.amount, c.attempts, a.email, coalesce(a.full_name, a.username)
                        FROM claimed c JOIN account a ON a.id = c.account_id""")
                .setParameter("now", now)
                .setParameter("leased", now.plus(lease))
                .setParameter("batch", batch)
                .getResultList();
        List<Due> due = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            due.add(new Due(
                    (UUID) row[0],
                    LocalDate.parse(row[1].toString()),
                    Money.of((BigDecimal) row[2]),
                    ((Number) row[3]).intValue(),
                    (String) row[4],
                    (String) row[5]));
        }
        return due;
    }

    /**
     * Sends claimed mails, all at once (the mailer's connection pool bounds it), and records each outcome as it
     * comes. The round waits for them up to the send timeout; a mail whose server has not answered by then stays in
     * flight, its lease renewed every round, and its outcome is recorded when the answer comes: sending it again
     * before would send it twice, since a server that is only slow has most likely taken the mail already.
     */
    private int send(List<Due> due) {
        if (due.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Boolean>> recorded = new ArrayList<>(due.size());
        for (Due mail : due) {
            inFlight.add(mail.id());
            CompletionStage<String> outcome =
                    mail.email() == null || mail.email().isBlank()
                            ? CompletableFuture.completedFuture("no e-mail address is known for the account yet")
                            : mailer.send(Mail.withText(
                                                    mail.email(),
                                                    subject(mail.day(), mail.amount()),
                                                    body(mail.name(), mail.day(), mail.amount()))
                                            .addHeader("Message-ID", messageId(mail.id())))
                                    .onItemOrFailure()
                                    .transform((ok, failure) -> failure == null
                                            ? null
                                            : failure.getClass().getSimpleName() + ": " + rootMessage(failure))
                                    .subscribeAsCompletionStage();
            // a server that accepts the connection and closes it without a word leaves the mailer waiting forever
            CompletableFuture<String> answered = outcome.toCompletableFuture()
                    .completeOnTimeout(
                            "no answer from the mail server within " + answerTimeout,
                            answerTimeout.toMillis(),
                            TimeUnit.MILLISECONDS);
            // recorded on a worker thread: the answer arrives on the mailer's event loop, which must not block
            recorded.add(answered.thenApplyAsync(error -> record(mail, error), Infrastructure.getDefaultWorkerPool()));
        }
        try {
            CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            LOG.warnf(
                    "the mail server has not answered within %s; the mails stay leased to this replica until it does",
                    sendTimeout);
        } catch (ExecutionException failed) {
            LOG.warnf(
                    failed, "recording the outcome of payout mails failed; their lease runs out and they are retried");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return (int) recorded.stream()
                .filter(r -> r.isDone() && !r.isCompletedExceptionally() && r.join())
                .count();
    }

    /** Records one mail's outcome (null: the server took it); answers whether it was sent. */
    private boolean record(Due mail, String error) {
        try {
            if (error == null) {
                QuarkusTransaction.requiringNew().run(() -> sent(mail.id()));
                registry.counter("ates.billing.payout.mails", "outcome", "sent").increment();
                return true;
            }
            QuarkusTransaction.requiringNew().run(() -> failed(mail.id(), mail.attempts(), error, calendar.now()));
            return false;
        } finally {
            inFlight.remove(mail.id());
        }
    }

    /**
     * Moves the lease of the mails this replica is still waiting for ahead again, so that no other replica takes one
     * of them from a server that is slow but alive. A replica that dies stops renewing, and its mails come due.
     */
    private void renewLeases() {
        if (inFlight.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(inFlight);
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery("""
                        UPDATE payout_mail SET next_attempt_at = :leased WHERE id IN (:ids) AND sent_at IS NULL""")
                        .setParameter("leased", calendar.now().plus(lease))
                        .setParameter("ids", ids)
                        .executeUpdate());
    }

    /** The Message-ID every attempt of one payout's mail carries. */
    public static String messageId(UUID mailId) {
        return "<payout-" + mailId + "@ates.uberpopug>";
    }

    private void sent(UUID id) {
        entityManager
                .createNativeQuery(
                        "UPDATE payout_mail SET sent_at = :now, last_error = NULL WHERE id = :id AND sent_at IS NULL")
                .setParameter("now", calendar.now())
                .setParameter("id", id)
                .executeUpdate();
    }

    /** A mail claimed for sending. */
    private record Due(UUID id, LocalDate day, BigDecimal amount, int attempts, String email, String name) {}

    private void failed(UUID id, int attempts, String error, Instant now) {
        Duration backoff = firstRetry.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (backoff.compareTo(maxRetry) > 0) {
            backoff = maxRetry;
        }
        entityManager
                .createNativeQuery("""
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

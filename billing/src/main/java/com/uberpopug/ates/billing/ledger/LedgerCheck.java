package com.uberpopug.ates.billing.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Balance = sum of entries, checked in production: on demand ({@code GET /api/ledger/check}) and on a schedule that
 * sets the gauge {@code ates.billing.accounts.unbalanced} (anything but 0 is worth an alert).
 */
@ApplicationScoped
public class LedgerCheck {

    private static final Logger LOG = Logger.getLogger(LedgerCheck.class);

    private final EntityManager entityManager;
    private final AtomicLong unbalanced = new AtomicLong();

    public LedgerCheck(EntityManager entityManager, MeterRegistry registry) {
        this.entityManager = entityManager;
        Gauge.builder("ates.billing.accounts.unbalanced", unbalanced, AtomicLong::get)
                .description("accounts whose balance differs from the sum of their ledger entries, at the last check")
                .register(registry);
    }

    /** Compares every balance with the sum of its entries, in one snapshot of the database. */
    public Result check() {
        Result result = QuarkusTransaction.requiringNew().call(() -> {
            Object accounts = entityManager
                    .createNativeQuery("SELECT count(*) FROM account")
                    .getSingleResult();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("""
                            SELECT a.id, a.balance, coalesce(s.total, 0)
                            FROM account a
                            LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_entry GROUP BY account_id) s
                                   ON s.account_id = a.id
                            WHERE a.balance <> coalesce(s.total, 0)
                            ORDER BY a.id""").getResultList();
            return Result.of(
                    ((Number) accounts).longValue(),
                    rows.stream()
                            .map(r -> new Unbalanced(
                                    (String) r[0], Money.of((BigDecimal) r[1]), Money.of((BigDecimal) r[2])))
                            .toList());
        });
        unbalanced.set(result.unbalanced().size());
        if (!result.consistent()) {
            LOG.errorf(
                    "%d accounts have a balance that is not the sum of their entries: %s",
                    result.unbalanced().size(), result.unbalanced());
        }
        return result;
    }

    @Scheduled(
            identity = "ledger-check",
            every = "${ates.billing.ledger-check.every}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        check();
    }

    /** The outcome of a check: how many accounts were compared and those whose balance is off. */
    public record Result(long accounts, boolean consistent, List<Unbalanced> unbalanced) {
        static Result of(long accounts, List<Unbalanced> unbalanced) {
            return new Result(accounts, unbalanced.isEmpty(), unbalanced);
        }
    }

    public record Unbalanced(String accountId, BigDecimal balance, BigDecimal sumOfEntries) {}
}

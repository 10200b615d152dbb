package com.uberpopug.ates.tasks.account;

import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.platform.jdbc.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts tasks may assign to, kept from two sources: the {@code Account.*} events of Keycloak and the
 * claims of each caller's token. Both say what Keycloak knew at some moment (the event's time, the token's issue
 * time); a row only ever moves to newer knowledge, so events that arrive out of order, late or twice, and tokens
 * issued before a change, cannot undo it. A deletion is final: Keycloak never reuses an id.
 *
 * <p>Who may be given a task ({@link #ASSIGNABLE}): an account that exists, is enabled, and holds the role
 * {@code worker} or {@code accountant}. Keycloak issues no token to a disabled account, so a token says the account
 * was enabled when it was issued: applied only when newer than what the row holds, it cannot undo a later disable.
 */
@ApplicationScoped
public class AccountReplica {

    /** The one definition of "may be given a task", in SQL over the table {@code account}. */
    public static final String ASSIGNABLE = "NOT deleted AND enabled AND role IN ('WORKER', 'ACCOUNTANT')";

    /**
     * A query of the one account at a random index ({@code :index}, from 0, below {@link #assignableCount()}) among
     * those a task may go to, in a stable order (by id), share-locked until the transaction ends: it cannot be
     * disabled or deleted meanwhile (the account event that would waits), so what is given to it is never stranded.
     * No row when it may no longer be given tasks (it was disabled, deleted or promoted since it was counted;
     * PostgreSQL rechecks the row after waiting for a change in flight): the caller draws again. Only the one row is
     * locked, however many employees there are. Columns: {@code id, username}; for a statement that gives it
     * something in the same round trip.
     */
    public static final String HOLD_ASSIGNABLE_AT =
            "SELECT id, username FROM account WHERE id = (SELECT id FROM account WHERE " + ASSIGNABLE
                    + " ORDER BY id OFFSET :index LIMIT 1) AND " + ASSIGNABLE + " FOR SHARE";

    private final EntityManager entityManager;
    /** The issue time of the newest token already applied per account: a token is reused for many requests. */
    private final Map<String, Instant> tokensApplied = new ConcurrentHashMap<>();

    AccountReplica(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** True when a token of this account issued at {@code issuedAt} or later has been applied already. */
    public boolean knowsToken(String id, Instant issuedAt) {
        Instant applied = tokensApplied.get(id);
        return applied != null && !issuedAt.isAfter(applied);
    }

    /** Applies the claims of a caller's token issued at {@code issuedAt}, unless the replica knows something newer. */
    public void recordCaller(String id, String username, Role role, Instant issuedAt) {
        if (knowsToken(id, issuedAt)) {
            return;
        }
        QuarkusTransaction.requiringNew()
                .run(() -> entityManager
                        .createNativeQuery("""
                        INSERT INTO account (id, username, role, deleted, enabled, changed_at)
                        VALUES (:id, :username, :role, false, true, :at)
                        ON CONFLICT (id) DO UPDATE SET username = excluded.username, role = excluded.role,
                                                       enabled = excluded.enabled, changed_at = excluded.changed_at
                        WHERE account.changed_at < excluded.changed_at""")
                        .setParameter("id", id)
                        .setParameter("username", username)
                        .setParameter("role", role == null ? null : role.name())
                        .setParameter("at", issuedAt)
                        .executeUpdate());
        tokensApplied.merge(id, issuedAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Account.Created or Account.Updated: the whole account as Keycloak had it at {@code at} ({@code enabled} is
     * true for v1, which knew no disabled accounts).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(String id, String username, Role role, boolean enabled, Instant at) {
        entityManager
                .createNativeQuery("""
                        INSERT INTO account (id, username, role, deleted, enabled, changed_at)
                        VALUES (:id, :username, :role, false, :enabled, :at)
                        ON CONFLICT (id) DO UPDATE SET username = excluded.username, role = excluded.role,
                                                       enabled = excluded.enabled, changed_at = excluded.changed_at
                        WHERE account.changed_at <= excluded.changed_at""")
                .setParameter("id", id)
                .setParameter("username", username)
                .setParameter("role", role == null ? null : role.name())
                .setParameter("enabled", enabled)
                .setParameter("at", at)
                .executeUpdate();
    }

    /** Account.Deleted: the account is gone for good; a tombstone if it was never seen. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(String id, Instant at) {
        entityManager
                .createNativeQuery("""
                        INSERT INTO account (id, username, role, deleted, changed_at)
                        VALUES (:id, NULL, NULL, true, :at)
                        ON CONFLICT (id) DO UPDATE SET deleted = true""")
                .setParameter("id", id)
                .setParameter("at", at)
                .executeUpdate();
    }

    /**
     * How many accounts a task may go to now: an existing, enabled account that is neither a manager nor an admin.
     * An account without a business role is not an employee yet (Keycloak creates a user before its role is
     * mapped), so it is not counted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int assignableCount() {
        return ((Number) Sql.on(entityManager, "SELECT count(*) FROM account WHERE " + ASSIGNABLE)
                        .getSingleResult())
                .intValue();
    }

    /**
     * Everyone a task may go to, in a stable order (by id), each row share-locked until the transaction ends: none
     * of them can be disabled or deleted meanwhile (the account event that would waits), so what is given to them
     * is never stranded. Takes the account locks before any task lock, as every writer of both does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Employee> assignableHeld() {
        return employees("SELECT id, username FROM account WHERE " + ASSIGNABLE + " ORDER BY id FOR SHARE");
    }

    private List<Employee> employees(String sql) {
        // plain JDBC: it needs neither managed entities nor the ORM's result mapping
        List<Object[]> rows = Sql.on(entityManager, sql).getRows();
        return rows.stream()
                .map(row -> new Employee((String) row[0], (String) row[1]))
                .toList();
    }
}

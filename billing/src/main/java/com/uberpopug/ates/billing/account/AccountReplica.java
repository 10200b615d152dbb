package com.uberpopug.ates.billing.account;

import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.query.NativeQuery;

/**
 * The accounts billing knows: replicated from Keycloak's Account.* events, created as placeholders when an event
 * about money names an account first, and filled in from the caller's token for anyone who logs in before the
 * events reach billing.
 */
@ApplicationScoped
public class AccountReplica {

    private final EntityManager entityManager;

    public AccountReplica(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Account.Created or Account.Updated: the whole profile as of {@code asOf}; an older one never wins.
     * {@code enabled} is null for v1, which does not tell it: the account keeps the state it has (enabled when new).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replicate(
            String accountId,
            String username,
            String email,
            String fullName,
            Role role,
            Boolean enabled,
            Instant asOf) {
        entityManager
                .createNativeQuery("""
                        INSERT INTO account (id, username, email, full_name, role, enabled, known, profile_updated_at)
                        VALUES (:id, :username, :email, :fullName, :role, coalesce(:enabled, true), true, :asOf)
                        ON CONFLICT (id) DO UPDATE
                            SET username = EXCLUDED.username, email = EXCLUDED.email, full_name = EXCLUDED.full_name,
                                role = EXCLUDED.role, known = true, deleted = false,
                                enabled = coalesce(:enabled, account.enabled),
                                profile_updated_at = EXCLUDED.profile_updated_at
                            WHERE account.profile_updated_at IS NULL
                               OR account.profile_updated_at <= EXCLUDED.profile_updated_at""")
                .unwrap(NativeQuery.class)
                .setParameter("id", accountId)
                .setParameter("username", username)
                .setParameter("email", email)
                .setParameter("fullName", fullName)
                .setParameter("role", role == null ? null : role.value())
                .setParameter("enabled", enabled, Boolean.class)
                .setParameter("asOf", asOf)
                .executeUpdate();
    }

    /**
     * Account.Deleted: the account is marked, never removed, since its ledger stays; a positive balance is still
     * paid out at the day's close.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markDeleted(String accountId, Instant asOf) {
        entityManager
                .createNativeQuery("""
                        INSERT INTO account (id, deleted, profile_updated_at) VALUES (:id, true, :asOf)
                        ON CONFLICT (id) DO UPDATE SET deleted = true, profile_updated_at = EXCLUDED.profile_updated_at
                            WHERE account.profile_updated_at IS NULL
                               OR account.profile_updated_at <= EXCLUDED.profile_updated_at""")
                .setParameter("id", accountId)
                .setParameter("asOf", asOf)
                .executeUpdate();
    }

    /**
     * The caller's account, created or filled in from the token's claims while billing has no Account.* event
     * for it; once the events have told billing who the account is, they alone change it.
     */
    @Transactional
    public Account ofCaller(Caller caller) {
        Account known = Account.findById(caller.id());
        if (known != null && known.known) {
            return known;
        }
        if (known != null) {
            entityManager.detach(known);
        }
        entityManager
                .createNativeQuery("""
                        INSERT INTO account (id, username, email, full_name, role, known)
                        VALUES (:id, :username, :email, :fullName, :role, true)
                        ON CONFLICT (id) DO UPDATE
                            SET username = EXCLUDED.username, email = EXCLUDED.email, full_name = EXCLUDED.full_name,
                                role = EXCLUDED.role, known = true
                            WHERE NOT account.known""")
                .setParameter("id", caller.id())
                .setParameter("username", caller.username())
                .setParameter("email", caller.email().orElse(null))
                .setParameter("fullName", caller.fullName().orElse(null))
                .setParameter("role", caller.role().map(Role::value).orElse(null))
                .executeUpdate();
        return Account.findById(caller.id());
    }

    /** What to call each of these accounts now: its user name, or its id while billing does not know it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, String> displayNames(Collection<String> accountIds) {
        Map<String, String> names = new HashMap<>();
        if (accountIds.isEmpty()) {
            return names;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("SELECT id, username FROM account WHERE id IN (:ids) AND username IS NOT NULL")
                .setParameter("ids", Set.copyOf(accountIds))
                .getResultList();
        for (Object[] row : rows) {
            names.put((String) row[0], (String) row[1]);
        }
        return names;
    }

    public Optional<Account> find(String accountId) {
        return Account.<Account>findByIdOptional(accountId);
    }
}

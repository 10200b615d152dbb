package com.uberpopug.ates.analytics.account;

import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountState;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The replica of Keycloak's accounts (accounts-stream), for names on the dashboard. The newest Account.Created or
 * Updated by event time wins; a deleted account stays deleted. Whether it is enabled comes with v2 of Created and
 * Updated; a v1 event, which does not say, leaves it as it is.
 */
@ApplicationScoped
public class AccountReplica {

    private final EntityManager em;

    AccountReplica(EntityManager em) {
        this.em = em;
    }

    /** The account as a Created or Updated event describes it; a v1 event (no enabled state) leaves it as it is. */
    public void apply(AccountState account, Instant eventTime) {
        upsert(
                account.accountId(),
                account.username(),
                account.email(),
                account.fullName(),
                account.role(),
                account.enabled(),
                eventTime);
    }

    public void deleted(AccountDeletedV1 account, Instant eventTime) {
        sql("""
                        INSERT INTO account (id, deleted, updated_at) VALUES (:id, true, :at)
                        ON CONFLICT (id) DO UPDATE SET deleted = true""")
                .setParameter("id", account.accountId())
                .setParameter("at", eventTime.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    private void upsert(
            String id, String username, String email, String fullName, Role role, Boolean enabled, Instant eventTime) {
        sql("""
                        INSERT INTO account (id, username, email, full_name, role, enabled, updated_at)
                        VALUES (:id, :username, :email, :name, :role, coalesce(:enabled, true), :at)
                        ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
                            full_name = EXCLUDED.full_name, role = EXCLUDED.role,
                            enabled = coalesce(:enabled, account.enabled), updated_at = EXCLUDED.updated_at
                        WHERE account.updated_at <= EXCLUDED.updated_at""")
                .setParameter("id", id)
                .setParameter("username", username, String.class)
                .setParameter("email", email, String.class)
                .setParameter("name", fullName, String.class)
                .setParameter("role", role == null ? null : role.value(), String.class)
                .setParameter("enabled", enabled, Boolean.class)
                .setParameter("at", eventTime.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    private Sql sql(String sql) {
        return Sql.on(em, sql);
    }
}

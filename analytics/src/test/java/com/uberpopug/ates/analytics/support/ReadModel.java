package com.uberpopug.ates.analytics.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.UUID;

/** The analytics database as the tests see it: which events were applied, and a clean start per test. */
@ApplicationScoped
public class ReadModel {

    private final EntityManager em;

    ReadModel(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public long processed(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return 0;
        }
        return ((Number) em.createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id IN (:ids)")
                        .setParameter("ids", eventIds)
                        .getSingleResult())
                .longValue();
    }

    /** Empties every read model (not the inbox: event ids are never reused). */
    @Transactional
    public void clear() {
        em.createNativeQuery(
                        "TRUNCATE account, account_balance, account_balance_day, task, ledger_transaction, daily_earnings, "
                                + "daily_top_reward, daily_negative_balance, billing_day, payout")
                .executeUpdate();
    }

    @Transactional
    public Object[] row(String sql, Object id) {
        return (Object[]) em.createNativeQuery(sql).setParameter("id", id).getSingleResult();
    }
}

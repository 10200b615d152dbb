package com.uberpopug.ates.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.platform.inbox.InboxRetention;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** processed_event stays bounded: ids older than the retention are forgotten, younger ones kept. */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "platform"))
class InboxRetentionTest {

    @Inject
    EntityManager entityManager;

    @Inject
    InboxRetention retention;

    @Test
    void idsOlderThanTheRetentionAreForgottenAndYoungerOnesKept() {
        UUID old = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        insert(old, "now() - interval '31 days'");
        insert(young, "now() - interval '29 days'");

        assertThat(retention.deleteOld()).isGreaterThanOrEqualTo(1);

        assertThat(exists(old)).isFalse();
        assertThat(exists(young)).isTrue();
    }

    @Transactional
    void insert(UUID id, String processedAt) {
        entityManager
                .createNativeQuery(
                        "INSERT INTO processed_event (event_id, processed_at) VALUES (:id, " + processedAt + ")")
                .setParameter("id", id)
                .executeUpdate();
    }

    @Transactional
    boolean exists(UUID id) {
        return !entityManager
                .createNativeQuery("SELECT 1 FROM processed_event WHERE event_id = :id")
                .setParameter("id", id)
                .getResultList()
                .isEmpty();
    }
}

package com.uberpopug.ates.tasks.info;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.ServiceInfoContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * What tasks answers about itself ({@link ServiceInfoContract}). Tasks publishes its events through its outbox, so
 * the publication is checked too.
 */
@QuarkusTest
@WithTestResource(value = PostgresKafkaAndKeycloak.class, initArgs = @ResourceArg(name = "database", value = "tasks"))
class ServiceInfoTest extends ServiceInfoContract {

    ServiceInfoTest() {
        super("tasks");
    }

    @Test
    void publishesItsOutboxThroughAPublication() throws SQLException {
        assertPublishesItsOutbox();
    }
}

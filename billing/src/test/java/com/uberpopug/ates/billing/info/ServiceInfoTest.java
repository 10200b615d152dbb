package com.uberpopug.ates.billing.info;

import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.devstack.testing.ServiceInfoContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * What billing answers about itself ({@link ServiceInfoContract}). Billing publishes its events through its outbox,
 * so the publication is checked too.
 */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class ServiceInfoTest extends ServiceInfoContract {

    ServiceInfoTest() {
        super("billing");
    }

    @Test
    void publishesItsOutboxThroughAPublication() throws SQLException {
        assertPublishesItsOutbox();
    }
}

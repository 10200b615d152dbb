package com.uberpopug.ates.analytics.info;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.ServiceInfoContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What analytics answers about itself ({@link ServiceInfoContract}). Analytics publishes no events, so it has no
 * outbox to check.
 */
@QuarkusTest
@WithTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "analytics"))
class ServiceInfoTest extends ServiceInfoContract {

    ServiceInfoTest() {
        super("analytics");
    }
}

package com.uberpopug.ates.devstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: the real PostgreSQL and Kafka of {@link TestInfrastructure}, a database of the service's
 * own (init argument {@code database}), and the configuration that points the service at them.
 */
public class PostgresAndKafka implements QuarkusTestResourceLifecycleManager {

    private String database = "ates";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        infrastructure.postgres().createDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url",
                infrastructure.postgres().jdbcUrl(database),
                "quarkus.datasource.username",
                com.uberpopug.ates.devstack.Postgres.USER,
                "quarkus.datasource.password",
                com.uberpopug.ates.devstack.Postgres.PASSWORD,
                "kafka.bootstrap.servers",
                infrastructure.kafka().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test of this JVM; TestInfrastructure stops it when the JVM exits
    }
}

package com.uberpopug.ates.devstack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The native-readiness check of a service, without GraalVM: what Quarkus's native build would hand native-image
 * (read from target/native-sources, which the build's native-sources step writes) holds everything the service
 * reads at run time for its events, derived from the contracts themselves, and its migrations and templates. Each
 * service's {@code NativeImageConfigIT} extends this with its name.
 */
public abstract class NativeImageConfigContract {

    private static final NativeImageConfig NATIVE =
            NativeImageConfig.of(Path.of(System.getProperty("ates.build.directory", "target")));

    private final String service;

    protected NativeImageConfigContract(String service) {
        this.service = service;
    }

    @Test
    void everythingTheEventPathLoadsAtRunTimeIsHandedToNativeImage() {
        assertThat(NATIVE.missingForEvents())
                .as(
                        "what %s reads at run time but native-image would not be given (sources in %s)",
                        service, NATIVE.sources())
                .isEmpty();
    }

    @Test
    void theMigrationsFlywayRunsAndTheDashboardTemplatesAreHandedToNativeImage() throws Exception {
        Properties config = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            config.load(in);
        }
        List<String> folders = new ArrayList<>();
        for (String location :
                config.getProperty("quarkus.flyway.locations", "db/migration").split(",")) {
            folders.add(location.trim().replaceFirst("^classpath:", "") + "/");
        }
        folders.add("templates/");
        for (String folder : folders) {
            assertThat(NativeImageConfig.resourcesUnder(getClass().getClassLoader(), folder))
                    .as("resources under %s", folder)
                    .allSatisfy(resource -> assertThat(NATIVE.includesResource(resource))
                            .as(resource)
                            .isTrue());
        }
    }
}

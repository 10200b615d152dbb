package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from its Quarkus distribution, on the stack's PostgreSQL, with the realm 'ates' imported at start and
 * the aTES account event listener (module keycloak) in its providers. The distribution is unpacked into the cache
 * once per build (build options and provider jars: {@code ~/.cache/ates/keycloak-<version>-<build>}) and built for
 * PostgreSQL and the providers there, so that two checkouts with different providers never rebuild the installation
 * the other one runs (Keycloak refuses to start when its providers changed since its build). Installations of old
 * builds stay in the cache until it is cleared. An existing realm is left as it is.
 */
public final class Keycloak extends ProcessComponent {

    public static final String REALM = "ates";
    public static final String ADMIN_USER = "keycloak";
    public static final String ADMIN_PASSWORD = "keycloak";
    /** The build options; a change here rebuilds the cached distribution. */
    private static final List<String> BUILD_OPTIONS =
            List.of("--db=postgres", "--health-enabled=true", "--cache=local");

    private final int port;
    private final int managementPort;
    private final String jdbcUrl;
    private final List<String> options;

    public Keycloak(int port, int managementPort, String jdbcUrl, Path log, Path pidFile) {
        this(port, managementPort, jdbcUrl, log, pidFile, List.of());
    }

    /** @param options further runtime options of {@code kc.sh start}, such as a provider's {@code --spi-...} */
    public Keycloak(int port, int managementPort, String jdbcUrl, Path log, Path pidFile, List<String> options) {
        super(log, pidFile, Duration.ofSeconds(30));
        this.port = port;
        this.managementPort = managementPort;
        this.jdbcUrl = jdbcUrl;
        this.options = List.copyOf(options);
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("Keycloak", port, "Keycloak management", managementPort);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    /** kc.sh runs Keycloak's java as its child: the log's mark, which the child inherits, finds both. */
    @Override
    protected void launch() {
        Path home = prepare();
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", Java.home());
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("KC_DB_URL", jdbcUrl);
        env.put("KC_DB_USERNAME", Postgres.USER);
        env.put("KC_DB_PASSWORD", Postgres.PASSWORD);
        // a pooled connection is checked before use: after PostgreSQL restarts, Keycloak's first requests get a
        // fresh connection instead of failing on one the restart closed
        env.put("QUARKUS_DATASOURCE_JDBC_VALIDATE_ON_BORROW", "true");
        List<String> command = new java.util.ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(),
                "start",
                "--optimized",
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false",
                "--import-realm"));
        command.addAll(options);
        OsProcess process = spawn(command, home, env);
        Readiness.await(
                process,
                Duration.ofSeconds(300),
                "GET /health/ready on port " + managementPort,
                () -> Readiness.httpOk("http://localhost:" + managementPort + "/health/ready"));
        Readiness.await(
                process,
                Duration.ofSeconds(30),
                "realm " + REALM + " served",
                () -> Readiness.httpOk(issuer() + "/.well-known/openid-configuration"));
    }

    /** Unpacks and builds the distribution once, and lays the realm where --import-realm reads it. */
    private Path prepare() {
        String version = Artifacts.get("keycloak.version");
        List<Path> providers = Artifacts.keycloakProviders();
        String fingerprint = ProviderJars.fingerprint(providers);
        Path home = Artifacts.unpackOnce(
                Artifacts.path("keycloak.dist"),
                ProviderJars.installationName(version, BUILD_OPTIONS, fingerprint),
                "keycloak-" + version);
        Path marker = home.resolve(".ates-build");
        String wanted = String.join(" ", BUILD_OPTIONS) + System.lineSeparator() + "providers " + fingerprint;
        try (FileChannel lock = FileChannel.open(
                        home.resolve(".ates-build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var ignored = lock.lock()) {
            if (!Files.exists(marker) || !Files.readString(marker).equals(wanted)) {
                ProviderJars.install(providers, home.resolve("providers"));
                List<String> command = new java.util.ArrayList<>(
                        List.of(home.resolve("bin/kc.sh").toString(), "build"));
                command.addAll(BUILD_OPTIONS);
                try {
                    OsProcess.run(command, log, Map.of("JAVA_HOME", Java.home()), Duration.ofMinutes(5));
                } catch (IllegalStateException e) {
                    throw new ComponentFailure(
                            name(),
                            log,
                            "could not be built for PostgreSQL with the aTES " + "providers: " + e.getMessage());
                }
                Files.writeString(marker, wanted);
            }
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = Keycloak.class.getResourceAsStream("/realm/ates-realm.json")) {
                if (realm == null) {
                    throw new ComponentFailure(
                            name(),
                            log,
                            "has no realm to import: realm/ates-realm.json is not "
                                    + "on the classpath (the keycloak module)");
                }
                Path scratch = Files.createTempFile(imports, "ates-realm", ".tmp");
                Files.copy(realm, scratch, StandardCopyOption.REPLACE_EXISTING);
                Files.move(
                        scratch,
                        imports.resolve("ates-realm.json"),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.uberpopug.ates.images;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.uberpopug.ates.devstack.Postgres;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM images of tasks, billing and analytics, built by Quarkus's Jib extension from the services' own
 * {@code quarkus.container-image.*} settings (as CI builds its images; only the base comes from the private daemon,
 * since no registry is reachable here), each run as helm/ates runs it: the chart's user, read-only root file
 * system, capabilities dropped, a tmpfs where the chart mounts an emptyDir, and the chart's environment, against
 * a real PostgreSQL, Kafka and Keycloak. Each must become ready and serve a token-authenticated request.
 */
class ServiceImagesIT {

    private static final Path ROOT =
            Path.of(System.getProperty("ates.root", "..")).toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("images/target/images");
    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    /** The client secret and session key the local realm and the services agree on; the chart reads them from a Secret. */
    private static final String CLIENT_SECRET = "ates-web-secret";

    private static final String SESSION_SECRET = "images-test-session-key-of-32-characters-or-more";

    private static final List<String> SERVICES = List.of("tasks", "billing", "analytics");

    private static PrivateDocker docker;
    private static final Map<String, String> REPORT = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    @BeforeAll
    static void aPrivateDockerWithTheServiceImagesAndTheRealComponents() throws Exception {
        Optional<String> unavailable = PrivateDocker.unavailable();
        if (unavailable.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("The container images cannot be checked on this CI machine: " + unavailable.get());
            }
            Assumptions.abort("Container images not checked: " + unavailable.get());
        }
        Path cache = Path.of(Optional.ofNullable(System.getenv("ATES_CACHE"))
                .orElse(System.getProperty("user.home") + "/.cache/ates"));
        Files.createDirectories(TARGET);

        long start = System.nanoTime();
        docker = PrivateDocker.start(cache.resolve("docker"), TARGET.resolve("dockerd.log"));
        REPORT.put("dockerd ready", BaseImage.seconds(start) + " s");

        REPORT.put("base image", BaseImage.ensure(docker, cache, TARGET));

        // the real components start meanwhile: Keycloak's first start takes a while, the build mostly waits on disk
        CompletableFuture<Void> components = CompletableFuture.runAsync(() -> {
            long begin = System.nanoTime();
            TestInfrastructure infrastructure = TestInfrastructure.get();
            infrastructure.keycloak();
            for (String database : List.of("tasks", "billing", "analytics")) {
                infrastructure.postgres().createDatabase(database);
            }
            REPORT.put("PostgreSQL, Kafka, Keycloak (during the image build)", BaseImage.seconds(begin) + " s");
        });

        start = System.nanoTime();
        if (Boolean.getBoolean("ates.images.reuse") && SERVICES.stream().allMatch(s -> docker.imageExists(image(s)))) {
            // on request only, to rerun the containers quickly: the images of the last build, however old
            REPORT.put("service images", "reused (-Dates.images.reuse=true)");
        } else {
            buildImages(cache);
            REPORT.put("three service images (package with Jib to the daemon)", BaseImage.seconds(start) + " s");
        }
        try {
            components.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static String image(String service) {
        return "ghcr.io/uberpopug/ates-" + service + ":" + System.getProperty("ates.project.version");
    }

    /**
     * The services' own packaging again, now with {@code quarkus.container-image.build=true}: Quarkus's Jib extension
     * builds each image into the private daemon, FROM the local base. Everything else (name, tag, layers, working
     * directory, entrypoint, user) comes from the services' configuration, as in CI.
     */
    private static void buildImages(Path cache) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-o",
                "package",
                "-pl",
                "tasks,billing,analytics",
                "-am",
                "-Dmaven.test.skip=true",
                // the native-readiness step builds native sources, which the container-image build refuses
                "-Dnative-sources.skip=true",
                "-Dquarkus.container-image.build=true",
                "-Dquarkus.jib.base-jvm-image=docker://" + BaseImage.NAME,
                "-Dquarkus.jib.docker-executable-name=" + docker.dockerExecutable(),
                "-Dquarkus.jib.base-image-layers-cache=" + cache.resolve("jib"),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        String repository = System.getProperty("ates.maven.repo.local", "");
        if (!repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        // a deliberate change of the image build, e.g. to see this test fail: -Dates.images.build-args="-D..."
        String extra = System.getProperty("ates.images.build-args", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        Path log = TARGET.resolve("image-build.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // Jib reads the base image (docker://) and loads the result through the client: both reach this daemon
        builder.environment().putAll(docker.clientEnvironment());
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the image build did not finish within 15 minutes; its log: " + log);
        }
        if (process.exitValue() != 0) {
            fail("the image build failed; its log " + log + " ends:\n" + tail(log, 40));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tasks", "billing", "analytics"})
    void theServiceStartsFromItsImageAsTheChartRunsItAndServesAnAuthenticatedRequest(String service)
            throws IOException {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        int port = freePort();
        String issuer = infrastructure.keycloak().issuer();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("service.port", Integer.toString(port));
        values.put("postgresql.databases." + service + ".host", "localhost");
        values.put(
                "postgresql.databases." + service + ".port",
                Integer.toString(infrastructure.postgres().port()));
        values.put("postgresql.databases." + service + ".existingSecret", "db");
        values.put("kafka.bootstrapServers", infrastructure.kafka().bootstrapServers());
        values.put("oidc.authServerUrl", issuer);
        values.put("oidc.clientSecret.existingSecret", "oidc");
        // a deliberate change of the chart's values, e.g. to see this test fail: -Dates.images.chart-set="k=v;k2=v2"
        for (String set : System.getProperty("ates.images.chart-set", "").split(";")) {
            if (set.contains("=")) {
                values.put(
                        set.substring(0, set.indexOf('=')).trim(),
                        set.substring(set.indexOf('=') + 1).trim());
            }
        }
        ChartService chart = ChartService.render(
                ROOT.resolve("helm/ates"),
                service,
                values,
                Map.of(
                        "db/username",
                        Postgres.USER,
                        "db/password",
                        Postgres.PASSWORD,
                        "oidc/client-secret",
                        CLIENT_SECRET,
                        "oidc/session-secret",
                        SESSION_SECRET));

        assertThat(docker.imageExists(chart.image()))
                .as("the image the chart names, %s, is the one the build made", chart.image())
                .isTrue();
        assertThat(chart.runOptions())
                .as("the chart's security settings")
                .contains("--read-only", "--cap-drop=ALL")
                .anyMatch(o -> o.startsWith("--user=1001"));

        List<String> run =
                new ArrayList<>(List.of("run", "-d", "--name", "ates-image-test-" + service, "--network", "host"));
        run.addAll(chart.runOptions());
        Path envFile = TARGET.resolve(service + ".env");
        StringBuilder env = new StringBuilder();
        chart.environment()
                .forEach((name, value) ->
                        env.append(name).append('=').append(value).append('\n'));
        Files.writeString(envFile, env);
        run.add("--env-file=" + envFile);
        run.add(chart.image());

        long start = System.nanoTime();
        String container = docker.run(run);
        try {
            String base = "http://localhost:" + port;
            await(service + " from its image becomes ready on " + base + "/q/health/ready")
                    .atMost(READY_DEADLINE)
                    .pollInterval(Duration.ofMillis(250))
                    .failFast(() -> {
                        if (!running(container)) {
                            throw new AssertionError(service + "'s container stopped before it was ready ("
                                    + docker.run(List.of("inspect", "--format", "exit {{.State.ExitCode}}", container))
                                    + "); its log:\n" + logs(container));
                        }
                    })
                    .until(() -> status(base + "/q/health/ready") == 200);
            REPORT.put(service + " container start to ready", BaseImage.seconds(start) + " s");

            given().get(base + "/api/service-info").then().statusCode(401);
            given().auth()
                    .oauth2(KeycloakTokens.accessToken("admin"))
                    .get(base + "/api/service-info")
                    .then()
                    .statusCode(200)
                    .body("service", equalTo(service))
                    .body("database", equalTo(service));
            assertThat(docker.run(List.of("exec", container, "id", "-u"))).isEqualTo("1001");
        } finally {
            Files.writeString(TARGET.resolve(service + "-container.log"), logs(container));
            docker.run(List.of("rm", "-f", container));
        }
    }

    @AfterAll
    static void stopTheDaemonAndLeaveNothingRunning() throws IOException {
        if (docker == null) {
            return;
        }
        StringBuilder report = new StringBuilder();
        REPORT.forEach(
                (what, took) -> report.append(what).append(": ").append(took).append('\n'));
        Files.writeString(
                Path.of(System.getProperty(
                        "ates.images.report", TARGET.resolve("report.txt").toString())),
                report);
        System.out.print("Container images:\n" + report);
        docker.close();
        assertThat(docker.leftovers())
                .as("processes of the private dockerd still running after it stopped")
                .isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                .as("mounts of the private dockerd")
                .doesNotContain(docker.runDirectory().toString());
    }

    private static boolean running(String container) {
        return docker.tryRun(List.of("inspect", "--format", "{{.State.Running}}", container))
                .map("true"::equals)
                .orElse(false);
    }

    private static String logs(String container) {
        return docker.tryRun(List.of("logs", "--tail", "200", container)).orElse("(no log)");
    }

    private static int status(String url) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}

package com.uberpopug.ates.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One of the aTES services, run in JVM mode from its built fast-jar. */
public final class QuarkusService extends ProcessComponent {

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path workDir;

    public QuarkusService(
            String name, Path jar, int port, Map<String, String> env, Path workDir, Path log, Path pidFile) {
        super(log, pidFile, Duration.ofSeconds(20));
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = new java.util.LinkedHashMap<>(env);
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("service " + name, port);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    @Override
    protected void launch() {
        if (!Files.isRegularFile(jar)) {
            throw new ComponentFailure(name, null, "is not built: " + jar + " is missing (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(
                Java.executable(),
                "-Xms64m",
                "-Xmx256m",
                // a small heap on a developer's machine: the serial collector has the smallest footprint
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString()));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Readiness.await(
                spawn(command, workDir, environment),
                Duration.ofSeconds(120),
                "GET /q/health/ready on port " + port,
                () -> Readiness.httpOk(url() + "/q/health/ready"));
    }

    /** Adds to (or overrides) the environment the service starts with from its next start on. */
    public void putEnvironment(Map<String, String> extra) {
        env.putAll(extra);
    }

    /** The environment the service starts with (its HTTP port aside). */
    Map<String, String> environment() {
        return Map.copyOf(env);
    }
}

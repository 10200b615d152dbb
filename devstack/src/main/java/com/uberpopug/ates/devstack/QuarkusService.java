package com.uberpopug.ates.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One of the aTES services, run in JVM mode from its built fast-jar. */
public final class QuarkusService implements Component {

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path workDir;
    private final Path log;
    private final Path pidFile;
    private OsProcess process;

    public QuarkusService(String name, Path jar, int port, Map<String, String> env, Path workDir, Path log,
            Path pidFile) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = new java.util.LinkedHashMap<>(env);
        this.workDir = workDir;
        this.log = log;
        this.pidFile = pidFile;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("service " + name, port);
    }

    @Override
    public Path log() {
        return log;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    @Override
    public void start() {
        if (!Files.isRegularFile(jar)) {
            throw new ComponentFailure(name, null, "is not built: " + jar + " is missing (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(Java.executable(), "-Xms64m", "-Xmx256m", "-jar",
                jar.toString()));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        process = OsProcess.start(name, command, workDir, environment, log, pidFile);
        Readiness.await(process, Duration.ofSeconds(120), "GET /q/health/ready on port " + port,
                () -> Readiness.httpOk(url() + "/q/health/ready"));
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
            process = null;
        }
    }

    /** Adds to (or overrides) the environment the service starts with from its next start on. */
    public void putEnvironment(Map<String, String> extra) {
        env.putAll(extra);
    }

    /** Kills the service at once (SIGKILL), as a crash would: no shutdown, no last commit. {@link #start()} brings it back. */
    public void kill() {
        if (process != null) {
            process.treeSignal("KILL");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (process.treeAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            process = null;
        }
    }
}

package com.uberpopug.ates.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zipkin server: takes the services' spans on its HTTP API and keeps them in memory (the newest
 * {@link #MAX_SPANS}), for its UI and its JSON API to show a task's one trace across tasks, billing and analytics.
 * Nothing outlives a restart. About 200 MB resident with 10,000 spans held (serial collector, C1 only): the whole
 * stack stays within its memory goal.
 */
public final class Zipkin extends ProcessComponent {

    /** What the in-memory store keeps; older traces are dropped first. */
    static final int MAX_SPANS = 50_000;

    private final int port;
    private final Path workDir;

    public Zipkin(int port, Path workDir, Path log, Path pidFile) {
        super(log, pidFile, Duration.ofSeconds(10));
        this.port = port;
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return "zipkin";
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("Zipkin", port);
    }

    /** The server's root: its API under /api/v2, its UI under /zipkin/. */
    public String url() {
        return "http://localhost:" + port;
    }

    /** Where the services send their spans (Zipkin's JSON v2 span API). */
    public String spansEndpoint() {
        return url() + "/api/v2/spans";
    }

    public String uiUrl() {
        return url() + "/zipkin/";
    }

    @Override
    protected void launch() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STORAGE_TYPE", "mem");
        env.put("MEM_MAX_SPANS", Integer.toString(MAX_SPANS));
        // spans come over HTTP only: a KAFKA_BOOTSTRAP_SERVERS or RABBIT_URI in the caller's environment must not
        // turn on a collector that would read from it
        env.put("COLLECTOR_KAFKA_ENABLED", "false");
        env.put("COLLECTOR_RABBITMQ_ENABLED", "false");
        env.put("COLLECTOR_ACTIVEMQ_ENABLED", "false");
        env.put("COLLECTOR_PULSAR_ENABLED", "false");
        env.put("DISCOVERY_EUREKA_ENABLED", "false");
        env.put("SELF_TRACING_ENABLED", "false");
        OsProcess process = spawn(
                List.of(
                        Java.executable(),
                        "-Xms32m",
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        Artifacts.path("zipkin.jar").toString(),
                        // the whole list of Armeria's ports, so that it listens on the loopback interface only
                        "--armeria.ports[0].ip=127.0.0.1",
                        "--armeria.ports[0].port=" + port,
                        "--armeria.ports[0].protocols[0]=http"),
                workDir,
                env);
        Readiness.await(
                process,
                Duration.ofSeconds(60),
                "GET /health on port " + port,
                () -> Readiness.httpOk(url() + "/health"));
    }
}

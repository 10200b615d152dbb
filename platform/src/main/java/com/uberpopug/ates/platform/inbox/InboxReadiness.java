package com.uberpopug.ates.platform.inbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which consumers are waiting for a transient fault to pass, and why: readiness is DOWN while any is, naming the
 * topic, since when and the last failure; the gauge {@code ates_inbox_waiting} counts the waiting consumers per
 * topic. A consumer that waits has nothing wrong with its events: it resumes by itself when the fault ends.
 */
@Readiness
@ApplicationScoped
public class InboxReadiness implements HealthCheck {

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, Boolean> gauges = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    InboxReadiness(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A consumer (one thread of a channel) waits on {@code topic} since its first failure, for {@code reason}. */
    void waiting(String consumer, String topic, String reason) {
        gauges.computeIfAbsent(topic, t -> {
            Gauge.builder(
                            "ates.inbox.waiting",
                            waiting,
                            all -> all.values().stream()
                                    .filter(w -> w.topic().equals(t))
                                    .count())
                    .description("consumers waiting for a transient fault (database, locks) to pass, per topic")
                    .tag("topic", t)
                    .register(registry);
            return true;
        });
        waiting.compute(
                consumer,
                (key, before) -> new Waiting(topic, reason, before == null ? clock.instant() : before.since()));
    }

    void resumed(String consumer) {
        waiting.remove(consumer);
    }

    /** How long the longest-waiting consumer has waited, zero when none waits. */
    public Duration longestWait() {
        Instant now = clock.instant();
        return waiting.values().stream()
                .map(w -> Duration.between(w.since(), now))
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("event consumers").status(waiting.isEmpty());
        waiting.forEach((consumer, w) ->
                response.withData(w.topic() + " (" + consumer + ")", "waiting since " + w.since() + ": " + w.reason()));
        return response.build();
    }

    private record Waiting(String topic, String reason, Instant since) {}
}

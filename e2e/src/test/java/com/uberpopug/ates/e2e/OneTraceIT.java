package com.uberpopug.ates.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One request, one trace: a task completed with the caller's own W3C {@code traceparent} is followed, through the
 * outbox, Debezium Server and Kafka, into billing (which pays the reward) and on into analytics (which reads the
 * transaction billing applied), and Zipkin shows all of it as that one trace.
 */
class OneTraceIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static WholeSystem system;

    @BeforeAll
    static void theSystemRuns() {
        system = WholeSystem.get();
    }

    @Test
    void aTaskCompletedUnderTheCallersTraceIsOneTraceThroughTasksBillingAndAnalytics() {
        String taskId = system.as("manager", "tasks")
                .body(Map.of("title", "Follow the trace", "description", "one trace"))
                .post("/api/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String assignee = system.as("admin", "tasks")
                .get("/api/tasks/" + taskId)
                .then()
                .statusCode(200)
                .extract()
                .path("assignee.username");
        String traceId = hex(16);
        String callerSpanId = hex(8);

        system.as(assignee, "tasks")
                .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .post("/api/tasks/" + taskId + "/complete")
                .then()
                .statusCode(200);

        await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Object>> spans = trace(traceId);
            List<String> seen = spans.stream()
                    .map(OneTraceIT::describe)
                    .map(String::toLowerCase)
                    .toList();
            assertThat(seen)
                    .as("the spans of trace %s", traceId)
                    .anyMatch(s -> s.startsWith("tasks: "))
                    // Zipkin keeps span names in lower case; so does this list, whatever Zipkin does
                    .anyMatch(s -> s.startsWith("billing: ") && s.contains("task.completed"))
                    .anyMatch(s -> s.startsWith("analytics: ") && s.contains("transaction.applied"));
            assertThat(spans)
                    .as("tasks' span of the request continues the caller's span; the trace held %s", seen)
                    .anyMatch(span -> "tasks".equals(service(span)) && callerSpanId.equals(span.get("parentId")));
            System.out.printf("trace %s held %d spans:%n  %s%n", traceId, seen.size(), String.join("\n  ", seen));
        });
    }

    /** The spans Zipkin holds for the trace so far; none (404) until the first arrives. */
    private static List<Map<String, Object>> trace(String traceId) {
        Response response = given().baseUri(system.zipkin()).get("/api/v2/trace/" + traceId);
        if (response.statusCode() == 404) {
            return List.of();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        return response.jsonPath().getList("$");
    }

    private static String service(Map<String, Object> span) {
        Object endpoint = span.get("localEndpoint");
        return endpoint instanceof Map<?, ?> local ? String.valueOf(local.get("serviceName")) : "?";
    }

    private static String describe(Map<String, Object> span) {
        return service(span) + ": " + span.get("name")
                + (span.get("kind") != null ? " (" + span.get("kind") + ")" : "");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

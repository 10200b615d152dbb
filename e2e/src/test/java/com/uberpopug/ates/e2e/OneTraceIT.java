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
            // Zipkin keeps span names in lower case
            assertThat(seen)
                    .as("the spans of trace %s", traceId)
                    .contains(
                            "tasks: post /api/tasks/{id}/complete (server)",
                            "tasks: publish task.completed (producer)",
                            "billing: consume task.completed (consumer)",
                            "billing: publish transaction.applied (producer)",
                            "analytics: consume transaction.applied (consumer)");
            Map<String, Object> request = one(spans, "tasks", "post /api/tasks/{id}/complete");
            Map<String, Object> completed = one(spans, "tasks", "publish task.completed");
            Map<String, Object> charged = one(spans, "billing", "consume task.completed");
            Map<String, Object> applied = one(spans, "billing", "publish transaction.applied");
            Map<String, Object> counted = one(spans, "analytics", "consume transaction.applied");
            // each hop is the child of the one before it: the caller, the request, the outbox row, the consumer
            assertThat(request.get("parentId")).as("the request's parent").isEqualTo(callerSpanId);
            assertThat(completed.get("parentId")).isEqualTo(request.get("id"));
            assertThat(charged.get("parentId")).isEqualTo(completed.get("id"));
            assertThat(applied.get("parentId")).isEqualTo(charged.get("id"));
            assertThat(counted.get("parentId")).isEqualTo(applied.get("id"));
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

    private static Map<String, Object> one(List<Map<String, Object>> spans, String service, String name) {
        List<Map<String, Object>> found = spans.stream()
                .filter(span ->
                        service.equals(service(span)) && name.equalsIgnoreCase(String.valueOf(span.get("name"))))
                .toList();
        assertThat(found).as("%s's spans named %s", service, name).hasSize(1);
        return found.get(0);
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

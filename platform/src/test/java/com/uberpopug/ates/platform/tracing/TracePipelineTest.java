package com.uberpopug.ates.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.devstack.DebeziumServer;
import com.uberpopug.ates.devstack.testing.KafkaTopics;
import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import com.uberpopug.ates.devstack.testing.TestInfrastructure;
import com.uberpopug.ates.platform.TestTasks;
import com.uberpopug.ates.platform.inbox.Inbox;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace across the outbox: the span that wrote an event, the Kafka header Debezium sends it with, and the
 * consumer's span of it, with the real PostgreSQL, Debezium Server and Kafka between them.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
class TracePipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static DebeziumServer debezium;

    @Inject
    TestTasks tasks;

    @Inject
    Tracer tracer;

    @Inject
    CollectedSpans spans;

    @BeforeAll
    static void startDebezium() {
        debezium = TestInfrastructure.get().debezium("platform");
        debezium.start();
    }

    @AfterAll
    static void stopDebezium() {
        if (debezium != null) {
            debezium.stop();
        }
    }

    @Test
    void anEventCarriesTheTraceOfTheWriteAndItsConsumerContinuesIt() {
        UUID task = UUID.randomUUID();
        Span request =
                tracer.spanBuilder("a request").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope scope = request.makeCurrent()) {
            tasks.create(task, "Trace me", null, false);
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();

        // the record on the topic names the trace in its traceparent header
        ConsumerRecord<String, String> record = recordOf(task);
        String header = KafkaTopics.header(record, EventTracing.HEADER);
        assertThat(header).as("traceparent header").isNotNull().contains(traceId);

        // the publish span is the request's child; the consumer's span is the publish span's child, same trace
        await().atMost(WAIT).untilAsserted(() -> {
            List<SpanData> trace = spans.of(traceId);
            SpanData publish = named(trace, "publish Task.Created")
                    .orElseThrow(() -> new AssertionError("no publish span in " + names(trace)));
            assertThat(publish.getParentSpanId())
                    .isEqualTo(request.getSpanContext().getSpanId());
            assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(header).contains(publish.getSpanId());
            SpanData consume = named(trace, "consume Task.Created")
                    .orElseThrow(() -> new AssertionError("no consumer span in " + names(trace)));
            assertThat(consume.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(consume.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(consume.getAttributes().asMap().toString()).contains(record.topic());
        });
    }

    @Test
    void aWriteOutsideAnyTraceStartsNoneAndItsEventIsStillConsumed() {
        UUID task = UUID.randomUUID();
        tasks.create(task, "Untraced", null, false);

        ConsumerRecord<String, String> record = recordOf(task);
        // its own publish span is the root of a trace of its own
        String header = KafkaTopics.header(record, EventTracing.HEADER);
        assertThat(header).isNotNull();
        String traceId = header.replace("\"", "").split("-")[1];
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(names(spans.of(traceId))).contains("publish Task.Created", "consume Task.Created"));
    }

    @Test
    void whatTheConsumerLogsOfAnEventNamesItsTrace() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext
                        && ext.getFormattedMessage().contains("attempt 1 of")) {
                    logged.add(ext.getMdc("traceId") + " " + ext.getFormattedMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger inbox = java.util.logging.Logger.getLogger(Inbox.class.getName());
        inbox.addHandler(handler);
        try {
            UUID task = UUID.randomUUID();
            Span request = tracer.spanBuilder("a request").startSpan();
            try (Scope scope = request.makeCurrent()) {
                tasks.create(task, "fails-twice", null, false);
            } finally {
                request.end();
            }
            String traceId = request.getSpanContext().getTraceId();
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(logged)
                            .as("the consumer's log of its failed attempt")
                            .anySatisfy(line -> assertThat(line).startsWith(traceId + " ")));
        } finally {
            inbox.removeHandler(handler);
        }
    }

    private static ConsumerRecord<String, String> recordOf(UUID task) {
        return KafkaTopics.readUntil(
                        "tasks-stream",
                        WAIT,
                        read -> read.stream().anyMatch(r -> task.toString().equals(r.key())))
                .stream()
                .filter(r -> task.toString().equals(r.key()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record for task " + task + " within " + WAIT));
    }

    private static Optional<SpanData> named(List<SpanData> trace, String name) {
        return trace.stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    private static List<String> names(List<SpanData> trace) {
        return trace.stream().map(SpanData::getName).toList();
    }
}

package com.uberpopug.ates.platform.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The test application's trace backend: the spans it finished, the newest 10,000, read by the tests. Active with
 * {@code ates.tracing.exporter=collect}, as the Zipkin exporter is with {@code zipkin}.
 */
@Singleton
@LookupIfProperty(name = "ates.tracing.exporter", stringValue = "collect")
public class CollectedSpans implements SpanExporter {

    private static final int KEPT = 10_000;

    private final Deque<SpanData> spans = new ArrayDeque<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> finished) {
        for (SpanData span : finished) {
            if (spans.size() == KEPT) {
                spans.removeFirst();
            }
            spans.addLast(span);
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The spans of {@code traceId} exported so far. */
    public synchronized List<SpanData> of(String traceId) {
        return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

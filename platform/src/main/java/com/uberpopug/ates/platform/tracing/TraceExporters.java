package com.uberpopug.ates.platform.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a service's spans go, chosen at run time by {@code ates.tracing.exporter}:
 * <ul>
 * <li>{@code none} (the default): spans are made and propagated (trace ids in the logs and in the events' headers)
 * but sent nowhere;</li>
 * <li>{@code zipkin}: to the Zipkin server at {@code ates.tracing.zipkin.endpoint}, the local stack's trace
 * backend;</li>
 * <li>{@code otlp}: Quarkus's own OTLP exporter, to {@code quarkus.otel.exporter.otlp.endpoint} (a collector in
 * Kubernetes). Quarkus installs it only when no exporter bean here is active.</li>
 * </ul>
 */
@Singleton
public class TraceExporters {

    @Produces
    @Singleton
    @LookupIfProperty(name = "ates.tracing.exporter", stringValue = "zipkin")
    SpanExporter zipkin(
            @ConfigProperty(name = "ates.tracing.zipkin.endpoint", defaultValue = "http://localhost:9411/api/v2/spans")
                    String endpoint) {
        return ZipkinSpanExporter.builder()
                .setSender(new ZipkinSender(URI.create(endpoint)))
                .build();
    }

    @Produces
    @Singleton
    @LookupIfProperty(name = "ates.tracing.exporter", stringValue = "none", lookupIfMissing = true)
    SpanExporter none() {
        return SpanExporter.composite(List.of());
    }
}

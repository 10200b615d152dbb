package com.uberpopug.ates.platform.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import zipkin2.reporter.BytesMessageEncoder;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/** Posts spans, as Zipkin's JSON v2 list, to a Zipkin server's span API through the JDK's HTTP client. */
final class ZipkinSender extends BytesMessageSender.Base {

    private static final int MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

    private final URI endpoint;
    private final HttpClient client;

    ZipkinSender(URI endpoint) {
        super(Encoding.JSON);
        this.endpoint = endpoint;
        this.client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int messageMaxBytes() {
        return MAX_MESSAGE_BYTES;
    }

    @Override
    public void send(List<byte[]> encodedSpans) throws IOException {
        if (encodedSpans.isEmpty()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(BytesMessageEncoder.JSON.encode(encodedSpans)))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending spans to " + endpoint, e);
        }
        if (response.statusCode() >= 300) {
            throw new IOException(
                    "Zipkin at " + endpoint + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        // the JDK client holds no resource that outlives the exporter
    }

    @Override
    public String toString() {
        return "ZipkinSender{" + endpoint + "}";
    }
}

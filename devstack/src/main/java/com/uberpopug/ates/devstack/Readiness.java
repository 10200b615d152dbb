package com.uberpopug.ates.devstack;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** Waits for a condition with a deadline, and gives up at once when the process it waits for has died. */
public final class Readiness {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    public static void await(OsProcess process, Duration timeout, String what, Callable<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.treeAlive()) {
                throw new ComponentFailure(
                        process.name(), process.log(), "exited while starting" + tail(process.log()));
            }
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentFailure(what, process != null ? process.log() : null, "start was interrupted");
            }
        }
        String name = process != null ? process.name() : what;
        throw new ComponentFailure(
                name,
                process != null ? process.log() : null,
                "was not ready within " + timeout.toSeconds() + " s (" + what + ")"
                        + (last != null ? ": " + last.getMessage() : ""));
    }

    /** True when an HTTP GET answers 200. */
    public static boolean httpOk(String url) throws Exception {
        HttpResponse<Void> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(3))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    public static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
            return "; its last lines:" + System.lineSeparator() + "    "
                    + String.join(System.lineSeparator() + "    ", last);
        } catch (Exception e) {
            return "";
        }
    }
}

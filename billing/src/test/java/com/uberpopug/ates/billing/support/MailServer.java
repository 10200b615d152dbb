package com.uberpopug.ates.billing.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.devstack.GreenMail;
import com.uberpopug.ates.devstack.OsProcess;
import com.uberpopug.ates.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real GreenMail server of this test JVM (devstack's {@link GreenMail}): started on free ports the first time a
 * test asks, read back through its web API, stoppable and restartable on the same ports to fail SMTP for real, and
 * stopped when the JVM exits. Quarkus may load this class in more than one class loader; a system property keeps
 * the server one per JVM, and every instance finds the process through its pid file.
 */
public final class MailServer {

    private static final String RUNNING = "ates.test.greenmail";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static MailServer instance;

    private final int smtpPort;
    private final int imapPort;
    private final int apiPort;
    private final Path dir;

    private MailServer(int smtpPort, int imapPort, int apiPort, Path dir) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.apiPort = apiPort;
        this.dir = dir;
    }

    public static synchronized MailServer get() {
        if (instance == null) {
            String running = System.getProperty(RUNNING);
            if (running != null) {
                String[] parts = running.split("\\|");
                instance = new MailServer(
                        Integer.parseInt(parts[0]),
                        Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]),
                        Path.of(parts[3]));
            } else {
                instance = startNew();
            }
        }
        return instance;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** Kills the server: from now on every SMTP connection is refused. */
    public void stop() {
        server().kill(); // whichever class loader's instance started it: the process is found by its log's mark
    }

    /** Starts it again on the same ports, with an empty mailbox store. */
    public void start() {
        server().start();
    }

    /** The messages GreenMail holds for {@code email}: what arrived over SMTP. */
    public List<Message> messages(String email) {
        String url = "http://127.0.0.1:" + apiPort + "/api/user/" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "/messages/INBOX";
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of(); // no such user yet: nothing has arrived for the address
            }
            List<Message> messages = new ArrayList<>();
            for (JsonNode node : EventJson.mapper().readTree(response.body())) {
                messages.add(new Message(
                        node.path("subject").asText(), node.path("mimeMessage").asText()));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private GreenMail server() {
        return new GreenMail(smtpPort, imapPort, apiPort, dir, dir.resolve("greenmail.log"), pidFile());
    }

    private Path pidFile() {
        return dir.resolve("greenmail.pid");
    }

    private static MailServer startNew() {
        try {
            Path dir = Files.createTempDirectory("ates-billing-greenmail-");
            MailServer server = new MailServer(freePort(), freePort(), freePort(), dir);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                server.stop();
                                OsProcess.deleteRecursively(dir);
                            },
                            "ates-test-greenmail-stop"));
            server.start();
            System.setProperty(RUNNING, server.smtpPort + "|" + server.imapPort + "|" + server.apiPort + "|" + dir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A received mail: its subject and its whole MIME text. */
    public record Message(String subject, String mime) {}
}

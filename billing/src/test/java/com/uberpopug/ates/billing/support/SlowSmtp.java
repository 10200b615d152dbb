package com.uberpopug.ates.billing.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A TCP proxy between billing's mailer and GreenMail that can make the mail server slow the way real ones are: it
 * forwards every byte, but holds back the server's answer to the end of a message's data ("250 OK, queued") for
 * a set time. The mail is then already delivered while the sender still waits. One per test JVM, found by every
 * class loader through system properties; the delay is a system property too, so a test sets it from anywhere.
 */
public final class SlowSmtp {

    private static final String PORT = "ates.test.slow-smtp.port";
    private static final String DELAY = "ates.test.slow-smtp.delay-ms";

    private SlowSmtp() {
    }

    /** The proxy's port, started on first use in front of GreenMail's SMTP port. */
    public static synchronized int port(int target) {
        String running = System.getProperty(PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> accept(server, target), "slow-smtp");
            acceptor.setDaemon(true);
            acceptor.start();
            System.setProperty(PORT, Integer.toString(server.getLocalPort()));
            return server.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on the answer to each message's end of data waits {@code delay}. */
    public static void delayAcceptance(Duration delay) {
        System.setProperty(DELAY, Long.toString(delay.toMillis()));
    }

    /** Answers at once again. */
    public static void answerAtOnce() {
        System.clearProperty(DELAY);
    }

    private static void accept(ServerSocket server, int target) {
        while (true) {
            try {
                Socket client = server.accept();
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException refused) {
                    client.close(); // GreenMail is down: the sender must see it at once, as without the proxy
                    continue;
                }
                Connection connection = new Connection();
                start(() -> pump(client, upstream, connection, true));
                start(() -> pump(upstream, client, connection, false));
            } catch (IOException e) {
                // the listening socket failed; the next accept tries again
            }
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "slow-smtp-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** What one SMTP conversation has seen: whether the client just ended a message's data. */
    private static final class Connection {
        private volatile boolean dataEnded;
        private final StringBuilder tail = new StringBuilder();
    }

    private static void pump(Socket from, Socket to, Connection connection, boolean clientToServer) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (clientToServer) {
                    synchronized (connection.tail) {
                        connection.tail.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        if (connection.tail.length() > 16) {
                            connection.tail.delete(0, connection.tail.length() - 16);
                        }
                        if (connection.tail.toString().endsWith("\r\n.\r\n")) {
                            connection.dataEnded = true;
                        }
                    }
                } else if (connection.dataEnded) {
                    connection.dataEnded = false;
                    long delay = Long.getLong(DELAY, 0L);
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed the conversation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

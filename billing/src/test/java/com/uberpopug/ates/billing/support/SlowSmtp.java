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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of GreenMail's SMTP port that makes the mail server misbehave the way real ones do: it can
 * hold back the server's answer to the end of a message ("250 OK, queued") for a while, so the mail is delivered
 * while the sender still waits, or stop listening, so that every connection is refused, as a server that is down
 * (the port is kept and listened on again when it is back). Started by
 * {@link BillingThroughSlowSmtp} for the one test class that names it; no other test's mail goes through it. What
 * it does is kept in system properties, so the test sets it from whichever class loader it runs in.
 */
public final class SlowSmtp implements AutoCloseable {

    private static final String DELAY = "ates.test.slow-smtp.delay-ms";
    private static final String DOWN = "ates.test.slow-smtp.down";
    private static final String END_OF_DATA = "\r\n.\r\n";

    private final int port;
    private final int target;
    private volatile ServerSocket server;
    private volatile boolean closed;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private SlowSmtp(ServerSocket server, int target) {
        this.server = server;
        this.port = server.getLocalPort();
        this.target = target;
    }

    /** A proxy on a free port forwarding to {@code target}, answering at once until told otherwise. */
    public static SlowSmtp start(int target) {
        answerAtOnce();
        up();
        try {
            SlowSmtp proxy = new SlowSmtp(listen(0), target);
            Thread acceptor = new Thread(proxy::accept, "slow-smtp");
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        socket.setSoTimeout(100); // to look at the switch between accepts
        return socket;
    }

    /** From now on the answer to each message's end of data waits {@code delay}. */
    public static void delayAcceptance(Duration delay) {
        System.setProperty(DELAY, Long.toString(delay.toMillis()));
    }

    public static void answerAtOnce() {
        System.clearProperty(DELAY);
    }

    /** From now on nothing listens on the proxy's port: every connection is refused, SMTP is down. */
    public static void down() {
        System.setProperty(DOWN, "true");
    }

    public static void up() {
        System.clearProperty(DOWN);
    }

    @Override
    public void close() {
        closed = true;
        answerAtOnce();
        up();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(SlowSmtp::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                if (Boolean.getBoolean(DOWN)) {
                    // the mailer's pooled connections go down with the server
                    server.close();
                    open.forEach(SlowSmtp::closeQuietly);
                    Thread.sleep(50);
                    continue;
                }
                if (server.isClosed()) {
                    server = listen(port);
                }
                client = server.accept();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                continue; // no connection within the accept timeout, or the port not free yet: look again
            }
            Socket upstream;
            try {
                upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            } catch (IOException refused) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            Conversation conversation = new Conversation();
            pump(() -> forward(client, upstream, conversation, true));
            pump(() -> forward(upstream, client, conversation, false));
        }
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void pump(Runnable pump) {
        Thread thread = new Thread(pump, "slow-smtp-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** One SMTP conversation: how many messages the client has ended and how many the server has answered. */
    private static final class Conversation {
        private final StringBuilder tail = new StringBuilder();
        private volatile int ended;
        private int answered;
    }

    private void forward(Socket from, Socket to, Conversation conversation, boolean fromClient) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (fromClient) {
                    conversation.tail.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    int at;
                    while ((at = conversation.tail.indexOf(END_OF_DATA)) >= 0) {
                        conversation.ended++;
                        conversation.tail.delete(0, at + END_OF_DATA.length());
                    }
                    if (conversation.tail.length() > 8) {
                        conversation.tail.delete(0, conversation.tail.length() - 8);
                    }
                } else if (conversation.answered < conversation.ended) {
                    // this answer is the server's word on a message it already holds
                    conversation.answered = conversation.ended;
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
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}

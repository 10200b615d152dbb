package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run: {@code start [--clean] [--detach]}, {@code stop}, {@code status}.
 * In the foreground, Ctrl-C stops everything it started; {@code stop} does the same from another terminal.
 */
public final class Devstack {

    private Devstack() {}

    public static void main(String[] args) {
        Path root =
                Path.of(System.getProperty("ates.root", ".")).toAbsolutePath().normalize();
        List<String> arguments = List.of(args);
        String command = arguments.isEmpty() ? "start" : arguments.get(0);
        PrintStream out = System.out;
        Stack stack = Stack.local(root);
        try {
            switch (command) {
                case "start" -> start(stack, out, arguments.contains("--clean"), arguments.contains("--detach"));
                case "stop" -> stop(stack, out);
                case "status" -> status(stack, out);
                default -> {
                    System.err.println("usage: ates start [--clean] [--detach] | stop | status");
                    System.exit(2);
                }
            }
        } catch (ComponentFailure failure) {
            System.err.println();
            System.err.println("aTES did not start: " + failure.getMessage());
            System.exit(1);
        }
    }

    private static void start(Stack stack, PrintStream out, boolean clean, boolean detach) {
        Map<String, Long> running = stack.running();
        if (!running.isEmpty()) {
            throw new ComponentFailure(
                    "the stack", null, "is already running (" + running.keySet() + "); ./ates stop first");
        }
        if (clean) {
            Path outside = stack.postgres().outsideFolder();
            out.println(
                    "Starting afresh: deleting " + stack.dataDir() + (Files.exists(outside) ? " and " + outside : ""));
            stack.deleteData();
        }
        Instant begin = Instant.now();
        out.println("Starting aTES (data in " + stack.dataDir() + ", logs in " + stack.logsDir() + ")");
        if (stack.postgres().relocated()) {
            out.println("PostgreSQL data: " + stack.postgres().dataDir() + " (the clone's folder is closed to the OS"
                    + " user 'postgres' PostgreSQL runs as; ./ates start --clean deletes it too)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    out.println();
                    out.println("Stopping aTES ...");
                    stack.stop(out);
                    deleteQuietly(stack.runDir().resolve("launcher.pid"));
                    out.println("Stopped.");
                    stopped.countDown();
                },
                "ates-stop");
        if (!detach) {
            writePid(stack.runDir().resolve("launcher.pid"));
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            stack.start(out);
        } catch (ComponentFailure failure) {
            if (!detach) {
                Runtime.getRuntime().removeShutdownHook(hook);
                deleteQuietly(stack.runDir().resolve("launcher.pid"));
            }
            throw failure;
        }
        out.println();
        out.println("aTES is up in " + Stack.seconds(begin) + ".");
        out.println(Summary.of(stack));
        if (detach) {
            out.println("Running in the background: ./ates stop stops it, ./ates status shows it.");
            return;
        }
        out.println("Press Ctrl-C to stop everything (or run ./ates stop in another terminal).");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Stack stack, PrintStream out) {
        out.println("Stopping aTES ...");
        int stopped = stack.stopByPidFiles(out);
        out.println(stopped == 0 ? "Nothing was running." : "Stopped.");
    }

    private static void status(Stack stack, PrintStream out) {
        Map<String, Long> running = stack.running();
        if (running.isEmpty()) {
            out.println("aTES is not running.");
            return;
        }
        running.forEach((name, pid) -> out.printf("  %-18s running, pid %d%n", name, pid));
        out.println(Summary.of(stack));
    }

    private static void writePid(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale pid file is checked against the live process before it is trusted
        }
    }
}

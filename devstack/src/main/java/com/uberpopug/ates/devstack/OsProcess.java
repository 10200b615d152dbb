package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A component's operating-system process: started in a session of its own (so that Ctrl-C reaches only the
 * launcher, which then stops everything in order), its output in a log file, its pid in a pid file.
 */
public final class OsProcess {

    private final String name;
    private final ProcessHandle handle;
    private final Path log;
    private final Path pidFile;

    private OsProcess(String name, ProcessHandle handle, Path log, Path pidFile) {
        this.name = name;
        this.handle = handle;
        this.log = log;
        this.pidFile = pidFile;
    }

    public static OsProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
            Path log, Path pidFile) {
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(command);
        ProcessBuilder builder = builder(full, env, log).directory(workDir.toFile());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- " + Instant.now() + " " + brief(command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = builder.start();
            if (pidFile != null) {
                Files.createDirectories(pidFile.getParent());
                Files.writeString(pidFile, Long.toString(process.pid()));
            }
            return new OsProcess(name, process.toHandle(), log, pidFile);
        } catch (IOException e) {
            throw new ComponentFailure(name, log, "could not be launched: " + e.getMessage());
        }
    }

    /** Runs a short command to its end; its output goes to the log, a non-zero exit is an error naming it. */
    public static void run(List<String> command, Path log) {
        run(command, log, Map.of(), Duration.ofMinutes(5));
    }

    public static void run(List<String> command, Path log, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = builder(command, env, log);
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process.toHandle(), Duration.ofSeconds(5));
                throw new IllegalStateException("'" + brief(command) + "' did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'" + brief(command) + "' failed with exit code "
                        + process.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Output and errors appended to the log, no input. */
    private static ProcessBuilder builder(List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return builder;
    }

    /** A command as a person wants to read it: long arguments (class paths) shortened. */
    static String brief(List<String> command) {
        return command.stream().map(a -> a.length() > 120 ? a.substring(0, 40) + "..." : a)
                .collect(java.util.stream.Collectors.joining(" "));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** The main process and everything it started (a shell's java, a runuser's postgres). */
    public boolean treeAlive() {
        return handle.isAlive() || handle.descendants().anyMatch(ProcessHandle::isAlive);
    }

    /** Sends a signal to the process and its direct children (a runuser's or a shell's server). */
    public void treeSignal(String signal) {
        signalWithChildren(handle, signal);
    }

    static void signalWithChildren(ProcessHandle process, String signal) {
        Stream.concat(Stream.of(process), process.children()).filter(ProcessHandle::isAlive).forEach(p -> {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is still there after the grace time. */
    public void stop(Duration grace) {
        killTree(handle, grace);
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale pid file is checked against the live process on the next stop
            }
        }
    }

    public static void killTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(grace);
        for (ProcessHandle process : tree) {
            Duration left = Duration.between(Instant.now(), deadline);
            try {
                process.onExit().get(Math.max(left.toMillis(), 1), TimeUnit.MILLISECONDS);
            } catch (Exception timedOut) {
                // forced below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        tree.forEach(process -> {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // a process that survives SIGKILL is beyond our reach
            }
        });
    }

    /** The live process a pid file names, if any. */
    public static Optional<ProcessHandle> fromPidFile(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

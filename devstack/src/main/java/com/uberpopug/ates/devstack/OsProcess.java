package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * <p>
 * Every process it starts carries {@code ATES_LOG=<its log file>} in its environment, and so does everything that
 * process starts in turn (a shell's java, PostgreSQL's backends): that mark finds a component's processes even
 * after their parent died and they were handed to init, which the parent-child tree alone cannot.
 */
public final class OsProcess {

    /** The environment variable that marks a process, and all it starts, as a component's: its log file. */
    public static final String MARK = "ATES_LOG";
    /** The command-line word of a throwaway folder's reaper, which {@link #mentioning} leaves alone. */
    public static final String REAPER = "ates-reaper";

    private static final byte[] REAPER_MARK = ("\0" + REAPER + "\0").getBytes(StandardCharsets.US_ASCII);
    private static final Path PROC = Path.of("/proc");

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

    public static OsProcess start(
            String name, List<String> command, Path workDir, Map<String, String> env, Path log, Path pidFile) {
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(command);
        ProcessBuilder builder = builder(full, env, log).directory(workDir.toFile());
        builder.environment().put(MARK, log.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "---- " + Instant.now() + " " + brief(command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
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
        builder.environment().put(MARK, log.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process.toHandle(), Duration.ofSeconds(5));
                throw new IllegalStateException("'" + brief(command) + "' did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "'" + brief(command) + "' failed with exit code " + process.exitValue());
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
        return command.stream()
                .map(a -> a.length() > 120 ? a.substring(0, 40) + "..." : a)
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
        Stream.concat(Stream.of(process), process.children())
                .filter(ProcessHandle::isAlive)
                .forEach(p -> {
                    try {
                        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                                .start()
                                .waitFor(5, TimeUnit.SECONDS);
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
        killMarked(handle, log);
        deletePidFile();
    }

    /**
     * Kills the process and everything it started at once (SIGKILL: no shutdown, as a crash would), its orphans
     * included, and returns when none of them is left.
     */
    public void kill() {
        killMarked(handle, log);
        deletePidFile();
    }

    /** SIGKILL to the tree under the root and to every process marked with the log, until none is left. */
    static void killMarked(ProcessHandle root, Path log) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<ProcessHandle> left = new ArrayList<>();
            if (root != null) {
                Stream.concat(Stream.of(root), root.descendants())
                        .filter(OsProcess::alive)
                        .forEach(left::add);
            }
            if (log != null) {
                left.addAll(marked(log));
            }
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("processes "
                        + left.stream().map(ProcessHandle::pid).toList() + " of " + log + " survive SIGKILL");
            }
            // children before parents: a parent that is still alive reaps its child at once; an orphan's zombie
            // waits for init, and until then a zombie postmaster's pid makes the next start refuse its data folder
            left.stream()
                    .distinct()
                    .sorted(Comparator.comparingInt(OsProcess::depth).reversed())
                    .forEach(ProcessHandle::destroyForcibly);
            long reaped = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (ProcessHandle process : left) {
                while (Files.exists(PROC.resolve(Long.toString(process.pid()))) && System.nanoTime() < reaped) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static int depth(ProcessHandle process) {
        int depth = 0;
        for (var p = process.parent(); p.isPresent() && depth < 64; p = p.get().parent()) {
            depth++;
        }
        return depth;
    }

    /** The live processes that carry the mark of this log file in their environment. */
    public static List<ProcessHandle> marked(Path log) {
        return mentioning(MARK + "=" + log.toAbsolutePath() + "\0");
    }

    /**
     * The live processes whose command line or environment holds the text (a data folder, a log file's mark),
     * wherever they hang in the process tree now; not this JVM, not a folder's reaper. Empty without /proc.
     */
    public static List<ProcessHandle> mentioning(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .filter(pid -> pid != self)
                    .forEach(pid -> {
                        byte[] cmdline = read(PROC.resolve(pid + "/cmdline"));
                        if (cmdline.length == 0 || indexOf(cmdline, REAPER_MARK) >= 0) {
                            return; // a zombie (nothing left to kill) or a reaper (it goes when its work is done)
                        }
                        if (indexOf(cmdline, needle) >= 0
                                || indexOf(read(PROC.resolve(pid + "/environ")), needle) >= 0) {
                            ProcessHandle.of(pid).filter(OsProcess::alive).ifPresent(found::add);
                        }
                    });
        } catch (IOException | UncheckedIOException noProc) {
            return List.of();
        }
        return found;
    }

    /** Alive and not a zombie (a killed orphan waits as one until init reaps it; it holds nothing). */
    static boolean alive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        byte[] stat = read(PROC.resolve(process.pid() + "/stat"));
        if (stat.length == 0) {
            return Files.isDirectory(PROC.resolve(Long.toString(process.pid()))) || !Files.isDirectory(PROC);
        }
        String text = new String(stat, StandardCharsets.ISO_8859_1);
        int end = text.lastIndexOf(')');
        return end < 0 || end + 2 >= text.length() || text.charAt(end + 2) != 'Z';
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException gone) {
            return new byte[0];
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void deletePidFile() {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale pid file is checked against the live process on the next stop
            }
        }
    }

    public static void killTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree =
                Stream.concat(Stream.of(root), root.descendants()).toList();
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

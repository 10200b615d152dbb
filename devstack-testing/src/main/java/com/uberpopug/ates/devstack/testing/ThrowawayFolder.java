package com.uberpopug.ates.devstack.testing;

import com.uberpopug.ates.devstack.OsProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The data folder of the components one test JVM starts, and the guarantee that none of them outlives that JVM.
 * <p>
 * The JVM stops its components when its tests end. When it cannot (Surefire halts a JVM whose shutdown hooks take
 * longer than its exit timeout, kills one that hits its test timeout; someone kills it), the folder's reaper does:
 * a small shell process in a session of its own, started with the folder, that waits for the JVM to be gone, then
 * SIGKILLs every process whose command line or environment mentions the folder and deletes the folder
 * ({@code -Dates.test.keep=true} keeps it). A folder whose JVM and reaper both died (a reboot, a killed reaper)
 * is swept by the next folder created on the machine. Each folder is also written down in
 * {@code target/ates-test-folders} of the module that ran the JVM, where the build's last check reads them.
 */
public final class ThrowawayFolder {

    /** Where the build writes its folders down, relative to the module (the test JVM's working folder). */
    public static final String REGISTER = "target/ates-test-folders";

    private static final String OWNER = ".owner";

    private static final String REAPER = String.join(
            "\n",
            "owner=$1; start=$2; dir=$3; keep=$4",
            "alive() {",
            "  stat=$(cat /proc/$owner/stat 2>/dev/null) || return 1",
            "  set -- ${stat##*) }",
            "  [ \"$1\" != Z ] && [ \"${20}\" = \"$start\" ]",
            "}",
            "while alive; do sleep 1; done",
            // one grep over all of /proc: a grep per process takes many seconds on a busy machine
            "for round in 1 2 3 4 5; do",
            "  pids=$(grep -lsF -- \"$dir\" /proc/[0-9]*/cmdline /proc/[0-9]*/environ"
                    + " | sed 's#^/proc/\\([0-9]*\\)/.*#\\1#' | sort -u | grep -vx \"$$\")",
            // the grep itself matched (its arguments hold the folder) and is gone: only the living count
            "  live=; for pid in $pids; do [ -e /proc/$pid/cmdline ] && live=\"$live $pid\"; done",
            "  [ -n \"$live\" ] || break",
            "  kill -9 $live 2>/dev/null",
            "  sleep 1",
            "done",
            "[ \"$keep\" = true ] || rm -rf -- \"$dir\"",
            "");

    private ThrowawayFolder() {}

    /**
     * A new folder under the temporary folder, readable by the unprivileged user PostgreSQL runs as when the tests
     * run as root, watched by its reaper. Stale folders of dead JVMs are swept first.
     */
    public static Path create(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        sweepStale(tmp);
        try {
            Path dir = Files.createTempDirectory(
                    tmp, prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Optional<String> start = startTicks(ProcessHandle.current().pid());
            Files.writeString(dir.resolve(OWNER), ProcessHandle.current().pid() + " " + start.orElse("?"));
            register(dir);
            start.ifPresent(ticks -> startReaper(dir, ticks));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every process that still mentions the folder and deletes it, unless -Dates.test.keep=true. */
    public static void release(Path dir) {
        killAll(dir);
        if (!Boolean.getBoolean("ates.test.keep")) {
            OsProcess.deleteRecursively(dir);
        }
    }

    /** The live processes whose command line or environment mentions the folder (its reaper aside). */
    public static List<ProcessHandle> processesOf(Path dir) {
        return OsProcess.mentioning(dir.toAbsolutePath().toString() + "/");
    }

    static void killAll(Path dir) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<ProcessHandle> left = processesOf(dir);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left.forEach(ProcessHandle::destroyForcibly);
            left.forEach(p -> p.onExit()
                    .orTimeout(1, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> p)
                    .join());
            left = processesOf(dir);
        }
    }

    private static void startReaper(Path dir, String startTicks) {
        try {
            new ProcessBuilder(
                            "setsid",
                            "sh",
                            "-c",
                            REAPER,
                            OsProcess.REAPER,
                            Long.toString(ProcessHandle.current().pid()),
                            startTicks,
                            dir.toAbsolutePath() + "/",
                            Boolean.toString(Boolean.getBoolean("ates.test.keep")))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the reaper of " + dir, e);
        }
    }

    /** Folders whose owner JVM is gone (a pid that is dead or now another process): their processes and them. */
    private static void sweepStale(Path tmp) {
        try (Stream<Path> entries = Files.list(tmp)) {
            entries.filter(p -> p.getFileName().toString().startsWith("ates-"))
                    .filter(p -> Files.isRegularFile(p.resolve(OWNER)))
                    .filter(ThrowawayFolder::ownerGone)
                    .forEach(stale -> {
                        killAll(stale);
                        try {
                            OsProcess.deleteRecursively(stale);
                        } catch (UncheckedIOException raced) {
                            // its reaper is deleting it at the same moment
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // an unreadable temporary folder: nothing to sweep here
        }
    }

    private static boolean ownerGone(Path dir) {
        try {
            String[] owner = Files.readString(dir.resolve(OWNER)).trim().split(" ");
            return startTicks(Long.parseLong(owner[0]))
                    .map(ticks -> !ticks.equals(owner[1]))
                    .orElse(true);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The start time of a process in clock ticks since boot (/proc/pid/stat, field 22): with the pid, its identity. */
    private static Optional<String> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[0].equals("Z") ? Optional.empty() : Optional.of(fields[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void register(Path dir) {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        if (!Files.isDirectory(target)) {
            return;
        }
        try {
            Files.writeString(
                    target.resolve("ates-test-folders"),
                    dir.toAbsolutePath() + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every folder written down under a project's modules (root/&lt;module&gt;/target/ates-test-folders). */
    public static List<Path> registered(Path root) {
        try (Stream<Path> modules = Files.list(root)) {
            return modules.map(m -> m.resolve(REGISTER))
                    .filter(Files::isRegularFile)
                    .flatMap(file -> {
                        try {
                            return Files.readAllLines(file).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(line -> !line.isBlank())
                    .map(Path::of)
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.uberpopug.ates.images;

import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.devstack.OsProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Docker daemon of this test's own: Debian's dockerd started by hand (there is no systemd and no engine running),
 * with its own socket, exec root and pid file, and a data root kept between runs (so that the base image is made
 * once). No bridge and no iptables rules: containers run on the host's network, so nothing on the host changes.
 * Stopped by its pid; {@link #close()} checks that none of its processes (containerd, shims) is left.
 */
final class PrivateDocker implements AutoCloseable {

    private final Path dataRoot;
    private final Path runDir;
    private final Path log;
    private final String docker;
    private final FileLock lock;
    private final FileChannel lockChannel;
    private ProcessHandle daemon;

    private PrivateDocker(Path dataRoot, Path runDir, Path log, String docker, FileChannel lockChannel, FileLock lock) {
        this.dataRoot = dataRoot;
        this.runDir = runDir;
        this.log = log;
        this.docker = docker;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Why no private daemon can run here, or empty when one can. */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("dockerd runs only as root and this build runs as " + System.getProperty("user.name")
                    + " (a root machine with Debian's docker.io runs this test; .ci/run installs it)");
        }
        if (executable("dockerd").isEmpty() || executable("docker").isEmpty()) {
            return Optional.of("no dockerd/docker on the PATH (apt-get install docker.io; .ci/run installs it)");
        }
        return Optional.empty();
    }

    static Optional<Path> executable(String name) {
        // dockerd and debootstrap live in /usr/sbin, which a non-login PATH may lack
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts the daemon, its data under {@code dataRoot} (locked against a second run on the same machine, which
     * waits), its socket and runtime state under a fresh folder in /tmp, its log at {@code log}.
     */
    static PrivateDocker start(Path dataRoot, Path log) throws IOException {
        Files.createDirectories(dataRoot);
        FileChannel channel = FileChannel.open(
                dataRoot.resolveSibling(dataRoot.getFileName() + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        // short: the daemon's and containerd's unix sockets live here
        Path runDir = Files.createTempDirectory(Path.of("/tmp"), "ates-docker-");
        String docker = executable("docker").orElseThrow().toString();
        PrivateDocker instance = new PrivateDocker(dataRoot, runDir, log, docker, channel, lock);
        instance.startDaemon();
        return instance;
    }

    private void startDaemon() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = List.of(
                "setsid",
                executable("dockerd").orElseThrow().toString(),
                "--data-root",
                dataRoot.toString(),
                "--exec-root",
                runDir.resolve("exec").toString(),
                "-H",
                host(),
                "--pidfile",
                runDir.resolve("dockerd.pid").toString(),
                "--storage-driver",
                "overlay2",
                "--exec-opt",
                "native.cgroupdriver=cgroupfs",
                "--bridge",
                "none",
                "--iptables=false",
                "--ip-masq=false");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        daemon = process.toHandle();
        await("the private dockerd answers on " + host() + " (log: " + log + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .failFast("dockerd exited; its log " + log + " says why", () -> !daemon.isAlive())
                .until(() -> tryRun(List.of("version", "--format", "{{.Server.Version}}"))
                        .isPresent());
    }

    String host() {
        return "unix://" + runDir.resolve("docker.sock");
    }

    Path runDirectory() {
        return runDir;
    }

    String dockerExecutable() {
        return docker;
    }

    /** The client's environment: this daemon, and no configuration of the user's. */
    Map<String, String> clientEnvironment() {
        return Map.of(
                "DOCKER_HOST", host(), "DOCKER_CONFIG", runDir.resolve("client").toString());
    }

    /** Runs the client to its end; its output, or an error with that output. */
    String run(List<String> args) {
        return run(args, Duration.ofMinutes(5), null);
    }

    String run(List<String> args, Duration timeout, Path stdin) {
        Result result = exec(args, timeout, stdin);
        if (result.exit() != 0) {
            throw new IllegalStateException(
                    "docker " + String.join(" ", args) + " failed (" + result.exit() + "): " + result.output());
        }
        return result.output().strip();
    }

    Optional<String> tryRun(List<String> args) {
        Result result = exec(args, Duration.ofSeconds(30), null);
        return result.exit() == 0 ? Optional.of(result.output().strip()) : Optional.empty();
    }

    boolean imageExists(String image) {
        return tryRun(List.of("image", "inspect", "--format", "{{.Id}}", image)).isPresent();
    }

    private record Result(int exit, String output) {}

    private Result exec(List<String> args, Duration timeout, Path stdin) {
        List<String> command = new ArrayList<>();
        command.add(docker);
        command.addAll(args);
        try {
            Path out = Files.createTempFile(runDir, "docker-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(
                            stdin == null
                                    ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            builder.environment().putAll(clientEnvironment());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "docker " + String.join(" ", args) + " did not finish within " + timeout);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void unmountUnder(Path dir) {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ")[4])
                    .filter(point -> point.startsWith(dir + "/"))
                    .sorted(java.util.Comparator.reverseOrder())
                    .toList();
            for (String point : mounts) {
                new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The processes this daemon started that are still running: containerd, its shims, containers' processes. */
    List<ProcessHandle> leftovers() {
        String marker = runDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .toList();
    }

    /** Removes every container, stops the daemon by its pid (then its leftovers, if any), frees the data root. */
    @Override
    public void close() {
        try {
            if (daemon != null && daemon.isAlive()) {
                tryRun(List.of("ps", "-aq")).filter(ids -> !ids.isBlank()).ifPresent(ids -> {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(List.of(ids.split("\\s+")));
                    tryRun(rm);
                });
                // dockerd alone first: it stops its containerd itself
                daemon.destroy();
                try {
                    daemon.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception timedOut) {
                    OsProcess.killTree(daemon, Duration.ofSeconds(5));
                }
            }
            for (ProcessHandle left : leftovers()) {
                OsProcess.killTree(left, Duration.ofSeconds(5));
            }
            // dockerd leaves the host's network namespace bind-mounted in its exec root (exec/netns/default)
            unmountUnder(runDir);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                // the lock goes with the JVM anyway
            }
            OsProcess.deleteRecursively(runDir);
        }
    }
}

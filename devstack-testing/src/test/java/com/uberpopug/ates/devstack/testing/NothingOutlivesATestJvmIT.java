package com.uberpopug.ates.devstack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test JVM starts the per-JVM infrastructure (real PostgreSQL and Kafka), breaks and restarts components, and
 * ends, once normally and once halted as Surefire halts a JVM whose shutdown hooks outlast its exit timeout.
 * Afterwards no process of its folder is left and the folder is gone. Leftovers are looked for straight in /proc
 * (command line, environment, working folder), not through the code under test.
 */
class NothingOutlivesATestJvmIT {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Test
    void aTestJvmThatIsHaltedLeavesNoProcessAndNoFolderBehind() throws Exception {
        TestJvmRun run = runTestJvm("halt");

        awaitNothingLeftOf(run.dir());
    }

    @Test
    void componentsStartedTwiceOrKilledAndRestartedAreGoneWhenTheTestJvmExits() throws Exception {
        TestJvmRun run = runTestJvm("restart");

        assertThat(run.output())
                .anyMatch(line -> line.startsWith("a second start of postgresql: postgresql is " + "already running"))
                .anyMatch(line -> line.startsWith("a second start of kafka: kafka is already " + "running"));
        awaitNothingLeftOf(run.dir());
    }

    private static void awaitNothingLeftOf(Path dir) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(processesMentioning(dir))
                    .as("processes still running from %s", dir)
                    .isEmpty();
            assertThat(dir).as("the test JVM's folder").doesNotExist();
        });
    }

    private record TestJvmRun(Path dir, List<String> output) {}

    /** Runs {@link TestJvm} with the scenario, returns the folder it reported and its output once it has ended. */
    private static TestJvmRun runTestJvm(String scenario) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process jvm = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        classpath,
                        TestJvm.class.getName(),
                        scenario)
                .directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true)
                .start();
        Path dir = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith(TestJvm.FOLDER)) {
                    dir = Path.of(line.substring(TestJvm.FOLDER.length()));
                }
            }
        }
        assertThat(jvm.waitFor(5, TimeUnit.MINUTES)).as("the test JVM ended").isTrue();
        assertThat(output).as("the test JVM's output").contains(TestJvm.DONE);
        assertThat(dir).as("the folder the test JVM reported").isNotNull();
        return new TestJvmRun(dir, output);
    }

    /** Live processes whose command line, environment or working folder mention the folder. */
    static List<String> processesMentioning(Path dir) throws IOException {
        byte[] needle = dir.toString().getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path proc : entries.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                if (Long.parseLong(proc.getFileName().toString()) == self) {
                    continue;
                }
                byte[] cmdline = readQuietly(proc.resolve("cmdline"));
                if (cmdline.length == 0) {
                    continue; // a zombie or a process that just ended
                }
                String cwd;
                try {
                    cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
                } catch (IOException | UncheckedIOException | SecurityException e) {
                    cwd = "";
                }
                if (contains(cmdline, needle)
                        || contains(readQuietly(proc.resolve("environ")), needle)
                        || cwd.startsWith(dir.toString())) {
                    found.add(
                            proc.getFileName() + " " + new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
                }
            }
        }
        return found;
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return new byte[0];
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

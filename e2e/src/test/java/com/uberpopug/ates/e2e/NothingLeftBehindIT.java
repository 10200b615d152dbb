package com.uberpopug.ates.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uberpopug.ates.devstack.testing.ThrowawayFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The build's last look, in a JVM of its own after every other test JVM of the build has ended (its own Failsafe
 * execution, see the pom): every folder a test JVM of this project started components in
 * ({@code <module>/target/ates-test-folders}) is gone, and no process mentions one any more, components that
 * tests killed and restarted included.
 */
@Tag("leftovers")
class NothingLeftBehindIT {

    /** A JVM that was halted leaves the work to its folder's reaper, which looks every second. */
    private static final Duration REAPER = Duration.ofSeconds(20);

    @Test
    void noTestJvmOfTheBuildLeftAProcessOrAFolderBehind() {
        Path root =
                Path.of(System.getProperty("ates.root", "..")).toAbsolutePath().normalize();
        List<Path> folders = ThrowawayFolder.registered(root);
        assertThat(folders)
                .as("folders written down by this project's test JVMs under %s", root)
                .isNotEmpty();

        await().atMost(REAPER).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<Path, List<String>> left = new LinkedHashMap<>();
            for (Path folder : folders) {
                List<String> processes = ThrowawayFolder.processesOf(folder).stream()
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                        .toList();
                if (!processes.isEmpty() || Files.exists(folder)) {
                    left.put(folder, processes);
                }
            }
            assertThat(left)
                    .as("folders still there or still used, with the processes that use them")
                    .isEmpty();
        });
    }
}

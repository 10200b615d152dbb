package com.uberpopug.ates.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTest {

    @TempDir
    Path dir;

    @Test
    void aTakenPortIsReportedByNameBeforeAnythingStarts() throws IOException {
        Stack.Ports free = Stack.Ports.free();
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();
            Stack.Ports ports = new Stack.Ports(
                    free.postgres(),
                    taken,
                    free.kafkaController(),
                    free.keycloak(),
                    free.keycloakManagement(),
                    free.smtp(),
                    free.imap(),
                    free.mailApi(),
                    free.tasks(),
                    free.billing(),
                    free.analytics(),
                    free.debeziumTasks(),
                    free.debeziumBilling(),
                    free.debeziumKeycloak(),
                    free.zipkin());
            Stack stack = new Stack(dir, dir.resolve("data"), ports, false);

            assertThatThrownBy(() -> stack.start(System.out))
                    .isInstanceOf(ComponentFailure.class)
                    .hasMessageContaining("port " + taken + " (Kafka) is already taken");
            assertThat(stack.running()).isEmpty();
            assertThat(dir.resolve("data")).doesNotExist();
        }
    }

    @Test
    void everyServiceSendsItsSpansToTheStacksZipkinWhichStartsBeforeThem() {
        Stack.Ports ports = Stack.Ports.free();
        Stack stack = new Stack(dir, dir.resolve("data"), ports, false);

        for (String service : Stack.SERVICES) {
            assertThat(stack.service(service).environment())
                    .containsEntry("ATES_TRACING_EXPORTER", "zipkin")
                    .containsEntry(
                            "ATES_TRACING_ZIPKIN_ENDPOINT", "http://localhost:" + ports.zipkin() + "/api/v2/spans");
        }
        List<String> order = stack.components().stream().map(Component::name).toList();
        assertThat(order.indexOf("zipkin")).isGreaterThanOrEqualTo(0).isLessThan(order.indexOf("tasks"));
        assertThat(stack.zipkin().ports()).containsValue(ports.zipkin());
        assertThat(Summary.of(stack)).contains("http://localhost:" + ports.zipkin() + "/zipkin/");
    }

    @Test
    void theDefaultPortsAreDistinct() {
        Stack.Ports ports = Stack.Ports.defaults();
        assertThat(all(ports)).doesNotHaveDuplicates();
    }

    private static List<Integer> all(Stack.Ports ports) {
        return List.of(
                ports.postgres(),
                ports.kafka(),
                ports.kafkaController(),
                ports.keycloak(),
                ports.keycloakManagement(),
                ports.smtp(),
                ports.imap(),
                ports.mailApi(),
                ports.tasks(),
                ports.billing(),
                ports.analytics(),
                ports.debeziumTasks(),
                ports.debeziumBilling(),
                ports.debeziumKeycloak(),
                ports.zipkin());
    }

    @Test
    void freePortsAreDistinct() {
        Stack.Ports ports = Stack.Ports.free();
        assertThat(all(ports)).doesNotHaveDuplicates().allMatch(p -> p > 0);
    }

    @Test
    void aComponentThatDiesWhileStartingIsNamedWithTheEndOfItsLog() {
        Path log = dir.resolve("logs/broken.log");
        OsProcess process = OsProcess.start(
                "broken",
                List.of("sh", "-c", "echo 'cannot bind: boom'; exit 3"),
                dir,
                Map.of(),
                log,
                dir.resolve("run/broken.pid"));

        assertThatThrownBy(() -> Readiness.await(process, Duration.ofSeconds(30), "never", () -> false))
                .isInstanceOf(ComponentFailure.class)
                .hasMessageContaining("broken exited while starting")
                .hasMessageContaining("cannot bind: boom")
                .hasMessageContaining(log.toString());
    }

    @Test
    void aComponentThatIsNeverReadyFailsAtItsDeadlineAndIsStoppedWithItsChildren() throws Exception {
        Path log = dir.resolve("logs/slow.log");
        OsProcess process = OsProcess.start(
                "slow", List.of("sh", "-c", "sleep 300 & wait"), dir, Map.of(), log, dir.resolve("run/slow.pid"));
        Readiness.await(
                process,
                Duration.ofSeconds(10),
                "its child",
                () -> process.treeAlive()
                        && ProcessHandle.of(process.pid())
                                .orElseThrow()
                                .children()
                                .findAny()
                                .isPresent());
        List<ProcessHandle> tree =
                ProcessHandle.of(process.pid()).orElseThrow().descendants().toList();

        assertThatThrownBy(() ->
                        Readiness.await(process, Duration.ofMillis(500), "a condition that never holds", () -> false))
                .hasMessageContaining("slow was not ready within 0 s");
        process.stop(Duration.ofSeconds(5));

        assertThat(process.treeAlive()).isFalse();
        assertThat(tree).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(dir.resolve("run/slow.pid"))).isFalse();
    }
}

package com.uberpopug.ates.devstack.testing;

import com.uberpopug.ates.devstack.Component;
import java.util.List;

/**
 * A test JVM of {@link NothingOutlivesATestJvmIT}: starts the per-JVM infrastructure, reports its folder, plays a
 * scenario, and ends: "halt" ends it as Surefire does when its exit timeout elapses (no shutdown hook finishes),
 * "restart" starts PostgreSQL and Kafka a second time (as a test that makes sure they run might), kills
 * them (SIGKILL, as a crash) and starts them again, then exits normally.
 */
public final class TestJvm {

    static final String FOLDER = "folder: ";
    static final String DONE = "scenario played";

    private TestJvm() {}

    public static void main(String[] args) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        System.out.println(FOLDER + infrastructure.dir());
        switch (args[0]) {
            case "halt" -> {
                System.out.println(DONE);
                System.out.flush();
                Runtime.getRuntime().halt(1);
            }
            case "restart" -> {
                for (Component component : List.of(infrastructure.postgres(), infrastructure.kafka())) {
                    try {
                        component.start();
                    } catch (RuntimeException refused) {
                        System.out.println("a second start of " + component.name() + ": " + refused.getMessage());
                    }
                    component.kill();
                    component.start();
                }
                System.out.println(DONE);
                System.exit(0);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}

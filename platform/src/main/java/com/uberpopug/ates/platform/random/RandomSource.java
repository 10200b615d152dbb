package com.uberpopug.ates.platform.random;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The randomness every service draws from (who gets a task, a task's price), as an injectable
 * {@link RandomGenerator}: a test replaces the bean to pin a draw. Normal-scoped, so that
 * {@code QuarkusMock.installMockForType} can swap it.
 */
@ApplicationScoped
public class RandomSource {

    @Produces
    @DefaultBean
    @ApplicationScoped
    RandomGenerator random() {
        return new PerThread();
    }

    /** Each thread's own {@link ThreadLocalRandom}: safe for concurrent requests without contention. */
    static final class PerThread implements RandomGenerator {

        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public int nextInt(int bound) {
            return ThreadLocalRandom.current().nextInt(bound);
        }
    }
}

package com.uberpopug.ates.tasks.task;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** The randomness of assignment; tests replace the bean to pin who gets a task. */
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

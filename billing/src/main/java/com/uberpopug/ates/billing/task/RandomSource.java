package com.uberpopug.ates.billing.task;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** The randomness prices are drawn from; a test replaces it with a seeded one. */
@ApplicationScoped
public class RandomSource {

    /** ThreadLocalRandom's instance is shared safely: each thread draws from its own state. */
    @Produces
    @DefaultBean
    @Singleton
    RandomGenerator random() {
        return ThreadLocalRandom.current();
    }
}

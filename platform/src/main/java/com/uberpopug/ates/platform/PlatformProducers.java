package com.uberpopug.ates.platform;

import com.uberpopug.ates.events.EventValidator;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The shared pieces a service may replace: the clock (tests fix it) and the one validator of the contracts. */
@ApplicationScoped
public class PlatformProducers {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Loads every schema once; thread-safe. */
    @Produces
    @Singleton
    EventValidator eventValidator() {
        return new EventValidator();
    }
}

package com.uberpopug.ates.devstack;

import java.nio.file.Path;
import java.util.Map;

/** One process of the local stack: started and waited for until ready, stopped by pid. */
public interface Component {

    String name();

    /** The ports it listens on, by what they are for; checked free before anything starts. */
    Map<String, Integer> ports();

    Path log();

    /** Starts the component and returns once it is ready; throws {@link ComponentFailure} otherwise. */
    void start();

    void stop();
}

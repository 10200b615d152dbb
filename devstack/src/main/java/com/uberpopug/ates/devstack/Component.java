package com.uberpopug.ates.devstack;

import java.nio.file.Path;
import java.util.Map;

/** One process of the local stack: started and waited for until ready, stopped, or killed as by a crash. */
public interface Component {

    String name();

    /** The ports it listens on, by what they are for; checked free before anything starts. */
    Map<String, Integer> ports();

    Path log();

    /**
     * Starts the component and returns once it is ready; throws {@link ComponentFailure} otherwise, and then leaves
     * nothing of it running. Starting a component that runs is a mistake: it throws {@link IllegalStateException}.
     */
    void start();

    /** Stops it gracefully, then kills whatever of it is left; nothing of it runs afterwards. */
    void stop();

    /** Kills it at once (SIGKILL to all its processes: no shutdown, no last flush), as a crash would. */
    void kill();

    /** True while any process of it lives, the one started last or one left from before. */
    boolean isRunning();
}

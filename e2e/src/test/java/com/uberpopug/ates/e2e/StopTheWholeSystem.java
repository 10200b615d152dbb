package com.uberpopug.ates.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the whole system when the JUnit session ends, while the test JVM still runs: a shutdown hook alone would
 * race Surefire, which halts a JVM whose hooks take longer than its exit timeout (the stack's ordered stop can).
 */
public class StopTheWholeSystem implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        WholeSystem.stopIfStarted();
    }
}

package com.uberpopug.ates.devstack;

import java.nio.file.Path;

/** The JDK the launcher runs on (21+, picked by ./mvnw): every Java component runs on it too. */
final class Java {

    private Java() {}

    static String home() {
        return System.getProperty("java.home");
    }

    static String executable() {
        return Path.of(home(), "bin", "java").toString();
    }
}

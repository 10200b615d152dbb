package com.uberpopug.ates.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The aTES repository these tests check: where the chart, the manifests and the workflows are, and the versions the build names. */
final class Repository {

    static final Path ROOT =
            Path.of(System.getProperty("ates.root", "..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/ates");
    static final Path K8S = ROOT.resolve("k8s");
    static final Path WORKFLOWS = ROOT.resolve(".github/workflows");
    static final String[] SERVICES = {"tasks", "billing", "analytics"};

    /** With -Dates.deploy.sync=true the tests that compare a generated file write it instead, then pass. */
    static final boolean SYNC = Boolean.getBoolean("ates.deploy.sync");

    static final String SYNC_HINT =
            "regenerate with: ./mvnw -B -pl deploy verify -Dates.deploy.sync=true -Dtest=GeneratedFilesTest";

    private Repository() {}

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String version(String name) {
        String value = System.getProperty("ates." + name + ".version");
        if (value == null) {
            throw new IllegalStateException("ates." + name + ".version is not set: run the tests through Maven");
        }
        return value;
    }

    /** A service's src/main/resources/application.properties. */
    static Properties serviceProperties(String service) {
        Properties properties = new Properties();
        try (var reader =
                Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}

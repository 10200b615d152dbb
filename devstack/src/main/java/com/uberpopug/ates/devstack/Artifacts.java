package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The components' distributions as the build fetched them, and the cache they are unpacked into once.
 */
public final class Artifacts {

    private static final Properties PROPERTIES = load("/devstack/artifacts.properties");

    private Artifacts() {}

    public static String get(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("The build did not record '" + key
                    + "' in devstack/artifacts.properties: rebuild with ./mvnw -pl devstack -am package");
        }
        return value;
    }

    public static Path path(String key) {
        Path path = Path.of(get(key));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " (" + key + ") is missing from the local Maven repository: "
                    + "rebuild with ./mvnw -pl devstack -am package to fetch it");
        }
        return path;
    }

    /** The Kafka broker's classpath: the jars the build resolved for it. */
    public static String kafkaClasspath() {
        return resourceText("/devstack/kafka.classpath") + ":" + resourceText("/devstack/kafka-clients.classpath");
    }

    /**
     * What goes into Keycloak's providers/: the jars the keycloak module builds into its target/providers (the
     * account event listener with the schema validator, and the event contracts).
     */
    public static List<Path> keycloakProviders() {
        Path folder = Path.of(get("keycloak.providers")).normalize();
        List<Path> jars = List.of();
        if (Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException(
                    "No Keycloak provider jars in " + folder + ": build them with ./mvnw -pl keycloak -am package");
        }
        return jars;
    }

    private static String resourceText(String name) {
        try (InputStream in = Artifacts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing: rebuild the devstack module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where unpacked distributions live between runs: $ATES_CACHE, else $XDG_CACHE_HOME/ates, else ~/.cache/ates. */
    public static Path cacheDir() {
        String explicit = System.getenv("ATES_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ates");
    }

    /**
     * Unpacks a tar.gz once into the cache; concurrent callers (a local stack and a test run) wait for each other.
     * A folder is only ever seen complete: it is unpacked beside its final place and moved there.
     */
    public static Path unpackOnce(Path archive, String name, String topFolder, String... excludes) {
        Path cache = cacheDir();
        Path target = cache.resolve(name);
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(cache);
            try (FileChannel lock = FileChannel.open(
                            cache.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var ignored = lock.lock()) {
                if (Files.isDirectory(target)) {
                    return target;
                }
                Path scratch = Files.createTempDirectory(cache, name + ".unpacking-");
                List<String> command =
                        new java.util.ArrayList<>(List.of("tar", "-xzf", archive.toString(), "-C", scratch.toString()));
                Arrays.stream(excludes).forEach(e -> command.add("--exclude=" + e));
                OsProcess.run(command, scratch.resolve("tar.log"));
                Files.move(scratch.resolve(topFolder), target);
                OsProcess.deleteRecursively(scratch);
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + archive + " into " + target, e);
        }
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Artifacts.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}

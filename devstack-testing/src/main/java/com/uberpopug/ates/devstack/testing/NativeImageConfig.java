package com.uberpopug.ates.devstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.uberpopug.ates.events.EventEnvelope;
import com.uberpopug.ates.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What native-image would be told about a service, read from what Quarkus's native build writes before it calls
 * native-image (no GraalVM needed): {@code target/native-sources/} of a sources-only build, or
 * {@code target/<name>-native-image-source-jar/} of a real one. It merges, as native-image does, the configuration
 * Quarkus generated into the runner jar with the {@code META-INF/native-image/} configuration every jar on the
 * image's class path ships, less what {@code --exclude-config} in {@code native-image.args} leaves out. Both the
 * legacy files ({@code resource-config.json}, {@code reflect-config.json}) and {@code reachability-metadata.json}
 * are read.
 *
 * <p>{@link #missingForEvents()} derives from the event contracts what a service reads at run time and says what of
 * it native-image would not be handed.
 */
public final class NativeImageConfig {

    /** The bundle the JSON Schema validator words its reasons with ({@code ResourceBundle.getBundle}). */
    static final String VALIDATOR_MESSAGES = "jsv-messages";
    /** Looked up by name ({@code Class.forName}) by the validator to check {@code date-time} as on the JVM. */
    static final String VALIDATOR_DATE_TIME = "com.ethlo.time.ITU";
    /** The dialect the contracts are written in; its meta-schemas are loaded from the validator's jar. */
    static final String VALIDATOR_DIALECT = "draft/2020-12/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path sources;
    private final List<Pattern> resourceIncludes = new ArrayList<>();
    private final List<Pattern> resourceExcludes = new ArrayList<>();
    private final Set<String> bundles = new TreeSet<>();
    private final Map<String, Reflection> reflection = new LinkedHashMap<>();

    /** How a class is open to reflection, merged over every configuration that names it. */
    public record Reflection(boolean constructors, boolean methods, boolean fields) {
        Reflection or(Reflection other) {
            return new Reflection(constructors || other.constructors, methods || other.methods, fields || other.fields);
        }

        /** What Jackson needs to read and write a record or an enum: create it, call its accessors, see its fields. */
        public boolean enoughForJackson() {
            return constructors && methods && fields;
        }
    }

    private NativeImageConfig(Path sources) {
        this.sources = sources;
    }

    /** Reads the native sources under a module's build directory ({@code target}). */
    public static NativeImageConfig of(Path buildDirectory) {
        Path sources = locate(buildDirectory);
        NativeImageConfig config = new NativeImageConfig(sources);
        List<String[]> excluded = config.excludedConfig();
        try (Stream<Path> libs =
                Files.isDirectory(sources.resolve("lib")) ? Files.list(sources.resolve("lib")) : Stream.empty()) {
            List<Path> jars = new ArrayList<>();
            jars.add(runnerJar(sources));
            libs.filter(path -> path.toString().endsWith(".jar")).sorted().forEach(jars::add);
            for (Path jar : jars) {
                config.readJar(jar, excluded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** Where the native sources are: the folder holding the runner jar and native-image.args. */
    public Path sources() {
        return sources;
    }

    /** Whether native-image would put this classpath resource into the executable. */
    public boolean includesResource(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        return resourceIncludes.stream()
                        .anyMatch(pattern -> pattern.matcher(name).matches())
                && resourceExcludes.stream()
                        .noneMatch(pattern -> pattern.matcher(name).matches());
    }

    public boolean includesBundle(String bundle) {
        return bundles.contains(bundle);
    }

    /** How a class is registered for reflection; nothing open when it is not registered. */
    public Reflection reflection(String className) {
        return reflection.getOrDefault(className, new Reflection(false, false, false));
    }

    public boolean registers(String className) {
        return reflection.containsKey(className);
    }

    /**
     * What a service reads at run time for its events that native-image would not be handed, each with the reason;
     * empty when the native executable has all of it. Derived from the contracts, not listed: every file under
     * {@code schemas/} of the events jar, the envelope and every {@link EventType#dataType()} with the records and
     * enums they hold, and the validator's own meta-schemas, messages and by-name lookup.
     */
    public List<String> missingForEvents() {
        List<String> missing = new ArrayList<>();
        for (String resource : resourcesUnder(EventType.class, "schemas/")) {
            if (!includesResource(resource)) {
                missing.add("resource " + resource + " (EventValidator loads it) is not in the native image");
            }
        }
        for (String resource : resourcesUnder(com.networknt.schema.SchemaRegistry.class, VALIDATOR_DIALECT)) {
            if (!includesResource(resource)) {
                missing.add("resource " + resource + " (the validator's meta-schema) is not in the native image");
            }
        }
        if (!includesBundle(VALIDATOR_MESSAGES)) {
            missing.add("resource bundle " + VALIDATOR_MESSAGES + " (the validator's messages) is not registered");
        }
        if (!registers(VALIDATOR_DATE_TIME)) {
            missing.add("class " + VALIDATOR_DATE_TIME + " (the validator looks it up by name) is not registered");
        }
        for (Class<?> type : eventJsonTypes()) {
            Reflection registered = reflection(type.getName());
            if (!registered.enoughForJackson()) {
                missing.add("class " + type.getName() + " (EventJson reads and writes it) is registered for "
                        + "reflection as " + registered + ", short of constructors, methods and fields");
            }
        }
        return missing;
    }

    /** The classes EventJson's mapper binds by reflection: the envelope, every event's data and what they hold. */
    public static Set<Class<?>> eventJsonTypes() {
        Set<Class<?>> types = new LinkedHashSet<>();
        collect(EventEnvelope.class, types);
        for (EventType type : EventType.values()) {
            collect(type.dataType(), types);
        }
        return types;
    }

    private static void collect(Class<?> type, Set<Class<?>> types) {
        if (!type.getName().startsWith("com.uberpopug.") || !types.add(type)) {
            return;
        }
        if (type.isRecord()) {
            Arrays.stream(type.getRecordComponents()).forEach(component -> collect(component.getType(), types));
        }
    }

    /** Every file under {@code folder} in the jar (or classes folder) that {@code anchor} was loaded from. */
    public static List<String> resourcesUnder(Class<?> anchor, String folder) {
        Path origin;
        try {
            origin = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> resources = new ArrayList<>();
        try {
            if (Files.isDirectory(origin)) {
                Path root = origin.resolve(folder);
                if (Files.isDirectory(root)) {
                    try (Stream<Path> files = Files.walk(root)) {
                        files.filter(Files::isRegularFile)
                                .map(file -> origin.relativize(file).toString().replace('\\', '/'))
                                .sorted()
                                .forEach(resources::add);
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(origin.toFile())) {
                    jar.stream()
                            .filter(entry ->
                                    !entry.isDirectory() && entry.getName().startsWith(folder))
                            .map(ZipEntry::getName)
                            .sorted()
                            .forEach(resources::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (resources.isEmpty()) {
            throw new IllegalStateException("nothing under " + folder + " in " + origin);
        }
        return resources;
    }

    /**
     * Every file under {@code folder} in the application's class path as {@code loader} sees it (its classes folder
     * and jars, the platform's among them), test classes left out.
     */
    public static List<String> resourcesUnder(ClassLoader loader, String folder) {
        Set<String> resources = new TreeSet<>();
        try {
            for (java.net.URL url : java.util.Collections.list(loader.getResources(folder))) {
                if (url.getProtocol().equals("file")) {
                    Path root = Path.of(url.toURI());
                    if (root.toString().contains("test-classes")) {
                        continue;
                    }
                    Path base = root;
                    for (int depth = folder.split("/").length; depth > 0; depth--) {
                        base = base.getParent();
                    }
                    Path origin = base;
                    try (Stream<Path> files = Files.walk(root)) {
                        files.filter(Files::isRegularFile)
                                .map(file -> origin.relativize(file).toString().replace('\\', '/'))
                                .forEach(resources::add);
                    }
                } else if (url.getProtocol().equals("jar")) {
                    java.net.JarURLConnection connection = (java.net.JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (java.util.jar.JarFile jar = connection.getJarFile()) {
                        jar.stream()
                                .filter(entry ->
                                        !entry.isDirectory() && entry.getName().startsWith(folder))
                                .map(ZipEntry::getName)
                                .forEach(resources::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (resources.isEmpty()) {
            throw new IllegalStateException("nothing under " + folder + " on the class path");
        }
        return List.copyOf(resources);
    }

    /** The newest of native-sources/ (a sources-only build) and *-native-image-source-jar/ (a real one). */
    private static Path locate(Path buildDirectory) {
        try (Stream<Path> dirs = Files.list(buildDirectory)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().equals("native-sources")
                            || dir.getFileName().toString().endsWith("-native-image-source-jar"))
                    .filter(dir -> hasRunnerJar(dir))
                    .max(java.util.Comparator.comparing(NativeImageConfig::runnerJarTime)
                            .thenComparing(dir -> Files.isRegularFile(dir.resolve("native-image.args"))))
                    .orElseThrow(() -> new IllegalStateException("no native sources under " + buildDirectory
                            + ": the build's native-sources step (quarkus.native.sources-only) did not run"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasRunnerJar(Path dir) {
        try {
            runnerJar(dir);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static java.nio.file.attribute.FileTime runnerJarTime(Path dir) {
        try {
            return Files.getLastModifiedTime(runnerJar(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path runnerJar(Path sources) throws IOException {
        try (Stream<Path> files = Files.list(sources)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runner jar in " + sources));
        }
    }

    /** Pairs of (jar pattern, resource pattern) that native-image.args tells native-image to ignore. */
    private List<String[]> excludedConfig() {
        Path args = sources.resolve("native-image.args");
        List<String[]> excluded = new ArrayList<>();
        if (!Files.isRegularFile(args)) {
            return excluded;
        }
        try {
            String[] tokens = Files.readString(args).trim().split("\\s+");
            for (int i = 0; i + 2 < tokens.length; i++) {
                if (tokens[i].equals("--exclude-config")) {
                    excluded.add(new String[] {tokens[i + 1], tokens[i + 2]});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return excluded;
    }

    private void readJar(Path jar, List<String[]> excluded) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("META-INF/native-image/")
                        || entry.isDirectory()
                        || isExcluded(jar, name, excluded)) {
                    continue;
                }
                String file = name.substring(name.lastIndexOf('/') + 1);
                if (!file.equals("resource-config.json")
                        && !file.equals("reflect-config.json")
                        && !file.equals("reachability-metadata.json")) {
                    continue;
                }
                JsonNode json;
                try (InputStream in = zip.getInputStream(entry)) {
                    json = JSON.readTree(in);
                }
                switch (file) {
                    case "resource-config.json" -> readResources(json);
                    case "reflect-config.json" -> readReflection(json);
                    default -> {
                        readResources(json);
                        readReflection(json.path("reflection"));
                    }
                }
            }
        }
    }

    private static boolean isExcluded(Path jar, String entry, List<String[]> excluded) {
        return excluded.stream()
                .anyMatch(
                        pair -> Pattern.compile(pair[0]).matcher(jar.toString()).find()
                                && Pattern.compile(pair[1]).matcher("/" + entry).matches());
    }

    private void readResources(JsonNode json) {
        JsonNode resources = json.path("resources");
        if (resources.isArray()) {
            // reachability-metadata.json, or the oldest resource-config.json: a list of includes
            resources.forEach(this::readResourceEntry);
        } else {
            resources.path("includes").forEach(this::readResourceEntry);
            resources.path("excludes").forEach(entry -> pattern(entry).ifPresent(resourceExcludes::add));
        }
        json.path("bundles").forEach(bundle -> bundles.add(bundle.path("name").asText()));
    }

    private void readResourceEntry(JsonNode entry) {
        if (entry.has("bundle")) {
            bundles.add(entry.get("bundle").asText());
        }
        pattern(entry).ifPresent(resourceIncludes::add);
    }

    private static java.util.Optional<Pattern> pattern(JsonNode entry) {
        if (entry.has("pattern")) {
            return java.util.Optional.of(Pattern.compile(entry.get("pattern").asText()));
        }
        if (entry.has("glob")) {
            return java.util.Optional.of(globToPattern(entry.get("glob").asText()));
        }
        return java.util.Optional.empty();
    }

    /** native-image's resource globs: {@code **} crosses folders, {@code *} stays within one. */
    static Pattern globToPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private void readReflection(JsonNode entries) {
        for (JsonNode entry : entries) {
            String name = entry.has("type")
                    ? entry.get("type").asText()
                    : entry.path("name").asText();
            if (name.isEmpty()) {
                continue;
            }
            Reflection registered = new Reflection(
                    flag(entry, "allDeclaredConstructors", "allPublicConstructors") || hasMethodNamed(entry, "<init>"),
                    flag(entry, "allDeclaredMethods", "allPublicMethods"),
                    flag(entry, "allDeclaredFields", "allPublicFields"));
            reflection.merge(name, registered, Reflection::or);
        }
    }

    private static boolean flag(JsonNode entry, String... names) {
        return Arrays.stream(names).anyMatch(name -> entry.path(name).asBoolean(false));
    }

    private static boolean hasMethodNamed(JsonNode entry, String name) {
        for (JsonNode method : entry.path("methods")) {
            if (name.equals(method.path("name").asText())) {
                return true;
            }
        }
        return false;
    }
}

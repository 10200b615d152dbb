package com.uberpopug.ates.images;

import com.uberpopug.ates.devstack.OsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java runtime the services' JVM images start FROM, made offline: no image registry is reachable here, so the
 * base is a Debian root file system from Debian's own mirror (debootstrap, minbase, with Debian's OpenJDK 21
 * runtime, the release the services compile for), imported into the daemon. The file system is kept as a tarball
 * in the cache, so a new daemon (or a CI cache) gets the image in seconds; debootstrap runs only when both are
 * missing.
 */
final class BaseImage {

    static final String SUITE = "trixie";
    static final String JAVA_PACKAGE = "openjdk-21-jre-headless";
    /** The name Jib takes the base from (quarkus.jib.base-jvm-image=docker://...). */
    static final String NAME = "ates-base-jvm:" + SUITE + "-jre21";

    private BaseImage() {}

    /** The tarball's name in the cache; a change of suite or runtime makes a new one. */
    static String tarballName() {
        return "base-jvm-" + SUITE + "-jre21.tar";
    }

    /**
     * Makes sure the daemon has the base image; returns what it took (for docs/benchmarks.md).
     */
    static String ensure(PrivateDocker docker, Path cache, Path logs) throws IOException {
        if (docker.imageExists(NAME)) {
            return "base image " + NAME + " already in the daemon";
        }
        Path tarball = cache.resolve(tarballName());
        String how = "";
        if (!Files.isRegularFile(tarball)) {
            long start = System.nanoTime();
            debootstrap(tarball, logs.resolve("debootstrap.log"));
            how = "debootstrap " + seconds(start) + " s, ";
        }
        long start = System.nanoTime();
        docker.run(
                List.of(
                        "import",
                        "--change",
                        "ENV LANG=C.UTF-8",
                        "--change",
                        "ENV JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64",
                        "-",
                        NAME),
                Duration.ofMinutes(5),
                tarball);
        return how + "import " + seconds(start) + " s";
    }

    private static void debootstrap(Path tarball, Path log) throws IOException {
        Path debootstrap = PrivateDocker.executable("debootstrap")
                .orElseThrow(() -> new IllegalStateException("the base image " + NAME + " is not cached and "
                        + "debootstrap is not installed (apt-get install debootstrap; .ci/run installs it)"));
        Path rootfs = Files.createTempDirectory(Path.of("/tmp"), "ates-rootfs-");
        try {
            OsProcess.run(
                    List.of(
                            debootstrap.toString(),
                            "--variant=minbase",
                            "--include=" + JAVA_PACKAGE,
                            SUITE,
                            rootfs.toString(),
                            mirror()),
                    log,
                    Map.of(),
                    Duration.ofMinutes(20));
            // what an image does not need: package lists and downloaded packages
            for (String dir : List.of("var/cache/apt/archives", "var/lib/apt/lists")) {
                try (Stream<Path> entries = Files.list(rootfs.resolve(dir))) {
                    entries.filter(Files::isRegularFile).forEach(f -> f.toFile().delete());
                }
            }
            Files.createDirectories(tarball.getParent());
            Path partial = tarball.resolveSibling(tarball.getFileName() + ".partial");
            OsProcess.run(
                    List.of("tar", "-C", rootfs.toString(), "--numeric-owner", "-cf", partial.toString(), "."),
                    log,
                    Map.of(),
                    Duration.ofMinutes(5));
            Files.move(partial, tarball, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            // debootstrap leaves /proc and /sys mounted only on failure; unmount before deleting
            OsProcess.run(
                    List.of(
                            "sh",
                            "-c",
                            "for m in proc sys dev/pts dev; do umount -l '" + rootfs
                                    + "'/$m 2>/dev/null; done; rm -rf --one-file-system '" + rootfs + "'"),
                    log,
                    Map.of(),
                    Duration.ofMinutes(2));
        }
    }

    /** Debian's mirror as apt on this machine knows it ($ATES_DEBIAN_MIRROR overrides). */
    static String mirror() throws IOException {
        String override = System.getenv("ATES_DEBIAN_MIRROR");
        if (override != null && !override.isBlank()) {
            return override;
        }
        Pattern deb822 = Pattern.compile("(?m)^URIs:\\s*(\\S+)");
        Pattern oneLine = Pattern.compile("(?m)^deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s+\\S+");
        List<Path> sources = new java.util.ArrayList<>();
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isRegularFile(list)) {
            sources.add(list);
        }
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(sources::add);
            }
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher matcher = (source.toString().endsWith(".sources") ? deb822 : oneLine).matcher(text);
            while (matcher.find()) {
                String uri = matcher.group(1);
                if (!uri.contains("security")) {
                    return uri;
                }
            }
        }
        throw new IllegalStateException("no Debian mirror in /etc/apt/sources.list*: set ATES_DEBIAN_MIRROR");
    }

    static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}

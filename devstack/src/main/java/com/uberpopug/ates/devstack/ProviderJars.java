package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak's provider jars: a fingerprint of what they hold, and their installation into providers/. The
 * fingerprint covers entry names and contents, not file times, so repackaging an unchanged module costs no
 * Keycloak rebuild.
 */
final class ProviderJars {

    private ProviderJars() {}

    /** SHA-256 over the name of every jar and the name and content of each of its entries, in order. */
    static String fingerprint(List<Path> jars) {
        MessageDigest digest = sha256();
        for (Path jar : jars) {
            digest.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                List<? extends ZipEntry> entries = Collections.list(zip.entries()).stream()
                        .filter(entry -> !entry.isDirectory())
                        .sorted(Comparator.comparing(ZipEntry::getName))
                        .toList();
                for (ZipEntry entry : entries) {
                    digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                    try (InputStream in = zip.getInputStream(entry)) {
                        digest.update(in.readAllBytes());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the Keycloak provider " + jar, e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The name of the cached Keycloak installation built with {@code buildOptions} and providers of
     * {@code fingerprint}: one installation per build, so that checkouts building different providers on one machine
     * never rebuild an installation another one is running from.
     */
    static String installationName(String version, List<String> buildOptions, String fingerprint) {
        MessageDigest digest = sha256();
        digest.update(String.join(" ", buildOptions).getBytes(StandardCharsets.UTF_8));
        digest.update(fingerprint.getBytes(StandardCharsets.UTF_8));
        return "keycloak-" + version + "-"
                + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    /** Replaces every jar in the providers folder with these. */
    static void install(List<Path> jars, Path folder) {
        try {
            Files.createDirectories(folder);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(folder, "*.jar")) {
                for (Path jar : old) {
                    Files.delete(jar);
                }
            }
            for (Path jar : jars) {
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install the Keycloak providers into " + folder, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

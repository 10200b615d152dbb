package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster with logical decoding on, from the machine's PostgreSQL server binaries.
 * PostgreSQL refuses to run as root; as root, every server command runs as the unprivileged OS user 'postgres'.
 * That user may be shut out of the data folder it is given (a clone in root's home, mode 700); then the data lives
 * in a folder of the clone's own that the user can reach, see {@link #dataDir()}.
 */
public final class Postgres extends ProcessComponent {

    public static final String USER = "ates";
    public static final String PASSWORD = "ates";
    private static final String OS_USER = "postgres";

    /** Where the cluster's data lives: {@link #givenDataDir}, or {@link #outsideFolder} when that is out of reach. */
    private Path dataDir;

    private final Path givenDataDir;
    private final int port;
    private final boolean durable;
    private final List<String> databases;

    /**
     * @param durable false for throwaway test clusters: no fsync, which a crash of the machine may corrupt but a
     *                test never minds; commits stay synchronous, so a PostgreSQL a test kills keeps what it acknowledged
     */
    public Postgres(Path dataDir, int port, Path log, Path pidFile, boolean durable, List<String> databases) {
        super(log, pidFile, Duration.ofSeconds(30));
        this.givenDataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
        this.durable = durable;
        this.databases = List.copyOf(databases);
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("PostgreSQL", port);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /**
     * The folder the cluster's data lives in: the one it was given, unless the server runs as the OS user 'postgres'
     * (as root) and that user cannot enter the folder above it, as the OS itself answers ({@code test -x}, run as
     * that user: every folder on the way counts). A clone in root's home is such a case, and the first command of the
     * README has to work there too, without opening root's home or the clone to other users. Then the data lives in
     * {@link #outsideFolder()}. Decided once per instance; the same clone decides the same way on every start.
     */
    public synchronized Path dataDir() {
        if (dataDir == null) {
            dataDir = asRoot() && !osUserCanEnter(givenDataDir.getParent())
                    ? outsideFolder().resolve("postgresql")
                    : givenDataDir;
        }
        return dataDir;
    }

    /** Whether the data lives outside the folder it was given, because its OS user cannot reach that one. */
    public boolean relocated() {
        return !dataDir().equals(givenDataDir);
    }

    /**
     * The folder of this cluster's own outside a closed clone: {@code /var/tmp/ates-<hash of the given data folder>},
     * so one per clone (and per ATES_DATA), found again by the next start; /var/tmp, unlike /tmp, keeps it across
     * a reboot. It belongs to the OS user 'postgres', mode 700.
     */
    public Path outsideFolder() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(givenDataDir.toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/var/tmp", "ates-" + HexFormat.of().formatHex(hash, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Deletes the cluster's data wherever it may live: the folder given and the folder outside (a clean start). */
    public void deleteData() {
        OsProcess.deleteRecursively(givenDataDir);
        OsProcess.deleteRecursively(outsideFolder());
    }

    /** Its backends make themselves session leaders and outlive a killed postmaster: the log's mark finds them. */
    @Override
    protected void launch() {
        Path bin = binaries();
        boolean asRoot = asRoot();
        Path dataDir = dataDir();
        if (relocated()) {
            prepareOutsideFolder(dataDir.getParent());
        }
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb(bin, asRoot, dataDir);
        }
        List<String> command = new ArrayList<>(asRoot ? List.of("runuser", "-u", OS_USER, "--") : List.of());
        command.addAll(List.of(
                bin.resolve("postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=localhost",
                "-c",
                "unix_socket_directories=",
                "-c",
                "wal_level=logical",
                "-c",
                "max_wal_senders=10",
                "-c",
                "max_replication_slots=10",
                "-c",
                "max_connections=200",
                "-c",
                "shared_buffers=128MB"));
        if (!durable) {
            command.addAll(List.of("-c", "fsync=off", "-c", "full_page_writes=off"));
        }
        Readiness.await(
                spawn(command, dataDir.getParent(), Map.of()),
                Duration.ofSeconds(60),
                "accepting connections on port " + port,
                () -> {
                    try (Connection ignored = connect("postgres")) {
                        return true;
                    }
                });
        databases.forEach(this::createDatabase);
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String database) {
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new ComponentFailure(name(), log, "could not create database " + database + ": " + e.getMessage());
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    @Override
    protected void beforeStop(OsProcess running) {
        // SIGTERM would be a "smart" shutdown that waits for every client; SIGINT is PostgreSQL's fast shutdown.
        running.treeSignal("INT");
    }

    private void initdb(Path bin, boolean asRoot, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path pwfile = dataDir.getParent().resolve(".pgpass-init");
            Files.writeString(pwfile, PASSWORD + System.lineSeparator());
            List<String> command = new ArrayList<>(asRoot ? List.of("runuser", "-u", OS_USER, "--") : List.of());
            command.addAll(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    dataDir.toString(),
                    "-U",
                    USER,
                    "--pwfile=" + pwfile,
                    "--auth-host=scram-sha-256",
                    "--auth-local=peer",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-instructions"));
            if (asRoot) {
                giveToOsUser(dataDir);
                giveToOsUser(pwfile);
                if (!osUserCan("-w", dataDir)) {
                    throw new ComponentFailure(
                            name(),
                            log,
                            "cannot run: its OS user '" + OS_USER + "' cannot write " + dataDir
                                    + " (keep the data folder elsewhere with ATES_DATA)");
                }
            }
            try {
                OsProcess.run(command, log);
            } finally {
                Files.deleteIfExists(pwfile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException e) {
            throw new ComponentFailure(
                    name(), log, "could not initialise its cluster in " + dataDir + ": " + e.getMessage());
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether the OS user can enter the folder (creating it first as this user, as a start would). */
    private boolean osUserCanEnter(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return osUserCan("-x", dir);
    }

    /** Asks the OS itself, as the OS user: {@code test -x} (may enter, every folder on the way included), {@code -w}. */
    private boolean osUserCan(String test, Path path) {
        try {
            Process process = new ProcessBuilder("runuser", "-u", OS_USER, "--", "test", test, path.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ComponentFailure(name(), null, "could not ask whether '" + OS_USER + "' reaches " + path);
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + path, e);
        }
    }

    /**
     * Creates the folder outside the clone, or takes it back from an earlier start: it must be a real folder (no
     * link) of the OS user's or root's (whom a start cut short left it to), since /var/tmp is open to every user.
     */
    private void prepareOutsideFolder(Path folder) {
        try {
            try {
                Files.createDirectory(
                        folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException earlierStart) {
                // checked below
            }
            PosixFileAttributes attributes =
                    Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String owner = attributes.owner().getName();
            if (!attributes.isDirectory() || !(owner.equals(OS_USER) || owner.equals("root"))) {
                throw new ComponentFailure(
                        name(),
                        log,
                        "cannot keep its data in " + folder + ": it is there already and is not a folder of '" + OS_USER
                                + "' or root; remove it, or keep the data folder elsewhere with ATES_DATA");
            }
            giveToOsUser(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void giveToOsUser(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        try {
            view.setOwner(users.lookupPrincipalByName(OS_USER));
            GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
            view.setGroup(group);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new ComponentFailure(
                    "postgresql",
                    null,
                    "cannot run as root without an unprivileged OS user '"
                            + OS_USER + "': install Debian's postgresql package (apt-get install postgresql-15), "
                            + "which creates it, or run the stack as another user");
        }
    }

    /** The PostgreSQL server binaries: $ATES_PG_BIN, else Debian's of the pinned major, else the newest Debian's. */
    static Path binaries() {
        String explicit = System.getenv("ATES_PG_BIN");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        Path pinned = debian.resolve(Artifacts.get("postgresql.server.major")).resolve("bin");
        if (Files.isExecutable(pinned.resolve("postgres"))) {
            return pinned;
        }
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("postgres")))
                        .max(java.util.Comparator.comparing(b -> Integer.parseInt(
                                b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new ComponentFailure(
                "postgresql",
                null,
                "server binaries not found under " + debian
                        + ": install them (apt-get install postgresql-" + Artifacts.get("postgresql.server.major")
                        + ") or point ATES_PG_BIN at a folder holding initdb and postgres");
    }
}

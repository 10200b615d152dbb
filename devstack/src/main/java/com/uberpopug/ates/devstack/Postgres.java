package com.uberpopug.ates.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster with logical decoding on, from the machine's PostgreSQL server binaries.
 * PostgreSQL refuses to run as root; as root, every server command runs as the unprivileged OS user 'postgres'.
 */
public final class Postgres extends ProcessComponent {

    public static final String USER = "ates";
    public static final String PASSWORD = "ates";
    private static final String OS_USER = "postgres";

    private final Path dataDir;
    private final int port;
    private final boolean durable;
    private final List<String> databases;

    /**
     * @param durable false for throwaway test clusters: no fsync, which a crash of the machine may corrupt but a
     *                test never minds; commits stay synchronous, so a PostgreSQL a test kills keeps what it acknowledged
     */
    public Postgres(Path dataDir, int port, Path log, Path pidFile, boolean durable, List<String> databases) {
        super(log, pidFile, Duration.ofSeconds(30));
        this.dataDir = dataDir;
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

    /** Its backends make themselves session leaders and outlive a killed postmaster: the log's mark finds them. */
    @Override
    protected void launch() {
        Path bin = binaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb(bin, asRoot);
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

    private void initdb(Path bin, boolean asRoot) {
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
                checkReachable(dataDir);
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

    private void checkReachable(Path dir) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            try {
                var permissions = Files.getPosixFilePermissions(p);
                if (!permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new ComponentFailure(
                            name(),
                            log,
                            "cannot run: its OS user '" + OS_USER + "' cannot reach "
                                    + dir + " because " + p + " is closed to other users (chmod o+x " + p
                                    + ", or keep the data folder elsewhere with ATES_DATA)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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

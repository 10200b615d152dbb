package com.uberpopug.ates.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.uberpopug.ates.devstack.testing.ThrowawayFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A clone in root's home, which is closed to every other user: {@code git clone ... ~/ates && ./ates start} as root
 * (CI, a container, a cloud machine). PostgreSQL runs as the OS user 'postgres' there, which cannot reach the
 * clone's data folder; it comes up all the same, with its data where that user can reach it, twice on the same data,
 * and a clean start's deletion leaves nothing of it.
 */
class PostgresInAClosedCloneTest {

    private static final String OS_USER = "postgres";

    @Test
    void postgresStartsAndKeepsItsDataWhenTheCloneLiesInAFolderClosedToItsOsUser() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "only as root does PostgreSQL run as another OS user, who may be shut out of the clone");
        Path folder = ThrowawayFolder.create("ates-closed-home-");
        List<Stack> started = new ArrayList<>();
        String dataDirectory = null;
        try {
            Path home = Files.createDirectory(
                    folder.resolve("home"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path clone = Files.createDirectory(home.resolve("ates"));
            assertThat(osUserCan("-x", clone))
                    .as("'%s' can enter %s", OS_USER, clone)
                    .isFalse();

            Stack first = new Stack(clone, clone.resolve(".devstack"), Stack.Ports.free(), false);
            started.add(first);
            first.postgres().start();
            try (Connection connection = first.postgres().connect("postgres");
                    Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT 1")).isEqualTo("1");
                dataDirectory = single(statement, "SHOW data_directory");
                statement.execute("CREATE TABLE kept (word text)");
                statement.execute("INSERT INTO kept VALUES ('still here')");
            }
            assertThat(Path.of(dataDirectory).startsWith(home))
                    .as("PostgreSQL keeps its data in %s, inside the closed folder", dataDirectory)
                    .isFalse();
            assertThat(first.postgres().dataDir())
                    .as("the data folder the start reports")
                    .isEqualTo(Path.of(dataDirectory));
            assertThat(first.postgres().relocated()).isTrue();
            Path outside = Path.of(dataDirectory).getParent();
            assertThat(Files.getOwner(outside).getName())
                    .as("owner of %s", outside)
                    .isEqualTo(OS_USER);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)))
                    .as("permissions of %s", outside)
                    .isEqualTo("rwx------");
            assertThat(osUserCan("-w", Path.of(dataDirectory)))
                    .as("'%s' can write %s", OS_USER, dataDirectory)
                    .isTrue();
            first.postgres().stop();

            Stack second = new Stack(clone, clone.resolve(".devstack"), Stack.Ports.free(), false);
            started.add(second);
            second.postgres().start();
            try (Connection connection = second.postgres().connect("postgres");
                    Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT word FROM kept")).isEqualTo("still here");
                assertThat(single(statement, "SHOW data_directory")).isEqualTo(dataDirectory);
            }
            second.postgres().stop();
            assertThat(OsProcess.mentioning(dataDirectory + "\0"))
                    .as("processes of the data folder after the stop")
                    .isEmpty();

            second.deleteData(); // as ./ates start --clean does
            assertThat(Path.of(dataDirectory).getParent())
                    .as("the folder outside the clone after a clean start's deletion")
                    .doesNotExist();
        } finally {
            started.forEach(stack -> {
                stack.postgres().stop();
                stack.deleteData();
            });
            ThrowawayFolder.release(folder);
        }
        assertThat(ThrowawayFolder.processesOf(folder)).as("processes left").isEmpty();
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet result = statement.executeQuery(query)) {
            assertThat(result.next()).as("a row from %s", query).isTrue();
            return result.getString(1);
        }
    }

    /** Asks the OS itself, as the user PostgreSQL runs as: {@code test -x} (may enter) or {@code -w} (may write). */
    private static boolean osUserCan(String test, Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("runuser", "-u", OS_USER, "--", "test", test, path.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("test %s %s ends", test, path)
                .isTrue();
        return process.exitValue() == 0;
    }
}

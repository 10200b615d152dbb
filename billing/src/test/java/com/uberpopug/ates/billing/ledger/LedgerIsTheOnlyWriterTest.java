package com.uberpopug.ates.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Money moves one way: {@link Ledger} writes every ledger entry and every balance change, with their events, so that
 * the rules it keeps (day lock, late entries, balance sequence, Transaction.Applied per entry) hold for all of them.
 * SQL lives in Java text blocks here, which no class-level rule can see; so the main sources are read.
 */
class LedgerIsTheOnlyWriterTest {

    /** A statement that writes ledger entries, or sets an account's balance. */
    private static final Pattern MOVES_MONEY =
            Pattern.compile("(?is)(INSERT\\s+INTO\\s+ledger_entry|UPDATE\\s+ledger_entry|DELETE\\s+FROM\\s+ledger_entry"
                    + "|UPDATE\\s+account\\b[^;\"]*?\\bSET\\b[^;\"]*?\\bbalance\\s*=)");

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path LEDGER = Path.of("com/uberpopug/ates/billing/ledger/Ledger.java");

    @Test
    void noClassButTheLedgerWritesEntriesOrBalances() throws IOException {
        List<Path> writers;
        try (Stream<Path> files = Files.walk(MAIN)) {
            writers = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> MOVES_MONEY.matcher(read(file)).find())
                    .map(MAIN::relativize)
                    .toList();
        }
        assertThat(writers).as("classes that write ledger entries or balances").containsExactly(LEDGER);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

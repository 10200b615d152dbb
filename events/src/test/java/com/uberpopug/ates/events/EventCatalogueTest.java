package com.uberpopug.ates.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EventCatalogueTest {

    /** Surefire runs in the module's directory. */
    private static final Path CATALOGUE = Path.of("../docs/events.md");

    private static final String WRITE = "ates.events.write-catalogue";

    @Test
    void theCatalogueInDocsIsUpToDate() throws IOException {
        String generated = EventCatalogue.markdown();
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(CATALOGUE, generated, StandardCharsets.UTF_8);
        }

        String written = Files.exists(CATALOGUE) ? Files.readString(CATALOGUE, StandardCharsets.UTF_8) : "";

        assertThat(written)
                .as("docs/events.md is generated from EventType; regenerate it with "
                        + "./mvnw -B -pl events -am verify -D" + WRITE + "=true and commit the result")
                .isEqualTo(generated);
    }

    @Test
    void theCatalogueListsEveryEventTypeWithItsSchema() {
        String markdown = EventCatalogue.markdown();

        for (EventType type : EventType.values()) {
            assertThat(markdown)
                    .contains("| `" + type.eventName() + "` | " + type.eventVersion() + " |")
                    .contains(type.schemaResource());
        }
    }
}

package com.uberpopug.ates.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The event catalogue as Markdown, generated from {@link EventType} so that docs/events.md cannot
 * disagree with the code; a test compares the two.
 */
public final class EventCatalogue {

    private static final String INTRO = """
            # Event catalogue

            Generated from `EventType` in the `events` module by `EventCatalogue.markdown()`; do not edit by hand.
            To regenerate after changing `EventType`:
            `./mvnw -B -pl events -am verify -Dates.events.write-catalogue=true`.

            Every event travels in an envelope:
            `eventId` (UUID, unique per event), `eventName` (e.g. `Task.Created`), `eventVersion` (integer from 1),
            `eventTime` (ISO-8601, UTC), `producer` (the service that wrote it) and `data` (the event itself).

            - Schemas (JSON Schema draft 2020-12) live in `events/src/main/resources/` under
              `schemas/<topic>/<eventName>/<eventVersion>.json`; the envelope's is `schemas/envelope.json`.
              Producers validate before writing, consumers on arrival (`EventValidator`); what fails goes to
              `<topic>.dlq` with the reasons.
            - Evolution: a change to `data` is a new version with its own schema; the old one stays.
              Consumers accept every version that may still be on a topic: `Task.Created` v1 (title only) and
              v2 (adds `jiraId`) are both accepted while v1 may still be on `tasks-stream`.
            - Keys are aggregate ids (the field named under "key"), so one aggregate's events stay in order on
              one topic; there is no order across topics.
            - Delivery is at least once: consumers are idempotent on `eventId`.

            | event | version | topic | key | producer | consumers | schema |
            |---|---|---|---|---|---|---|
            """;

    private EventCatalogue() {}

    /** The whole of docs/events.md. */
    public static String markdown() {
        return INTRO
                + Arrays.stream(EventType.values()).map(EventCatalogue::row).collect(Collectors.joining());
    }

    private static String row(EventType type) {
        return "| `%s` | %d | `%s` | `%s` | %s | %s | `%s` |\n"
                .formatted(
                        type.eventName(),
                        type.eventVersion(),
                        type.topic().topicName(),
                        type.keyField(),
                        type.producer(),
                        String.join(", ", type.consumers()),
                        type.schemaResource());
    }
}

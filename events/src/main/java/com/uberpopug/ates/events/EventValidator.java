package com.uberpopug.ates.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks an event against the contracts: the envelope's schema first, then {@code data} against the
 * schema of its (eventName, eventVersion). Producers run it before writing, consumers on arrival.
 * Loads every schema once; thread-safe, so one instance serves a whole service.
 */
public final class EventValidator {

    private final Schema envelopeSchema;
    private final Map<EventType, Schema> dataSchemas = new EnumMap<>(EventType.class);

    public EventValidator() {
        // Draft 2020-12 treats "format" as an annotation only; the contracts mean it (uuid, date-time, date).
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .build()));
        envelopeSchema = load(registry, EventType.ENVELOPE_SCHEMA);
        for (EventType type : EventType.values()) {
            dataSchemas.put(type, load(registry, type.schemaResource()));
        }
    }

    /** Validates an event as it is on the wire. */
    public ValidationResult validate(JsonNode envelope) {
        List<String> envelopeErrors = check(envelopeSchema, envelope, "");
        if (!envelopeErrors.isEmpty()) {
            return ValidationResult.invalid(envelopeErrors);
        }
        String eventName = envelope.get("eventName").asText();
        int eventVersion = envelope.get("eventVersion").asInt();
        return EventType.of(eventName, eventVersion)
                .map(type -> {
                    List<String> dataErrors = check(dataSchemas.get(type), envelope.get("data"), "/data");
                    return dataErrors.isEmpty() ? ValidationResult.ok() : ValidationResult.invalid(dataErrors);
                })
                .orElseGet(() -> ValidationResult.invalid(List.of(unknown(eventName, eventVersion))));
    }

    /** Validates an event as a producer is about to write it, in its JSON form ({@link EventJson}). */
    public ValidationResult validate(EventEnvelope<?> envelope) {
        return validate(EventJson.mapper().<JsonNode>valueToTree(envelope));
    }

    private static String unknown(String eventName, int eventVersion) {
        List<Integer> known = EventType.versionsOf(eventName);
        if (known.isEmpty()) {
            return "unknown event " + eventName + " v" + eventVersion;
        }
        return "unknown version " + eventVersion + " of " + eventName + "; known: "
                + known.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static List<String> check(Schema schema, JsonNode node, String prefix) {
        // the cheap answer first (fail-fast, no messages collected): nearly every event is valid
        if (schema.validate(node, OutputFormat.BOOLEAN)) {
            return List.of();
        }
        List<Error> errors = schema.validate(node);
        return errors.stream().map(error -> reason(error, prefix)).toList();
    }

    /** A reason names where in the envelope it applies, as a JSON pointer: {@code /data/title: ...}. */
    private static String reason(Error error, String prefix) {
        String location = prefix + error.getInstanceLocation();
        return (location.isEmpty() ? "/" : location) + ": " + error.getMessage();
    }

    private static Schema load(SchemaRegistry registry, String resource) {
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            return registry.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }
}

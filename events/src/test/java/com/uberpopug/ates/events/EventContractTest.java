package com.uberpopug.ates.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java types and the schemas are written once each; these tests keep them from drifting apart. */
class EventContractTest {

    private static final EventValidator VALIDATOR = new EventValidator();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypesSampleIsValid(EventType type) {
        ValidationResult result = VALIDATOR.validate(EventSamples.envelope(type));

        assertThat(result.reasons()).as(type.name()).isEmpty();
        assertThat(result.valid()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordComponentsEqualSchemaPropertiesForEveryType(EventType type) throws IOException {
        JsonNode schema = schema(type.schemaResource());
        Set<String> components = Arrays.stream(type.dataType().getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());

        assertThat(fieldNames(schema.get("properties")))
                .as("properties of " + type.schemaResource())
                .isEqualTo(components);
        // A record always writes every component, null or not, so every property is required.
        assertThat(textValues(schema.get("required")))
                .as("required of " + type.schemaResource())
                .isEqualTo(components);
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(components).contains(type.keyField());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySampleReadsBackAsItsRecord(EventType type) throws IOException {
        Record sample = EventSamples.sample(type);
        String json = EventJson.mapper().writeValueAsString(sample);

        assertThat(EventJson.mapper().readValue(json, type.dataType())).isEqualTo(sample);
    }

    static JsonNode schema(String resource) throws IOException {
        try (InputStream in = EventContractTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return EventJson.mapper().readTree(in);
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> textValues(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .collect(Collectors.toSet());
    }
}

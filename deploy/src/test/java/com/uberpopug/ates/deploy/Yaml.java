package com.uberpopug.ates.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** YAML streams (several documents) in and out, as Jackson trees. */
final class Yaml {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    // "8080" in a ConfigMap must stay a string
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    // "pull_request:" with nothing after it is null, as YAML means
                    .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                    .build())
            .build();

    private Yaml() {}

    /** Every non-empty document of a stream. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = MAPPER.createParser(yaml)) {
            var iterator = MAPPER.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a YAML stream: " + e.getMessage(), e);
        }
        return documents;
    }

    static JsonNode document(String yaml) {
        List<JsonNode> documents = documents(yaml);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
        }
        return documents.getFirst();
    }

    static String write(List<JsonNode> documents) {
        StringBuilder out = new StringBuilder();
        for (JsonNode document : documents) {
            try {
                out.append(MAPPER.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kind/name of a manifest, for messages. */
    static String id(JsonNode manifest) {
        return manifest.path("kind").asText("?") + "/"
                + manifest.path("metadata").path("name").asText("?");
    }
}

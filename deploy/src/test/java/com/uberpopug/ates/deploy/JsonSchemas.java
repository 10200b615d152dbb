package com.uberpopug.ates.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas kept in src/test/resources/schemas (see its README): the operators' CRDs and GitHub's workflow syntax. */
final class JsonSchemas {

    private static final Map<String, Schema> CRDS = new ConcurrentHashMap<>();
    private static volatile Schema workflow;

    private JsonSchemas() {}

    /** The CRD schema of a custom resource's apiVersion and kind, made strict; null when none is kept. */
    static Schema crd(String group, String version, String kind) {
        String resource = "/schemas/crd/" + group + "_" + version + "_" + kind + ".json";
        if (JsonSchemas.class.getResource(resource) == null) {
            return null;
        }
        return CRDS.computeIfAbsent(resource, name -> {
            ObjectNode schema = (ObjectNode) readJson(name);
            // The API server takes these on every object; some CRDs (the Keycloak operator's) leave them unsaid.
            ObjectNode properties = schema.with("properties");
            properties.putIfAbsent("apiVersion", Yaml.JSON.createObjectNode().put("type", "string"));
            properties.putIfAbsent("kind", Yaml.JSON.createObjectNode().put("type", "string"));
            properties.putIfAbsent("metadata", Yaml.JSON.createObjectNode().put("type", "object"));
            strict(schema);
            // OpenAPI v3 schemas of CRDs use the keywords JSON Schema shares; formats (int32, date-time) only annotate.
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Yaml.json(schema), InputFormat.JSON);
        });
    }

    static Schema workflow() {
        if (workflow == null) {
            // as published: its $refs are draft-07 ones, whose meaning depends on nothing being reordered
            try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/github-workflow.json")) {
                workflow = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                        .getSchema(in, InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return workflow;
    }

    static List<String> problems(Schema schema, JsonNode instance) {
        return schema.validate(Yaml.json(instance), InputFormat.JSON).stream()
                .map(error -> {
                    String at = error.getInstanceLocation().toString();
                    return (at.isEmpty() ? "/" : at) + ": " + error.getMessage();
                })
                .toList();
    }

    /**
     * The API server prunes fields a structural schema does not name; kubectl's strict validation refuses them. So do
     * we: an object schema that lists its properties, and does not keep unknown fields, allows no other.
     */
    static void strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            boolean keepsUnknown =
                    object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (object.has("properties") && !keepsUnknown && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.path("properties").forEach(JsonSchemas::strict);
            strict(object.get("items"));
            strict(object.get("additionalProperties"));
            for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
                if (object.get(combinator) instanceof ArrayNode alternatives) {
                    alternatives.forEach(JsonSchemas::strict);
                }
            }
        }
    }

    private static JsonNode readJson(String resource) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return Yaml.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.uberpopug.ates.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a manifest against the Kubernetes API of its apiVersion and kind, refusing unknown fields: built-in kinds
 * (and the ServiceMonitor) through the fabric8 model, the operators' custom resources through their CRD schemas.
 */
final class KubernetesSchema {

    /** Groups whose kinds must have a kept CRD schema: a custom resource is never let through unchecked. */
    static final Set<String> OPERATOR_GROUPS = Set.of("kafka.strimzi.io", "postgresql.cnpg.io", "k8s.keycloak.org");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesSchema() {}

    /** Every problem found, each naming the manifest and where in it; empty when the manifest is valid. */
    static List<String> problems(JsonNode manifest) {
        String id = Yaml.id(manifest);
        String apiVersion = manifest.path("apiVersion").asText("");
        String kind = manifest.path("kind").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            return List.of(id + ": apiVersion and kind are required");
        }
        if (manifest.path("metadata").path("name").asText("").isEmpty()) {
            return List.of(id + ": metadata.name is required");
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        Schema crd = JsonSchemas.crd(group, version, kind);
        if (crd != null) {
            return JsonSchemas.problems(crd, manifest).stream()
                    .map(problem -> id + " " + problem)
                    .toList();
        }
        if (OPERATOR_GROUPS.contains(group)) {
            return List.of(id + ": no schema kept for " + apiVersion + " " + kind + " (src/test/resources/schemas)");
        }
        return fabric8Problems(id, apiVersion, kind, manifest);
    }

    private static List<String> fabric8Problems(String id, String apiVersion, String kind, JsonNode manifest) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(Yaml.json(manifest), KubernetesResource.class);
        } catch (RuntimeException e) {
            return List.of(id + ": does not parse as " + apiVersion + " " + kind + ": " + e.getMessage());
        }
        if (parsed instanceof GenericKubernetesResource || !(parsed instanceof HasMetadata resource)) {
            return List.of(id + ": " + apiVersion + " " + kind + " is no kind of the Kubernetes API model");
        }
        if (!apiVersion.equals(resource.getApiVersion()) || !kind.equals(resource.getKind())) {
            return List.of(id + ": read as " + resource.getApiVersion() + " " + resource.getKind());
        }
        List<String> problems = new ArrayList<>();
        unknownFields(parsed, "", problems);
        stringsOnly(manifest, "", problems);
        return problems.stream().map(problem -> id + " " + problem).toList();
    }

    /**
     * The model reads 8080 into a String field where the API server refuses anything but a string: labels,
     * annotations, ConfigMap and Secret data, environment values.
     */
    private static void stringsOnly(JsonNode node, String path, List<String> problems) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String at = path + "/" + field.getKey();
                JsonNode value = field.getValue();
                boolean stringMap = Set.of("labels", "annotations", "data", "stringData", "matchLabels", "nodeSelector")
                        .contains(field.getKey());
                if (stringMap && value.isObject()) {
                    value.properties().forEach(entry -> {
                        if (!entry.getValue().isTextual()) {
                            problems.add(at + "/" + entry.getKey() + ": must be a string, not " + entry.getValue());
                        }
                    });
                } else if (field.getKey().equals("value") && path.matches(".*/env/\\d+") && !value.isTextual()) {
                    problems.add(at + ": must be a string, not " + value);
                } else {
                    stringsOnly(value, at, problems);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                stringsOnly(node.get(i), path + "/" + i, problems);
            }
        }
    }

    /** The model keeps fields it does not know in additionalProperties; any there is a typo or a field of another kind. */
    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "/" + key, problems));
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                unknownFields(item, path + "/" + index++, problems);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                        problems.add((path.isEmpty() ? "/" : path) + ": unknown field(s) " + unknown.keySet());
                    }
                } else {
                    unknownFields(fieldValue, path + "/" + field.getName(), problems);
                }
            }
        }
    }
}

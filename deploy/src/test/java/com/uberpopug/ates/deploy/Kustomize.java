package com.uberpopug.ates.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * kubectl kustomize, as far as k8s/ uses it: resources (files and directories), namespace, images and JSON 6902
 * patches. Anything else in a kustomization is refused, so this cannot silently render less than kustomize does.
 * Where kubectl is installed, the tests also run the real kustomize and compare.
 */
final class Kustomize {

    private static final Set<String> UNDERSTOOD =
            Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");

    private Kustomize() {}

    static List<JsonNode> render(Path directory) {
        JsonNode kustomization = Yaml.document(Repository.read(directory.resolve("kustomization.yaml")));
        for (Iterator<String> fields = kustomization.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!UNDERSTOOD.contains(field)) {
                throw new IllegalArgumentException(
                        directory + "/kustomization.yaml: '" + field + "' is not understood here");
            }
        }
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = directory.resolve(entry.asText()).normalize();
            if (Files.isDirectory(resource)) {
                resources.addAll(render(resource));
            } else if (Files.isRegularFile(resource)) {
                resources.addAll(Yaml.documents(Repository.read(resource)));
            } else {
                throw new IllegalArgumentException(directory + ": resource " + entry.asText() + " does not exist");
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            String ops = patch.has("path")
                    ? Repository.read(directory.resolve(patch.path("path").asText()))
                    : patch.path("patch").asText();
            String kind = patch.at("/target/kind").asText();
            String name = patch.at("/target/name").asText();
            boolean applied = false;
            for (int i = 0; i < resources.size(); i++) {
                JsonNode resource = resources.get(i);
                if (resource.path("kind").asText().equals(kind)
                        && resource.at("/metadata/name").asText().equals(name)) {
                    resources.set(i, JsonPatch.apply(Yaml.document(ops), resource));
                    applied = true;
                }
            }
            if (!applied) {
                throw new IllegalArgumentException(
                        directory + ": patch target " + kind + "/" + name + " matches no resource");
            }
        }
        if (kustomization.has("namespace")) {
            resources.forEach(resource -> ((ObjectNode) resource.path("metadata"))
                    .put("namespace", kustomization.path("namespace").asText()));
        }
        for (JsonNode image : kustomization.path("images")) {
            resources.forEach(resource -> retag(resource, image));
        }
        return resources;
    }

    private static void retag(JsonNode resource, JsonNode image) {
        for (String pod : List.of("/spec", "/spec/template/spec")) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode container : resource.at(pod).path(list)) {
                    String current = container.path("image").asText();
                    String name = current.contains("@")
                            ? current.substring(0, current.indexOf('@'))
                            : current.lastIndexOf(':') > current.lastIndexOf('/')
                                    ? current.substring(0, current.lastIndexOf(':'))
                                    : current;
                    if (name.equals(image.path("name").asText())) {
                        String newName = image.path("newName").asText(name);
                        String newTag = image.has("newTag")
                                ? image.path("newTag").asText()
                                : current.substring(name.length() + 1);
                        ((ObjectNode) container).put("image", newName + ":" + newTag);
                    }
                }
            }
        }
    }

    /** kubectl's own kustomize, when kubectl is on the PATH; null otherwise. */
    static List<JsonNode> kubectl(Path directory) {
        Path kubectl = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                kubectl = candidate;
                break;
            }
        }
        if (kubectl == null) {
            return null;
        }
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed");
            }
            return Yaml.documents(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package com.uberpopug.ates.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service as helm/ates deploys it, rendered by Helm itself (helm-java, no cluster): its image, its environment
 * (the ConfigMap and the Secret references), and its pod's and container's security context and volumes, turned
 * into the {@code docker run} options that mean the same.
 */
record ChartService(String name, String image, Map<String, String> environment, List<String> runOptions) {

    static final String RELEASE = "ates";
    /** helm template's own default is older than the chart's kubeVersion allows; this is what CI's kind runs. */
    static final String KUBE_VERSION = "v1.33.0";

    /**
     * Renders the chart with {@code values} (--set) and reads the service's Deployment and ConfigMap; values of
     * Secret references come from {@code secrets}, keyed "secret/key".
     */
    static ChartService render(Path chart, String name, Map<String, String> values, Map<String, String> secrets) {
        TemplateCommand template = new Helm(chart)
                .template()
                .withName(RELEASE)
                .withNamespace(RELEASE)
                .withKubeVersion(KUBE_VERSION);
        for (var value : values.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        String manifests = template.call();
        String fullname = RELEASE + "-" + name;
        JsonNode deployment = null;
        JsonNode configMap = null;
        for (JsonNode document : documents(manifests)) {
            String kind = document.path("kind").asText();
            String metadataName = document.path("metadata").path("name").asText();
            if (metadataName.equals(fullname) && kind.equals("Deployment")) {
                deployment = document;
            } else if (metadataName.equals(fullname) && kind.equals("ConfigMap")) {
                configMap = document;
            }
        }
        if (deployment == null || configMap == null) {
            throw new IllegalStateException("the chart renders no Deployment and ConfigMap " + fullname);
        }
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        Map<String, String> environment = new LinkedHashMap<>();
        configMap
                .path("data")
                .properties()
                .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
        for (JsonNode env : container.path("env")) {
            String value;
            if (env.has("value")) {
                value = env.get("value").asText();
            } else {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                String key = ref.path("name").asText() + "/" + ref.path("key").asText();
                value = secrets.get(key);
                if (value == null) {
                    throw new IllegalStateException(fullname + " reads "
                            + env.get("name").asText() + " from Secret " + key + ", which this test does not provide");
                }
            }
            environment.put(env.get("name").asText(), value);
        }
        if (container.has("envFrom") && container.get("envFrom").size() != 1) {
            throw new IllegalStateException(fullname + " takes its environment from more than its ConfigMap");
        }
        return new ChartService(
                name, container.path("image").asText(), environment, runOptions(fullname, pod, container));
    }

    /** The pod's and container's security settings and volumes as docker run options. */
    private static List<String> runOptions(String fullname, JsonNode pod, JsonNode container) {
        JsonNode podSecurity = pod.path("securityContext");
        JsonNode security = container.path("securityContext");
        List<String> options = new ArrayList<>();
        JsonNode user = security.has("runAsUser") ? security.get("runAsUser") : podSecurity.get("runAsUser");
        JsonNode group = security.has("runAsGroup") ? security.get("runAsGroup") : podSecurity.get("runAsGroup");
        if (user == null) {
            throw new IllegalStateException(fullname + " names no runAsUser: the image's own user would run it");
        }
        if ((podSecurity.path("runAsNonRoot").asBoolean()
                        || security.path("runAsNonRoot").asBoolean())
                && user.asLong() == 0) {
            throw new IllegalStateException(fullname + " asks runAsNonRoot with runAsUser 0");
        }
        options.add("--user=" + user.asText() + (group == null ? "" : ":" + group.asText()));
        if (security.path("readOnlyRootFilesystem").asBoolean()) {
            options.add("--read-only");
        }
        for (JsonNode capability : security.path("capabilities").path("drop")) {
            options.add("--cap-drop=" + capability.asText());
        }
        for (JsonNode capability : security.path("capabilities").path("add")) {
            options.add("--cap-add=" + capability.asText());
        }
        if (security.has("allowPrivilegeEscalation")
                && !security.get("allowPrivilegeEscalation").asBoolean()) {
            options.add("--security-opt=no-new-privileges");
        }
        // Docker's default seccomp profile is what RuntimeDefault means; anything else this test cannot mirror
        String seccomp = security.has("seccompProfile")
                ? security.path("seccompProfile").path("type").asText()
                : podSecurity.path("seccompProfile").path("type").asText("RuntimeDefault");
        if (!seccomp.equals("RuntimeDefault")) {
            throw new IllegalStateException(fullname + " asks seccomp profile " + seccomp);
        }
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        for (JsonNode volume : pod.path("volumes")) {
            volumes.put(volume.path("name").asText(), volume);
        }
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            if (volume == null || !volume.has("emptyDir")) {
                throw new IllegalStateException(fullname + " mounts " + mount + ", which is no emptyDir: "
                        + "this test runs only what it can mirror");
            }
            // an emptyDir is writable by the pod's user and empty at start: a tmpfs, as Kubernetes' medium Memory
            options.add("--tmpfs=" + mount.path("mountPath").asText() + ":rw,mode=1777");
        }
        return List.copyOf(options);
    }

    private static List<JsonNode> documents(String yaml) {
        YAMLMapper mapper = new YAMLMapper();
        try (MappingIterator<JsonNode> iterator =
                mapper.readerFor(JsonNode.class).readValues(mapper.getFactory().createParser(yaml))) {
            List<JsonNode> documents = new ArrayList<>();
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

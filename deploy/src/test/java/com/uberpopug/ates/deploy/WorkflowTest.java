package com.uberpopug.ates.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The GitHub workflows: valid for GitHub Actions, actions pinned, and building the images the chart and the manifests name. */
class WorkflowTest {

    private static final Pattern PINNED = Pattern.compile("^[A-Za-z0-9-]+/[A-Za-z0-9._/-]+@v\\d+\\.\\d+\\.\\d+$");
    private static final Pattern SCRIPT = Pattern.compile("(?<![\\w./-])((?:deploy|\\.ci)/[\\w./-]+)");

    static List<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(Repository.WORKFLOWS)) {
            return files.filter(
                            f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    static JsonNode ci() {
        return Yaml.document(Repository.read(Repository.WORKFLOWS.resolve("ci.yml")));
    }

    @Test
    void everyWorkflowIsValidForGitHubActions() throws IOException {
        assertThat(workflows()).isNotEmpty();
        for (Path workflow : workflows()) {
            JsonNode document = Yaml.document(Repository.read(workflow));
            assertThat(JsonSchemas.problems(JsonSchemas.workflow(), document))
                    .as(workflow.getFileName().toString())
                    .isEmpty();
            assertThat(document.path("jobs")).as("jobs").isNotEmpty();
            document.path("jobs").properties().forEach(job -> {
                assertThat(job.getValue().path("runs-on").asText())
                        .as(job.getKey() + " runs-on")
                        .matches("ubuntu-\\d+\\.\\d+");
                assertThat(job.getValue().path("timeout-minutes").asInt())
                        .as(job.getKey() + " timeout-minutes")
                        .isPositive();
                for (JsonNode need : job.getValue().path("needs")) {
                    assertThat(document.path("jobs").has(need.asText()))
                            .as(job.getKey() + " needs " + need.asText())
                            .isTrue();
                }
            });
        }
    }

    @Test
    void everyActionIsPinnedToARelease() throws IOException {
        for (Path workflow : workflows()) {
            for (JsonNode step : steps(Yaml.document(Repository.read(workflow)))) {
                if (step.has("uses")) {
                    assertThat(step.path("uses").asText())
                            .as(workflow.getFileName() + " uses")
                            .matches(PINNED);
                }
            }
        }
    }

    @Test
    void theScriptsTheWorkflowsRunExistAndTheDocsNameThem() throws IOException {
        String operations = Repository.read(Repository.ROOT.resolve("docs/operations.md"));
        for (Path workflow : workflows()) {
            for (JsonNode step : steps(Yaml.document(Repository.read(workflow)))) {
                Matcher scripts = SCRIPT.matcher(step.path("run").asText());
                while (scripts.find()) {
                    String script = scripts.group(1);
                    if (script.endsWith(".tar") || script.startsWith("deploy/keycloak-provider")) {
                        continue;
                    }
                    assertThat(Files.isRegularFile(Repository.ROOT.resolve(script)))
                            .as(script + " exists")
                            .isTrue();
                    assertThat(operations)
                            .as("docs/operations.md names " + script)
                            .contains(script);
                }
            }
        }
        String runs = String.join(
                "\n", steps(ci()).stream().map(s -> s.path("run").asText()).toList());
        assertThat(runs)
                .contains(
                        "bash .ci/run",
                        "deploy/kind-up.sh",
                        "deploy/smoke.sh",
                        "-Pnative",
                        "-Dquarkus.native.container-build=true",
                        "-Dquarkus.container-image.build=true",
                        "-Dquarkus.container-image.push=");
        assertThat(Repository.read(Repository.ROOT.resolve(".ci/run"))).contains("./mvnw verify");
    }

    @Test
    void ciBuildsTheImagesTheChartAndTheManifestsName() {
        JsonNode ci = ci();
        List<String> matrix = new ArrayList<>();
        ci.at("/jobs/native/strategy/matrix/service").forEach(service -> matrix.add(service.asText()));
        assertThat(matrix).containsExactly(Repository.SERVICES);
        assertThat(ci.at("/env/MANDREL_BUILDER_IMAGE").asText())
                .startsWith("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-");

        JsonNode values = Yaml.document(Repository.read(Repository.CHART.resolve("values.yaml")));
        String registry = values.at("/image/registry").asText();
        String owner = values.at("/image/owner").asText();
        JsonNode chartYaml = Yaml.document(Repository.read(Repository.CHART.resolve("Chart.yaml")));
        assertThat(chartYaml.path("appVersion").asText())
                .as("Chart.yaml appVersion is the Maven version")
                .isEqualTo(Repository.version("project"));

        List<JsonNode> rendered = HelmChartTest.render("default");
        List<String> prodImages = new ArrayList<>();
        Yaml.document(Repository.read(Repository.K8S.resolve("overlays/prod/kustomization.yaml")))
                .path("images")
                .forEach(image -> prodImages.add(image.path("name").asText()));
        for (String service : Repository.SERVICES) {
            var properties = Repository.serviceProperties(service);
            String image = "ates-" + service;
            assertThat(properties.getProperty("quarkus.container-image.name"))
                    .as(service)
                    .isEqualTo(image);
            assertThat(properties.getProperty("quarkus.container-image.registry"))
                    .as(service)
                    .isEqualTo("${ATES_IMAGE_REGISTRY:" + registry + "}");
            assertThat(properties.getProperty("quarkus.container-image.group"))
                    .as(service)
                    .isEqualTo("${ATES_IMAGE_GROUP:" + owner + "}");
            assertThat(properties.getProperty("quarkus.container-image.build", "false"))
                    .as("never built by default")
                    .isEqualTo("false");
            assertThat(properties.getProperty("quarkus.container-image.push", "false"))
                    .as("never pushed by default")
                    .isEqualTo("false");
            String expected = registry + "/" + owner + "/" + image;
            assertThat(HelmChartTest.find(rendered, "Deployment", "ates-" + service)
                            .at("/spec/template/spec/containers/0/image")
                            .asText())
                    .isEqualTo(expected + ":" + Repository.version("project"));
            assertThat(prodImages).contains(expected);
        }
        String provider = values.at("/keycloak/provider/image/name").asText();
        assertThat(Repository.read(Repository.WORKFLOWS.resolve("ci.yml")))
                .contains("/" + provider + "\"", "ATES_IMAGE_GROUP=${GITHUB_REPOSITORY_OWNER,,}");
        assertThat(values.at("/debezium/image/tag").asText())
                .as("Debezium Server image = debezium.version")
                .isEqualTo(Repository.version("debezium"));
        assertThat(Repository.read(Repository.ROOT.resolve("deploy/kind-up.sh")))
                .contains("prop cloudnative-pg.version", "prop strimzi.version", "prop keycloak.version");
    }

    private static List<JsonNode> steps(JsonNode workflow) {
        List<JsonNode> steps = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
        return steps;
    }
}

package com.uberpopug.ates.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KustomizeTest {

    static Stream<String> overlays() {
        return Stream.of("base", "overlays/dev", "overlays/prod");
    }

    static List<JsonNode> render(String overlay) {
        return Kustomize.render(Repository.K8S.resolve(overlay));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyManifestMatchesTheKubernetesApi(String overlay) {
        List<JsonNode> manifests = render(overlay);
        assertThat(manifests).isNotEmpty();
        List<String> problems = new ArrayList<>();
        manifests.forEach(manifest -> problems.addAll(KubernetesSchema.problems(manifest)));
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rendersAsKubectlKustomizeDoes(String overlay) {
        Path directory = Repository.K8S.resolve(overlay);
        List<JsonNode> real = Kustomize.kubectl(directory);
        assumeThat(real)
                .as("kubectl is not installed: only the built-in rendering is checked")
                .isNotNull();
        assertThat(canonical(render(overlay))).isEqualTo(canonical(real));
    }

    @Test
    void overlaysPutEverythingInTheirNamespace() {
        assertThat(render("overlays/dev"))
                .allSatisfy(
                        m -> assertThat(m.at("/metadata/namespace").asText()).isEqualTo("ates-dev"));
        assertThat(render("overlays/prod"))
                .allSatisfy(
                        m -> assertThat(m.at("/metadata/namespace").asText()).isEqualTo("ates"));
    }

    /** The prod overlay's patches bring the base to what the chart renders for the same settings. */
    @Test
    void prodOverlayConfiguresTheServicesAsTheChartDoes() {
        List<JsonNode> kustomized = render("overlays/prod");
        List<JsonNode> charted = Chart.ates().render(Repository.K8S.resolve("values/prod.yaml"));
        for (String service : Repository.SERVICES) {
            String name = "ates-" + service;
            assertThat(HelmChartTest.find(kustomized, "ConfigMap", name).path("data"))
                    .as(name)
                    .isEqualTo(HelmChartTest.find(charted, "ConfigMap", name).path("data"));
            JsonNode kustomizedDeployment = HelmChartTest.find(kustomized, "Deployment", name);
            JsonNode chartedDeployment = HelmChartTest.find(charted, "Deployment", name);
            assertThat(kustomizedDeployment.at("/spec/replicas"))
                    .as(name)
                    .isEqualTo(chartedDeployment.at("/spec/replicas"));
            assertThat(kustomizedDeployment.at("/spec/template/spec/containers"))
                    .as(name)
                    .isEqualTo(chartedDeployment.at("/spec/template/spec/containers"));
        }
        for (String database : List.of("tasks", "billing", "keycloak")) {
            String name = "ates-debezium-" + database;
            assertThat(HelmChartTest.find(kustomized, "Deployment", name).at("/spec/template/spec/containers"))
                    .as(name)
                    .isEqualTo(HelmChartTest.find(charted, "Deployment", name).at("/spec/template/spec/containers"));
        }
        assertThat(HelmChartTest.find(kustomized, "KeycloakRealmImport", "ates-realm")
                        .at("/spec/realm")
                        .has("users"))
                .isFalse();
    }

    @Test
    void devOverlayImportsTheSeededUsers() {
        JsonNode realm = HelmChartTest.find(render("overlays/dev"), "KeycloakRealmImport", "ates-realm")
                .at("/spec/realm");
        assertThat(realm.path("users")).hasSizeGreaterThanOrEqualTo(8);
    }

    private static Set<String> canonical(List<JsonNode> manifests) {
        Set<String> canonical = new TreeSet<>();
        manifests.forEach(manifest -> canonical.add(Yaml.json(manifest)));
        return canonical;
    }
}

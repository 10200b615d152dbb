package com.uberpopug.ates.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Files that are copies or renderings of another, checked to be up to date: the realm the chart imports is the keycloak
 * module's, and k8s/ holds the chart rendered for kubectl -k. With -Dates.deploy.sync=true they are written instead.
 */
class GeneratedFilesTest {

    static final Path REALM_SOURCE = Repository.ROOT.resolve("keycloak/src/main/resources/realm/ates-realm.json");
    static final Path REALM_COPY = Repository.CHART.resolve("files/realm/ates-realm.json");

    static final Set<String> OPERATOR_KINDS =
            Set.of("Cluster", "Kafka", "KafkaNodePool", "KafkaTopic", "Keycloak", "KeycloakRealmImport");
    static final Set<String> PROD_KINDS = Set.of("HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress");

    @Test
    void theChartImportsTheKeycloakModulesRealm() {
        upToDate(REALM_COPY, Repository.read(REALM_SOURCE));
    }

    @Test
    void kustomizeBaseIsTheChartsServicesAndDebeziumServers() {
        upToDate(Repository.K8S.resolve("base/ates.yaml"), generated("base", kind -> !OPERATOR_KINDS.contains(kind)));
    }

    @Test
    void devOverlayBringsTheOperatorsResourcesWithSeededUsers() {
        upToDate(Repository.K8S.resolve("overlays/dev/operators.yaml"), generated("dev", OPERATOR_KINDS::contains));
    }

    @Test
    void prodOverlayBringsTheOperatorsResourcesScalingAndIngress() {
        upToDate(
                Repository.K8S.resolve("overlays/prod/generated.yaml"),
                generated("prod", kind -> OPERATOR_KINDS.contains(kind) || PROD_KINDS.contains(kind)));
    }

    /** The chart rendered with k8s/values/NAME.yaml, the kinds chosen, Helm's own labels left out. */
    static String generated(String values, java.util.function.Predicate<String> kinds) {
        if (Repository.SYNC) {
            upToDate(REALM_COPY, Repository.read(REALM_SOURCE));
        }
        List<JsonNode> manifests = Chart.ates().render(Repository.K8S.resolve("values/" + values + ".yaml")).stream()
                .filter(manifest -> kinds.test(manifest.path("kind").asText()))
                .peek(GeneratedFilesTest::withoutHelmLabels)
                .toList();
        return "# Generated from helm/ates with k8s/values/" + values
                + ".yaml (release ates); do not edit. Change the chart or\n"
                + "# the values, then: ./mvnw -B -pl deploy verify -Dates.deploy.sync=true -Dtest=GeneratedFilesTest\n"
                + Yaml.write(manifests);
    }

    private static void withoutHelmLabels(JsonNode manifest) {
        for (String path : List.of("/metadata/labels", "/spec/template/metadata/labels")) {
            if (manifest.at(path) instanceof ObjectNode labels) {
                labels.remove("helm.sh/chart");
                labels.remove("app.kubernetes.io/managed-by");
            }
        }
    }

    static void upToDate(Path file, String expected) {
        if (Repository.SYNC) {
            Repository.write(file, expected);
        }
        assertThat(Files.exists(file))
                .as("%s is missing; %s", Repository.ROOT.relativize(file), Repository.SYNC_HINT)
                .isTrue();
        assertThat(Repository.read(file))
                .as("%s is out of date; %s", Repository.ROOT.relativize(file), Repository.SYNC_HINT)
                .isEqualTo(expected);
    }
}

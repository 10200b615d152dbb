package com.uberpopug.ates.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HelmChartTest {

    private final Chart chart = Chart.ates();

    /** Every values file the chart is meant to take, by name; null is the chart's defaults. */
    static Stream<String> valuesSets() {
        return Stream.of("default", "operators", "production", "external", "kind");
    }

    static Path valuesFile(String name) {
        return switch (name) {
            case "default" -> null;
            case "kind" -> Repository.ROOT.resolve("deploy/kind-values.yaml");
            default -> Chart.values(name);
        };
    }

    static List<JsonNode> render(String valuesSet) {
        Path values = valuesFile(valuesSet);
        return values == null ? Chart.ates().render() : Chart.ates().render(values);
    }

    @Test
    void lintsWithoutWarnings() {
        var result = chart.lint();
        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages())
                .allSatisfy(message -> assertThat(message).doesNotContain("[WARNING]", "[ERROR]"));
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyRenderedManifestMatchesTheKubernetesApi(String valuesSet) {
        List<JsonNode> manifests = render(valuesSet);
        assertThat(manifests).isNotEmpty();
        List<String> problems = new ArrayList<>();
        manifests.forEach(manifest -> problems.addAll(KubernetesSchema.problems(manifest)));
        assertThat(problems).as("values %s", valuesSet).isEmpty();
        Set<String> ids = new TreeSet<>();
        manifests.forEach(manifest -> assertThat(ids.add(Yaml.id(manifest)))
                .as("%s twice", Yaml.id(manifest))
                .isTrue());
    }

    @Test
    void operatorValuesCreateKafkaPostgresqlAndKeycloakThroughTheirOperators() {
        Map<String, Long> kinds = countKinds(render("operators"));
        assertThat(kinds)
                .containsEntry("Cluster", 4L)
                .containsEntry("Kafka", 1L)
                .containsEntry("KafkaNodePool", 1L)
                .containsEntry("Keycloak", 1L)
                .containsEntry("KeycloakRealmImport", 1L)
                // five topics, their dead-letter topics, and Debezium's offsets of three databases
                .containsEntry("KafkaTopic", 13L);
        assertThat(countKinds(render("default"))).doesNotContainKeys("Cluster", "Kafka", "Keycloak", "KafkaTopic");
    }

    @Test
    void aMistypedKeyFailsTheInstall(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "billing:\n  replicaz: 3\n");
        assertThatThrownBy(() -> chart.render(typo)).hasMessageContaining("replicaz");

        Path wrongType = dir.resolve("wrong-type.yaml");
        Files.writeString(wrongType, "tasks:\n  replicas: two\n");
        assertThatThrownBy(() -> chart.render(wrongType)).hasMessageContaining("/tasks/replicas");

        Path unknownSection = dir.resolve("unknown-section.yaml");
        Files.writeString(unknownSection, "kafak:\n  bootstrapServers: kafka:9092\n");
        assertThatThrownBy(() -> chart.render(unknownSection)).hasMessageContaining("kafak");
    }

    @Test
    void servicesRunNonRootOnAReadOnlyFilesystemWithHealthProbes() {
        for (JsonNode deployment : ofKind(render("default"), "Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean())
                    .as(Yaml.id(deployment))
                    .isTrue();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                    .as(Yaml.id(deployment))
                    .isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true))
                    .isFalse();
            assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        }
    }

    @Test
    void eachServiceHasItsServiceAutoscalerBudgetAndNetworkPolicy() {
        List<JsonNode> manifests = render("default");
        for (String service : Repository.SERVICES) {
            String name = "ates-" + service;
            assertThat(find(manifests, "Service", name).at("/spec/ports/0/port").asInt())
                    .isEqualTo(8080);
            assertThat(find(manifests, "ServiceAccount", name)).isNotNull();
            assertThat(find(manifests, "PodDisruptionBudget", name)).isNotNull();
            assertThat(find(manifests, "NetworkPolicy", name)
                            .at("/spec/policyTypes")
                            .toString())
                    .contains("Ingress", "Egress");
            JsonNode config = find(manifests, "ConfigMap", name).path("data");
            assertThat(config.path("QUARKUS_HTTP_PORT").asText()).isEqualTo("8080");
            assertThat(config.path("QUARKUS_DATASOURCE_JDBC_URL").asText())
                    .isEqualTo("jdbc:postgresql://ates-" + service + "-db-rw:5432/" + service);
            assertThat(config.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("ates-kafka-bootstrap:9092");
            assertThat(config.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText())
                    .isEqualTo("http://ates-keycloak-service:8080/realms/ates");
            assertThat(envNames(find(manifests, "Deployment", name)))
                    .contains(
                            "QUARKUS_DATASOURCE_USERNAME",
                            "QUARKUS_DATASOURCE_PASSWORD",
                            "QUARKUS_OIDC_CREDENTIALS_SECRET");
        }
        assertThat(find(manifests, "HorizontalPodAutoscaler", "ates-billing")
                        .at("/spec/minReplicas")
                        .asInt())
                .isGreaterThan(1);
        assertThat(find(manifests, "ConfigMap", "ates-billing")
                        .path("data")
                        .path("ATES_BILLING_ZONE")
                        .asText())
                .isEqualTo("UTC");
    }

    @Test
    void servicesLogJsonAndExportSpansOverOtlpOnlyWhenAnEndpointIsGiven() {
        List<JsonNode> defaults = render("default");
        String endpoint = "http://otel-collector.monitoring:4317";
        List<JsonNode> exporting = Yaml.documents(chart.template(List.of(), Map.of("tracing.otlp.endpoint", endpoint)));
        for (String service : Repository.SERVICES) {
            String name = "ates-" + service;
            JsonNode quiet = find(defaults, "ConfigMap", name).path("data");
            assertThat(quiet.path("QUARKUS_LOG_CONSOLE_JSON_ENABLED").asText()).isEqualTo("true");
            assertThat(quiet.has("ATES_TRACING_EXPORTER")).as(name).isFalse();
            assertThat(quiet.has("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"))
                    .as(name)
                    .isFalse();
            assertThat(egressPorts(find(defaults, "NetworkPolicy", name))).doesNotContain(4317);

            JsonNode config = find(exporting, "ConfigMap", name).path("data");
            assertThat(config.path("QUARKUS_LOG_CONSOLE_JSON_ENABLED").asText()).isEqualTo("true");
            assertThat(config.path("ATES_TRACING_EXPORTER").asText()).isEqualTo("otlp");
            assertThat(config.path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText())
                    .isEqualTo(endpoint);
            // the default network policy would otherwise drop every export
            assertThat(egressPorts(find(exporting, "NetworkPolicy", name))).contains(4317);
        }
        assertThat(egressPorts(find(exporting, "NetworkPolicy", "ates-debezium-tasks")))
                .doesNotContain(4317);
    }

    @Test
    void anOtlpEndpointThatIsNotAUrlFailsTheInstall(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("otlp.yaml");
        Files.writeString(values, "tracing:\n  otlp:\n    endpoint: otel-collector:4317\n");
        assertThatThrownBy(() -> chart.render(values)).hasMessageContaining("/tracing/otlp/endpoint");
    }

    private static List<Integer> egressPorts(JsonNode policy) {
        List<Integer> ports = new ArrayList<>();
        policy.at("/spec/egress")
                .forEach(rule ->
                        rule.path("ports").forEach(p -> ports.add(p.path("port").asInt())));
        return ports;
    }

    @Test
    void publicIssuerAndMailComeFromProductionValues() {
        List<JsonNode> manifests = render("production");
        JsonNode billing = find(manifests, "ConfigMap", "ates-billing").path("data");
        assertThat(billing.path("QUARKUS_OIDC_TOKEN_ISSUER").asText())
                .isEqualTo("https://sso.ates.example/realms/ates");
        assertThat(billing.path("QUARKUS_MAILER_HOST").asText()).isEqualTo("smtp.uberpopug.example");
        assertThat(billing.has("QUARKUS_MAILER_MOCK")).isFalse();
        assertThat(envNames(find(manifests, "Deployment", "ates-billing")))
                .contains("QUARKUS_MAILER_USERNAME", "QUARKUS_MAILER_PASSWORD");
        assertThat(find(manifests, "Ingress", "ates")
                        .at("/spec/tls/0/secretName")
                        .asText())
                .isEqualTo("ates-tls");
        assertThat(find(manifests, "Keycloak", "ates-keycloak")
                        .at("/spec/hostname/hostname")
                        .asText())
                .isEqualTo("https://sso.ates.example");
    }

    @Test
    void oneDebeziumServerPerProducingDatabaseRunsTheSharedConfigurationAlone() {
        List<JsonNode> manifests = render("default");
        String shared = Repository.read(Repository.CHART.resolve("files/debezium/application.properties"));
        assertThat(find(manifests, "ConfigMap", "ates-debezium")
                        .at("/data/application.properties")
                        .asText())
                .isEqualTo(shared);
        for (String database : List.of("tasks", "billing", "keycloak")) {
            JsonNode deployment = find(manifests, "Deployment", "ates-debezium-" + database);
            assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            assertThat(container.path("image").asText())
                    .isEqualTo("quay.io/debezium/server:" + Repository.version("debezium"));
            assertThat(container.at("/volumeMounts/0/mountPath").asText())
                    .isEqualTo("/debezium/config/application.properties");
            assertThat(env(container, "ATES_DB_NAME")).isEqualTo(database);
            assertThat(env(container, "ATES_DEBEZIUM_OFFSET_STORAGE"))
                    .isEqualTo("org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
            assertThat(env(container, "ATES_DEBEZIUM_HTTP_PORT")).isEqualTo("8080");
        }
        assertThat(shared)
                .contains("${ATES_DEBEZIUM_OFFSET_STORAGE:org.apache.kafka.connect.storage.FileOffsetBackingStore}");
    }

    @Test
    void theRealmCarriesSeededUsersOnlyWhenAskedAndNeverTheDevClientSecret() {
        JsonNode production =
                find(render("production"), "KeycloakRealmImport", "ates-realm").at("/spec/realm");
        assertThat(production.has("users")).isFalse();
        JsonNode kind = find(render("kind"), "KeycloakRealmImport", "ates-realm");
        assertThat(kind.at("/spec/realm/users")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(kind.at("/spec/placeholders/ATES_WEB_CLIENT_SECRET/secret/name")
                        .asText())
                .isEqualTo("ates-oidc");
        for (JsonNode realm : List.of(production, kind.at("/spec/realm"))) {
            JsonNode web = client(realm, "ates-web");
            assertThat(web.path("secret").asText()).isEqualTo("${ATES_WEB_CLIENT_SECRET}");
        }
        assertThat(client(production, "ates-web").path("redirectUris").toString())
                .contains(
                        "https://tasks.ates.example/*",
                        "https://billing.ates.example/*",
                        "https://analytics.ates.example/*");
        JsonNode external = find(render("external"), "ConfigMap", "ates-realm");
        assertThat(external.at("/data/ates-realm.json").asText())
                .contains("\"realm\":\"ates\"")
                .doesNotContain("\"users\"");
    }

    @Test
    void theKeycloakProviderIsInstalledByAnInitContainer() {
        JsonNode keycloak = find(render("operators"), "Keycloak", "ates-keycloak");
        JsonNode pod = keycloak.at("/spec/unsupported/podTemplate/spec");
        assertThat(pod.at("/initContainers/0/image").asText())
                .isEqualTo("ghcr.io/uberpopug/ates-keycloak-provider:" + Repository.version("project"));
        assertThat(pod.at("/initContainers/0/volumeMounts/0/mountPath").asText())
                .isEqualTo("/opt/keycloak/providers");
        assertThat(pod.at("/containers/0/volumeMounts/0/mountPath").asText()).isEqualTo("/opt/keycloak/providers");
    }

    @Test
    void consumerGroupOffsetsOutliveAnyOutage() {
        // the event topics keep their whole history: a group whose offsets expired would read it all again, and the
        // inbox remembers processed ids for 30 days only
        JsonNode kafka = find(render("operators"), "Kafka", "ates");
        assertThat(kafka.at("/spec/kafka/config/offsets.retention.minutes").asLong())
                .isGreaterThanOrEqualTo(525_600L);
    }

    @Test
    void keycloakChecksAPooledConnectionBeforeUsingIt() {
        // without it, Keycloak fails logins on connections a database restart closed, until each has failed once
        JsonNode keycloak = find(render("operators"), "Keycloak", "ates-keycloak");
        JsonNode env = keycloak.at("/spec/unsupported/podTemplate/spec/containers/0/env");
        assertThat(env.toString())
                .contains("{\"name\":\"QUARKUS_DATASOURCE_JDBC_VALIDATE_ON_BORROW\",\"value\":\"true\"}");
    }

    @Test
    void notesTellHowToLogIn() {
        String defaults = chart.installOutput();
        assertThat(defaults)
                .contains(
                        "Log in",
                        "port-forward svc/ates-tasks 8081:8080",
                        "The realm has no users",
                        "payout e-mails are only logged",
                        "billing_day");
        String kind = chart.installOutput(Repository.ROOT.resolve("deploy/kind-values.yaml"));
        assertThat(kind).contains("popug1/popug1", "ates-keycloak-initial-admin");
        assertThat(chart.installOutput(Chart.values("production"))).contains("https://tasks.ates.example/");
    }

    static Map<String, Long> countKinds(List<JsonNode> manifests) {
        return manifests.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        m -> m.path("kind").asText(), java.util.stream.Collectors.counting()));
    }

    static List<JsonNode> ofKind(List<JsonNode> manifests, String kind) {
        return manifests.stream()
                .filter(m -> m.path("kind").asText().equals(kind))
                .toList();
    }

    static JsonNode find(List<JsonNode> manifests, String kind, String name) {
        return manifests.stream()
                .filter(m -> m.path("kind").asText().equals(kind)
                        && m.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
    }

    static List<String> envNames(JsonNode deployment) {
        List<String> names = new ArrayList<>();
        deployment
                .at("/spec/template/spec/containers/0/env")
                .forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name);
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }
}

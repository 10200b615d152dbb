package com.uberpopug.ates.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules, as Prometheus itself reads them: the plain rules file and the PrometheusRule hold the
 * same groups, {@code promtool check rules} accepts them, and {@code promtool test rules} runs
 * src/test/resources/alerts/ates-alerts.test.yml, in which every alert fires on series that should trigger it and
 * stays quiet on series that should not. promtool comes with Debian's prometheus package (.ci/run installs it).
 */
class AlertRulesTest {

    static final String RULES_FILE = "ates-alerts.rules.yml";
    static final Path TESTS = Path.of("src/test/resources/alerts/ates-alerts.test.yml");

    private static final Map<String, String> BOTH =
            Map.of("metrics.prometheusRule.enabled", "true", "metrics.rulesConfigMap.enabled", "true");

    @Test
    void theRulesAreOffByDefault() {
        assertThat(Chart.ates().render())
                .noneMatch(m -> m.path("kind").asText().equals("PrometheusRule"))
                .noneMatch(m -> m.path("data").has(RULES_FILE));
    }

    @Test
    void thePrometheusRuleAndThePlainRulesFileHoldTheSameGroups() {
        List<JsonNode> manifests = Yaml.documents(Chart.ates().template(List.of(), BOTH));

        JsonNode rule = only(manifests, "PrometheusRule");
        JsonNode plain = Yaml.document(rulesFile(manifests));

        assertThat(rule.path("metadata").path("name").asText()).isEqualTo("ates");
        assertThat(rule.path("spec")).isEqualTo(plain);
        assertThat(alertNames(plain))
                .containsExactlyInAnyOrder(
                        "AtesRecordsDeadLettered",
                        "AtesConsumerLagHigh",
                        "AtesOutboxBacklogHigh",
                        "AtesBillingDayNotClosed",
                        "AtesLedgerUnbalanced",
                        "AtesServiceDown");
    }

    @Test
    void promtoolAcceptsTheRulesAndEveryAlertFiresOnlyWhenItShould(@TempDir Path dir) throws IOException {
        String rules = rulesFile(Yaml.documents(Chart.ates().template(List.of(), BOTH)));
        Files.writeString(dir.resolve(RULES_FILE), rules);
        Files.copy(TESTS, dir.resolve("ates-alerts.test.yml"));

        Result check = promtool(dir, "check", "rules", RULES_FILE);
        assertThat(check.exit()).as("promtool check rules:%n%s", check.output()).isZero();

        Result test = promtool(dir, "test", "rules", "ates-alerts.test.yml");
        assertThat(test.exit()).as("promtool test rules:%n%s", test.output()).isZero();
    }

    @Test
    void everyAlertHasACaseWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
        Set<String> alerts =
                alertNames(Yaml.document(rulesFile(Yaml.documents(Chart.ates().template(List.of(), BOTH)))));
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode group : Yaml.document(Files.readString(TESTS)).path("tests")) {
            for (JsonNode test : group.path("alert_rule_test")) {
                (test.path("exp_alerts").isEmpty() ? quiet : fires)
                        .add(test.path("alertname").asText());
            }
        }
        assertThat(fires).as("alerts tested firing").isEqualTo(alerts);
        assertThat(quiet).as("alerts tested quiet").isEqualTo(alerts);
    }

    @Test
    void theOperationsGuideExplainsEveryAlert() {
        String guide = Repository.read(Repository.ROOT.resolve("docs/operations.md"));
        Set<String> alerts =
                alertNames(Yaml.document(rulesFile(Yaml.documents(Chart.ates().template(List.of(), BOTH)))));
        assertThat(alerts).allSatisfy(alert -> assertThat(guide).contains("`" + alert + "`"));
    }

    static String rulesFile(List<JsonNode> manifests) {
        List<JsonNode> files = manifests.stream()
                .filter(m -> m.path("kind").asText().equals("ConfigMap"))
                .filter(m -> m.path("data").has(RULES_FILE))
                .toList();
        assertThat(files).as("ConfigMaps with %s", RULES_FILE).hasSize(1);
        return files.get(0).path("data").path(RULES_FILE).asText();
    }

    static JsonNode only(List<JsonNode> manifests, String kind) {
        List<JsonNode> found = manifests.stream()
                .filter(m -> m.path("kind").asText().equals(kind))
                .toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    static Set<String> alertNames(JsonNode rules) {
        Set<String> names = new TreeSet<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    names.add(rule.path("alert").asText());
                }
            }
        }
        return names;
    }

    record Result(int exit, String output) {}

    static Result promtool(Path dir, String... args) throws IOException {
        Path promtool = onPath("promtool");
        if (promtool == null) {
            fail("promtool is not on the PATH: install Debian's prometheus package (apt-get install prometheus;"
                    + " .ci/run does), which ships /usr/bin/promtool");
        }
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("promtool %s did not finish within a minute", String.join(" ", args));
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

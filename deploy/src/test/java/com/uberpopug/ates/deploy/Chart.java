package com.uberpopug.ates.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** helm/ates through Helm's own code (helm-java), with no cluster: lint, template, and the NOTES an install prints. */
final class Chart {

    static final String RELEASE = "ates";
    static final String NAMESPACE = "ates";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) is older; this is what CI's kind runs. */
    static final String KUBE_VERSION = "v1.33.0";

    private final Path chart;

    Chart(Path chart) {
        this.chart = chart;
    }

    static Chart ates() {
        return new Chart(Repository.CHART);
    }

    LintResult lint() {
        return new Helm(chart).lint().strict().call();
    }

    /** The rendered manifests, as helm template prints them. */
    String template(List<Path> valuesFiles, Map<String, String> set) {
        TemplateCommand command = new Helm(chart)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path values : valuesFiles) {
            command = command.withValuesFile(values);
        }
        for (var entry : set.entrySet()) {
            command = command.set(entry.getKey(), entry.getValue());
        }
        return command.call();
    }

    List<JsonNode> render(Path... valuesFiles) {
        return Yaml.documents(template(List.of(valuesFiles), Map.of()));
    }

    /** What helm install prints, NOTES included: a client-only dry run. */
    String installOutput(Path... valuesFiles) {
        InstallCommand command = new Helm(chart)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .dryRun()
                .withDryRunOption(DryRun.CLIENT)
                .clientOnly();
        for (Path values : valuesFiles) {
            command = command.withValuesFile(values);
        }
        return command.call().getOutput();
    }

    static Path values(String name) {
        return Repository.CHART.resolve("ci").resolve(name + "-values.yaml");
    }
}

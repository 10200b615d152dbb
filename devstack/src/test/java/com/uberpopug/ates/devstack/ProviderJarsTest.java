package com.uberpopug.ates.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each Keycloak build has its own cached installation: a checkout that builds other providers gets another folder
 * instead of rebuilding the one a running Keycloak of another checkout uses.
 */
class ProviderJarsTest {

    private static final List<String> OPTIONS = List.of("--db=postgres", "--health-enabled=true");

    @Test
    void otherProvidersOrOtherBuildOptionsGetAnotherInstallation() {
        String one = ProviderJars.installationName("26.5.6", OPTIONS, "aaaa");
        assertThat(one).startsWith("keycloak-26.5.6-").hasSize("keycloak-26.5.6-".length() + 12);
        assertThat(ProviderJars.installationName("26.5.6", OPTIONS, "aaaa")).isEqualTo(one);
        assertThat(ProviderJars.installationName("26.5.6", OPTIONS, "bbbb")).isNotEqualTo(one);
        assertThat(ProviderJars.installationName("26.5.6", List.of("--db=postgres"), "aaaa"))
                .isNotEqualTo(one);
        assertThat(ProviderJars.installationName("26.6.0", OPTIONS, "aaaa")).isNotEqualTo(one);
    }
}

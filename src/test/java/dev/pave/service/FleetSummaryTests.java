package dev.pave.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.ServiceTestFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GetResourcesSummary and ListServiceInstances' deployedTemplateVersionStatus filter as a new minor is published and adopted. */
@QuarkusTest
class FleetSummaryTests {

    @TestHTTPResource("/")
    URL pave;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Test
    void aNewMinorPutsInstancesBehindUntilTheyUpdate() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.helloTemplate("sum-hello", Map.of(), null);
        f.sandbox("sum-env");
        f.cli.proton("create-service", "--name", "sum-svc", "--template-name", "sum-hello", "--template-major-version", "1",
                "--repository-connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc",
                "--repository-id", "acme/sum", "--branch-name", "main", "--spec", """
                        proton: ServiceSpec
                        pipeline:
                          branch: main
                        instances:
                          - name: a
                            environment: sum-env
                          - name: b
                            environment: sum-env
                        """).ok();
        f.awaitService("sum-svc", "ACTIVE");
        assertEquals(List.of("a", "b"), names(f, "UP_TO_DATE"));
        JsonNode before = summary(f);

        f.publish("sum-hello", 1, Map.of(), null);
        assertEquals(List.of("a", "b"), names(f, "BEHIND_MINOR"));
        f.cli.proton("update-service-instance", "--service-name", "sum-svc", "--name", "a", "--deployment-type", "MINOR_VERSION").ok();
        ServiceTestFixtures.awaitJson(() -> f.instance("sum-svc", "a"), i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText()), "a updated");
        assertEquals(List.of("b"), names(f, "BEHIND_MINOR"));
        assertEquals(List.of("a"), names(f, "UP_TO_DATE"));

        JsonNode after = summary(f);
        assertEquals(1, delta(before, after, "serviceInstances", "behindMinor"));
        assertEquals(-1, delta(before, after, "serviceInstances", "upToDate"));
        assertEquals(0, delta(before, after, "serviceInstances", "total"));
        assertEquals(1, delta(before, after, "pipelines", "behindMinor"));
        assertEquals(1, delta(before, after, "services", "behindMinor"));

        JsonNode sorted = f.cli.proton("list-service-instances", "--service-name", "sum-svc", "--sort-by", "name", "--sort-order", "DESCENDING")
                .ok().json().path("serviceInstances");
        assertEquals("b", sorted.get(0).path("name").asText());

        f.cli.proton("delete-service", "--name", "sum-svc").ok();
        ServiceTestFixtures.await(() -> f.cli.proton("get-service", "--name", "sum-svc").exitCode() != 0, "service deleted");
        f.cli.proton("delete-environment", "--name", "sum-env").ok();
    }

    private static List<String> names(ServiceTestFixtures f, String versionStatus) {
        List<String> names = new ArrayList<>();
        f.cli.proton("list-service-instances", "--service-name", "sum-svc", "--filters", "key=deployedTemplateVersionStatus,value=" + versionStatus)
                .ok().json().path("serviceInstances").forEach(i -> names.add(i.path("name").asText()));
        return names;
    }

    private static JsonNode summary(ServiceTestFixtures f) {
        return f.cli.proton("get-resources-summary").ok().json().path("counts");
    }

    private static int delta(JsonNode before, JsonNode after, String kind, String count) {
        return after.path(kind).path(count).asInt() - before.path(kind).path(count).asInt();
    }
}

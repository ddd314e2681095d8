package dev.pave.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.testing.AwsCli;
import dev.pave.testing.MotoServer;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.Tools;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's walkthrough registers AWS's CodeBuild provisioning examples with their own Makefiles:
 * {@code make template bucket=${S3_BUCKET} version=1} in terraform/environment-templates/tf-vpc-ecs-cluster/v1, then
 * in terraform/service-templates/tf-ecs-fargate-lb-service-cicd-gh-actions/v1. Here they run as written, on a copy
 * of a checkout of aws-containers/proton-codebuild-provisioning-examples under PAVE_PROTON_SAMPLES (skipped
 * without one), with the aws CLI's Proton endpoint pointed at Pave and its S3 endpoint at moto.
 */
@QuarkusTest
class SampleMakefilesTests {

    static final String ENVIRONMENT = "terraform/environment-templates/tf-vpc-ecs-cluster/v1";
    static final String SERVICE = "terraform/service-templates/tf-ecs-fargate-lb-service-cicd-gh-actions/v1";

    @TestHTTPResource("/")
    URL pave;

    @Test
    void theWalkthroughsMakeTemplateStepsRegisterAndPublishBothTemplates() throws Exception {
        Optional<Path> examples = checkout();
        assumeTrue(examples.isPresent(), "no checkout of aws-containers/proton-codebuild-provisioning-examples under PAVE_PROTON_SAMPLES");
        Tools.require("make", "install make");
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        MotoServer moto = MotoServer.shared();
        Map<String, String> environment = Map.of("AWS_ENDPOINT_URL_PROTON", pave.toString(), "AWS_ENDPOINT_URL_S3", moto.endpoint(),
                "AWS_ACCESS_KEY_ID", PaveTestResource.ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY", PaveTestResource.ADMIN_SECRET,
                "AWS_DEFAULT_REGION", "us-east-1");
        String bucket = "seed-004-templates";
        cli.run(List.of("aws", "s3", "mb", "s3://" + bucket), environment).ok();

        for (String bundle : List.of(ENVIRONMENT, SERVICE)) {
            Path copy = Files.createTempDirectory("example");
            copyTree(examples.get().resolve(bundle), copy);
            AwsCli.Result made = cli.run(copy, List.of("make", "template", "bucket=" + bucket, "version=1"), environment);
            assertEquals(0, made.exitCode(), bundle + ": " + made.stdout() + made.stderr());
        }
        JsonNode env = cli.proton("get-environment-template-version", "--template-name", "tf-vpc-ecs-cluster", "--major-version", "1",
                "--minor-version", "0").ok().json().path("environmentTemplateVersion");
        assertEquals("PUBLISHED", env.path("status").asText(), env.toString());
        JsonNode service = cli.proton("get-service-template-version", "--template-name", "tf-ecs-fargate-lb-service-cicd-gh-actions",
                "--major-version", "1", "--minor-version", "0").ok().json().path("serviceTemplateVersion");
        assertEquals("PUBLISHED", service.path("status").asText(), service.toString());
        assertEquals("tf-vpc-ecs-cluster", service.path("compatibleEnvironmentTemplates").get(0).path("templateName").asText());
    }

    private static Optional<Path> checkout() throws IOException {
        String root = System.getProperty("pave.proton.samples", System.getenv("PAVE_PROTON_SAMPLES"));
        if (root == null || !Files.isDirectory(Path.of(root))) {
            return Optional.empty();
        }
        try (Stream<Path> found = Files.walk(Path.of(root), 4)) {
            return found.filter(p -> Files.isDirectory(p.resolve(ENVIRONMENT)) && Files.isDirectory(p.resolve(SERVICE))).findFirst();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

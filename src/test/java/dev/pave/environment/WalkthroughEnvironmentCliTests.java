package dev.pave.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.provision.StackNames;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough's environment steps (shared/seeds/001) with the real aws CLI and CloudFormation on moto_server:
 * create-environment dev and prod, wait environment-deployed, read the outputs — which must be the stacks' real
 * outputs. moto lacks Fn::Cidr, so the template is the walkthrough's with its subnets derived from the VPC CIDR by Jinja;
 * its {@code ProtonEnvironmentName} parameter, which has no default, is as written: Pave passes it. The CLI steps are
 * verbatim.
 */
@QuarkusTest
class WalkthroughEnvironmentCliTests {

    @TestHTTPResource("/")
    URI pave;

    @Test
    void devAndProdDeployAsStacksAndReportTheirRealOutputs() {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String template = "ecs-shared-env-" + suffix;
        String bucket = "my-proton-templates-" + suffix;

        TestBundles seed = TestBundles.fromResources("bundles/seed/ecs-shared-env");
        String cfn = seed.text("infrastructure/cloudformation.yaml");
        for (int i = 0; i < 4; i++) {
            cfn = cfn.replace("!Select [" + i + ", !Cidr [!GetAtt VPC.CidrBlock, 6, 8]]",
                    "\"{{ environment.inputs.vpc_cidr | replace('0.0/16', '" + (i + 1) + ".0/24') }}\"");
        }
        Path zip = TestBundles.write(cli.home().resolve("ecs-env-bundle.zip"), seed.with("infrastructure/cloudformation.yaml", cfn).zip());
        Map<String, String> motoCredentials = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");
        cli.run(List.of("aws", "--endpoint-url", moto, "s3", "mb", "s3://" + bucket), motoCredentials).ok();
        cli.run(List.of("aws", "--endpoint-url", moto, "s3", "cp", zip.toString(), "s3://" + bucket + "/ecs-env/v1.0/bundle.zip"), motoCredentials).ok();

        cli.proton("create-environment-template", "--name", template, "--display-name", "Shared ECS Environment",
                "--description", "VPC + ECS cluster + shared IAM roles for microservices").ok();
        cli.proton("create-environment-template-version", "--template-name", template,
                "--source", "s3={bucket=" + bucket + ",key=ecs-env/v1.0/bundle.zip}", "--major-version", "1").ok();
        cli.proton("update-environment-template-version", "--template-name", template, "--major-version", "1", "--minor-version", "0",
                "--status", "PUBLISHED").ok();

        Map<String, String> specs = Map.of(
                "dev-" + suffix, "{\n\"proton\": \"EnvironmentSpec\",\n\"spec\": {\n\"vpc_cidr\": \"10.10.0.0/16\",\n\"container_insights\": false,\n"
                        + "\"log_retention_days\": 7,\n\"nat_gateway_count\": 1\n}\n}",
                "prod-" + suffix, "{\n\"proton\": \"EnvironmentSpec\",\n\"spec\": {\n\"vpc_cidr\": \"10.20.0.0/16\",\n\"container_insights\": true,\n"
                        + "\"log_retention_days\": 90,\n\"nat_gateway_count\": 2\n}\n}");
        for (Map.Entry<String, String> env : new TreeMap<>(specs).entrySet()) {
            cli.proton("create-environment", "--name", env.getKey(), "--template-name", template, "--template-major-version", "1",
                    "--template-minor-version", "0", "--spec", env.getValue(),
                    "--proton-service-role-arn", "arn:aws:iam::123456789012:role/ProtonServiceRole").ok();
        }
        for (String env : new TreeMap<>(specs).keySet()) {
            cli.proton("get-environment", "--name", env, "--query", "environment.deploymentStatus").ok();
            AwsCli.Result waited = cli.proton("wait", "environment-deployed", "--name", env);
            JsonNode environment = cli.proton("get-environment", "--name", env).ok().json().get("environment");
            assertEquals(0, waited.exitCode(), environment.toString() + waited.stderr());
            assertEquals("SUCCEEDED", environment.get("deploymentStatus").asText());

            JsonNode stack = cli.run(List.of("aws", "--endpoint-url", moto, "--output", "json", "cloudformation", "describe-stacks",
                    "--stack-name", StackNames.environment(env)), motoCredentials).ok().json().get("Stacks").get(0);
            Map<String, String> stackOutputs = new TreeMap<>();
            stack.get("Outputs").forEach(o -> stackOutputs.put(o.get("OutputKey").asText(), o.get("OutputValue").asText()));
            Map<String, String> paveOutputs = new TreeMap<>();
            cli.proton("list-environment-outputs", "--environment-name", env).ok().json().get("outputs")
                    .forEach(o -> paveOutputs.put(o.get("key").asText(), o.get("valueString").asText()));
            assertEquals(stackOutputs, paveOutputs, "the environment's outputs are its stack's");
            assertTrue(paveOutputs.get("VpcId").startsWith("vpc-"), paveOutputs.toString());
            assertTrue(paveOutputs.get("ECSClusterArn").endsWith("/" + env + "-cluster"), "the cluster is named by the parameter: " + paveOutputs);
            assertEquals("/proton/" + env + "/services", paveOutputs.get("SharedLogGroupName"));
            assertEquals(env, stack.get("Parameters").get(0).get("ParameterValue").asText(), stack.get("Parameters").toString());
            assertEquals(6, paveOutputs.size(), paveOutputs.toString());
        }
    }
}
